import { defineRules } from '../../core/domain-rules';

/** Rules about districts (see core/domain-rules.ts). DISTRICT_NOT_REGISTERED and DISTRICT_CLOSED hold for every record of a district. */
export const DISTRICT_RULES = defineRules({
  DISTRICT_EXISTS: { en: 'The district is already registered', de: 'Der Stadtteil ist bereits registriert' },
  DISTRICT_NOT_REGISTERED: { en: 'The district named is not registered', de: 'Der genannte Stadtteil ist nicht registriert' },
  DISTRICT_CLOSED: { en: "The district's programme is closed: its record takes no new entries", de: 'Das Programm des Stadtteils ist abgeschlossen: keine neuen Einträge' },
  DISTRICT_END_BEFORE_START: { en: 'The expected end date lies before the start date', de: 'Das voraussichtliche Ende liegt vor dem Beginn' },
  DISTRICT_DATE_IN_FUTURE: { en: 'An analysis, adoption, value or closure cannot be dated in the future', de: 'Analyse, Beschluss, Wert oder Abschluss kann nicht in der Zukunft datiert sein' },
  DISTRICT_CONCEPT_DECISION_NOT_ADOPTING: { en: 'The cited decision was rejected or deferred, so it adopts no concept', de: 'Der zitierte Beschluss wurde abgelehnt oder vertagt und beschließt kein Konzept' },
  DISTRICT_CONCEPT_BEFORE_DECISION: { en: 'A concept version cannot be adopted before the meeting that decided it', de: 'Eine Konzeptfassung kann nicht vor der beschließenden Sitzung angenommen sein' },
  DISTRICT_CONCEPT_BEFORE_PREVIOUS: { en: 'A new concept version cannot predate the previous one', de: 'Eine neue Konzeptfassung kann nicht vor der vorigen angenommen sein' },
  DISTRICT_CONCEPT_DECISION_USED: { en: 'The decision already adopted another concept version', de: 'Der Beschluss hat bereits eine andere Konzeptfassung angenommen' },
  DISTRICT_INDICATOR_VALUE_EXISTS: { en: 'A value of the context indicator is recorded for that date; send a correction', de: 'Für diesen Stichtag ist bereits ein Wert erfasst; bitte korrigieren' },
  DISTRICT_INDICATOR_VALUE_MISSING: { en: 'No value of the context indicator is recorded for that date: nothing to correct', de: 'Für diesen Stichtag ist kein Wert erfasst: nichts zu korrigieren' },
  DISTRICT_INDICATOR_UNIT_MISMATCH: { en: 'The context indicator is recorded in another unit', de: 'Der Kontextindikator wird in einer anderen Einheit geführt' },
  DISTRICT_INDICATOR_PERCENT_RANGE: { en: 'A share in % lies between 0 and 100', de: 'Ein Anteil in % liegt zwischen 0 und 100' },
  DISTRICT_CLOSE_BEFORE_START: { en: 'The programme cannot close before it began', de: 'Das Programm kann nicht vor seinem Beginn abgeschlossen werden' },
});

declare module '../../core/domain-rules' {
  interface DomainRuleCatalogues {
    districts: typeof DISTRICT_RULES;
  }
}
