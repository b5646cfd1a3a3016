import { defineRules } from '../../core/domain-rules';

/** Rules about bodies and their decisions (see core/domain-rules.ts), also where other records cite them. */
export const BODY_RULES = defineRules({
  BODY_EXISTS: { en: 'The body is already established', de: 'Das Gremium ist bereits eingerichtet' },
  BODY_UNKNOWN: { en: 'The body does not exist', de: 'Das Gremium existiert nicht' },
  BODY_OF_OTHER_DISTRICT: { en: 'The body (or its decision) belongs to another district', de: 'Das Gremium (oder sein Beschluss) gehört zu einem anderen Stadtteil' },
  BODY_NOT_EXISTING_ON_DATE: { en: 'The body did not exist on that date', de: 'Das Gremium bestand an diesem Datum nicht' },
  BODY_DECISION_NOT_RECORDED: { en: 'The cited decision was not recorded by any body', de: 'Der zitierte Beschluss ist bei keinem Gremium erfasst' },
  BODY_DATE_IN_FUTURE: { en: 'An establishment, meeting or dissolution cannot be dated in the future', de: 'Einrichtung, Sitzung oder Auflösung kann nicht in der Zukunft datiert sein' },
  BODY_DISSOLVED: { en: 'The body is dissolved: no more meetings, no second dissolution', de: 'Das Gremium ist aufgelöst: keine weiteren Sitzungen, keine erneute Auflösung' },
  BODY_BEFORE_ESTABLISHED: { en: "A meeting or dissolution cannot predate the body's establishment", de: 'Sitzung oder Auflösung kann nicht vor der Einrichtung des Gremiums liegen' },
  BODY_DISSOLVED_BEFORE_LAST_MEETING: { en: 'A body cannot be dissolved before its last recorded meeting', de: 'Ein Gremium kann nicht vor seiner letzten erfassten Sitzung aufgelöst werden' },
  BODY_MEETING_DUPLICATE: { en: 'The meeting is already recorded', de: 'Die Sitzung ist bereits erfasst' },
  BODY_DECISION_DUPLICATE: { en: 'A decision id is used twice within the body', de: 'Eine Beschlusskennung ist im Gremium doppelt vergeben' },
  BODY_VOTES_ABOVE_ATTENDANCE: { en: 'A decision counts more votes than members attended', de: 'Ein Beschluss zählt mehr Stimmen als Mitglieder anwesend waren' },
  BODY_CONFLICTS_ABOVE_ATTENDANCE: { en: 'More conflicts of interest are declared than members attended', de: 'Mehr Befangenheiten erklärt als Mitglieder anwesend waren' },
});

declare module '../../core/domain-rules' {
  interface DomainRuleCatalogues {
    bodies: typeof BODY_RULES;
  }
}
