import { defineRules } from '../../core/domain-rules';

/** Rules about goals, their indicators and reviews (see core/domain-rules.ts), also where measures cite goals. */
export const GOAL_RULES = defineRules({
  GOAL_EXISTS: { en: 'The goal is already defined', de: 'Das Ziel ist bereits angelegt' },
  GOAL_UNKNOWN: { en: 'The goal does not exist', de: 'Das Ziel existiert nicht' },
  GOAL_OF_OTHER_DISTRICT: { en: 'The goal belongs to another district', de: 'Das Ziel gehört zu einem anderen Stadtteil' },
  GOAL_ABANDONED: { en: 'The goal was abandoned: nothing contributes to it any more', de: 'Das Ziel wurde aufgegeben: nichts trägt mehr dazu bei' },
  GOAL_CLOSED: { en: 'The goal is achieved or abandoned and can no longer be changed', de: 'Das Ziel ist erreicht oder aufgegeben und nicht mehr änderbar' },
  GOAL_FINAL_REVIEW_DONE: { en: 'The goal had its final review: it can only be marked achieved or abandoned', de: 'Das Ziel ist abschließend bewertet: nur noch als erreicht markieren oder aufgeben' },
  GOAL_CONCEPT_VERSION_UNKNOWN: { en: 'The district has no such concept version', de: 'Der Stadtteil hat keine solche Konzeptfassung' },
  GOAL_CONCEPT_VERSION_NOT_IN_FORCE: { en: 'The concept version was not in force on the review date', de: 'Die Konzeptfassung war am Bewertungsdatum nicht in Kraft' },
  GOAL_INDICATOR_DUPLICATE: { en: 'The goal already has an indicator with this id', de: 'Das Ziel hat bereits einen Indikator mit dieser Kennung' },
  GOAL_INDICATOR_LIMIT: { en: 'The goal already has the most active indicators allowed', de: 'Das Ziel hat bereits die Höchstzahl aktiver Indikatoren' },
  GOAL_INDICATOR_UNKNOWN: { en: 'The goal has no such indicator', de: 'Das Ziel hat keinen solchen Indikator' },
  GOAL_INDICATOR_RETIRED: { en: 'The indicator is retired', de: 'Der Indikator wird nicht mehr gemessen' },
  GOAL_LAST_INDICATOR: { en: 'The last active indicator of a goal cannot be retired', de: 'Der letzte aktive Indikator eines Ziels kann nicht entfallen' },
  GOAL_TARGET_DATE_NOT_AFTER_BASELINE: { en: 'The target date lies after the baseline date', de: 'Das Zieldatum liegt nach dem Datum des Ausgangswerts' },
  GOAL_TARGET_NOT_BEYOND_BASELINE: { en: "The target lies beyond the baseline in the indicator's direction", de: 'Der Zielwert liegt in Richtung des Indikators jenseits des Ausgangswerts' },
  GOAL_REVIEW_UNKNOWN: { en: 'The goal has no such review (or none yet)', de: 'Das Ziel hat keine solche Bewertung (oder noch keine)' },
  GOAL_REVIEW_NOT_LATEST: { en: 'Only the latest review of a goal can be cited', de: 'Nur die jüngste Bewertung eines Ziels kann zitiert werden' },
  GOAL_REVIEW_NOT_ACHIEVED: { en: 'The cited review did not assess the goal as achieved', de: 'Die zitierte Bewertung hat das Ziel nicht als erreicht eingestuft' },
  GOAL_REVIEW_DUPLICATE: { en: 'The review is already recorded', de: 'Die Bewertung ist bereits erfasst' },
  GOAL_REVIEW_OUT_OF_ORDER: { en: 'A review cannot be dated before the previous review', de: 'Eine Bewertung kann nicht vor der vorigen datiert sein' },
  GOAL_REVIEW_PERIOD_END_BEFORE_START: { en: 'The review period ends before it starts', de: 'Der Bewertungszeitraum endet vor seinem Beginn' },
  GOAL_REVIEW_PERIOD_AFTER_REVIEW: { en: 'The review period ends after the review date', de: 'Der Bewertungszeitraum endet nach dem Bewertungsdatum' },
  GOAL_ASSESSMENT_NOT_ALLOWED: { en: 'This kind of review cannot give that assessment', de: 'Diese Art der Bewertung erlaubt diese Einstufung nicht' },
  GOAL_FINAL_REVIEW_INCOMPLETE: { en: 'A final review measures every active indicator', de: 'Eine Abschlussbewertung misst jeden aktiven Indikator' },
  GOAL_MEASURED_AFTER_REVIEW: { en: 'An indicator was measured after the review date', de: 'Ein Indikator wurde nach dem Bewertungsdatum gemessen' },
});

declare module '../../core/domain-rules' {
  interface DomainRuleCatalogues {
    goals: typeof GOAL_RULES;
  }
}
