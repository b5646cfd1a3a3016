import { defineRules } from '../core/domain-rules';

/** Why the event log cannot be signed (see core/domain-rules.ts): signing never covers a log that fails its checks. */
export const LOG_RULES = defineRules({
  LOG_EMPTY: { en: 'The event log is empty: there is nothing to sign yet', de: 'Das Ereignisprotokoll ist leer: es gibt noch nichts zu signieren' },
  LOG_CHECKPOINT_INVALID: {
    en: 'The latest stored checkpoint does not verify: the log is not signed again',
    de: 'Der letzte gespeicherte Prüfpunkt ist ungültig: das Protokoll wird nicht erneut signiert',
  },
  LOG_TRUNCATED: {
    en: 'The event log ends before the latest checkpoint: events were removed',
    de: 'Das Ereignisprotokoll endet vor dem letzten Prüfpunkt: Ereignisse wurden entfernt',
  },
  LOG_CHAIN_BROKEN: {
    en: 'A stream’s hash chain breaks: the log is not signed',
    de: 'Die Hash-Kette eines Datenstroms ist unterbrochen: das Protokoll wird nicht signiert',
  },
});

declare module '../core/domain-rules' {
  interface DomainRuleCatalogues {
    integrity: typeof LOG_RULES;
  }
}
