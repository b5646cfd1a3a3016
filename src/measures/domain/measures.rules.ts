import { defineRules } from '../../core/domain-rules';

/** Rules about measures and their codes (see core/domain-rules.ts), also where grant applications cite measures. */
export const MEASURE_RULES = defineRules({
  MEASURE_EXISTS: { en: 'The measure has already been planned', de: 'Die Maßnahme ist bereits geplant' },
  MEASURE_UNKNOWN: { en: 'The measure was never planned', de: 'Die Maßnahme wurde nie geplant' },
  MEASURE_OF_OTHER_DISTRICT: { en: 'The measure belongs to another district', de: 'Die Maßnahme gehört zu einem anderen Stadtteil' },
  MEASURE_CODE_TAKEN: { en: 'Another measure already uses this code', de: 'Das Kürzel ist bereits an eine andere Maßnahme vergeben' },
  MEASURE_WRONG_STATUS: { en: "The measure's status does not allow this step", de: 'Der Status der Maßnahme lässt diesen Schritt nicht zu' },
  MEASURE_FOUR_EYES: { en: 'A measure is approved by someone other than who planned it (four-eyes)', de: 'Eine Maßnahme genehmigt eine andere Person als die planende (Vier-Augen-Prinzip)' },
  MEASURE_GRANT_LINKED_DURING_START: { en: 'A grant was linked while the measure was being started; start it again', de: 'Während des Starts wurde eine Zuwendung verknüpft; bitte erneut starten' },
  MEASURE_END_BEFORE_START: { en: 'The (planned or actual) end date lies before the start date', de: 'Das (geplante oder tatsächliche) Ende liegt vor dem Beginn' },
  MEASURE_ALREADY_EVALUATED: { en: 'The measure has already been evaluated', de: 'Die Maßnahme ist bereits ausgewertet' },
  MEASURE_REPORT_BEFORE_START: { en: 'A progress report or milestone cannot predate the actual start', de: 'Fortschrittsbericht oder Meilenstein kann nicht vor dem tatsächlichen Beginn liegen' },
  MEASURE_MILESTONE_DUPLICATE: { en: 'The milestone has already been reported', de: 'Der Meilenstein ist bereits gemeldet' },
  MEASURE_DECREASE_WITHOUT_REASON: { en: 'A value that goes down is a correction and needs a reason', de: 'Ein sinkender Wert ist eine Korrektur und braucht eine Begründung' },
  MEASURE_OUTPUT_ABOVE_PARTICIPANTS: { en: 'A count of some participants exceeds the number of participants', de: 'Eine Teilzahl übersteigt die Zahl der Teilnehmenden' },
});

declare module '../../core/domain-rules' {
  interface DomainRuleCatalogues {
    measures: typeof MEASURE_RULES;
  }
}
