import type { FundingLevel } from '../../funding/domain/funding-programmes.events';
import type { MeasureType } from '../../goals/domain/goals.events';
import type { SponsorType } from '../../measures/domain/measures.events';
import type { MeasureDoc } from '../../../projections/measures/measures.projection';

/**
 * IATI 2.03 code lists as this export uses them, and the mapping of the ledger's values onto them
 * (DOMAIN.md, "Mapping to the IATI standard for exports").
 */

export const IATI_VERSION = '2.03';

/** ActivityStatus: 1 pipeline/identification, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended. */
export const ACTIVITY_STATUS: Record<MeasureDoc['status'], number> = {
  planned: 1,
  approved: 1,
  running: 2,
  // IATI has 6 "suspended", but the brief maps a suspended measure to implementation: it is still under way.
  suspended: 2,
  completed: 3,
  cancelled: 5,
};

/** ActivityDateType. */
export const ACTIVITY_DATE = { PLANNED_START: 1, ACTUAL_START: 2, PLANNED_END: 3, ACTUAL_END: 4 } as const;

/** OrganisationRole. */
export const ORG_ROLE = { FUNDING: 1, ACCOUNTABLE: 2, EXTENDING: 3, IMPLEMENTING: 4 } as const;

/** OrganisationType: 10 government, 15 other public sector, 22 national NGO, 40 multilateral, 60 foundation, 70 private sector, 90 other. */
export const ORG_TYPE_GOVERNMENT = 10;

/** The funder's organisation type by the programme's level: the EU is multilateral, Bund, Land and Kommune are government. */
export const FUNDER_ORG_TYPE: Record<FundingLevel, number> = {
  EU: 40,
  FEDERAL: 10,
  STATE: 10,
  MUNICIPAL: 10,
};

/** German name of the level, for narratives. */
export const FUNDING_LEVEL_DE: Record<FundingLevel, string> = {
  EU: 'EU',
  FEDERAL: 'Bund',
  STATE: 'Land',
  MUNICIPAL: 'Kommune',
};

/** The sponsor's (Projektträger) organisation type by its legal form. */
export const SPONSOR_ORG_TYPE: Record<SponsorType, number> = {
  ASSOCIATION: 22,
  CHARITABLE_COMPANY: 22,
  CHURCH_BODY: 22,
  FOUNDATION: 60,
  COMPANY: 70,
  COOPERATIVE: 70,
  PUBLIC_BODY: 15,
  OTHER_ORGANISATION: 90,
};

/** TransactionType (2.03 names), the codes a grant's transactions use. */
export const TRANSACTION_TYPE = {
  OUTGOING_COMMITMENT: { code: 2, name: 'Outgoing Commitment' },
  DISBURSEMENT: { code: 3, name: 'Disbursement' },
  EXPENDITURE: { code: 4, name: 'Expenditure' },
} as const;

/** BudgetType and BudgetStatus. */
export const BUDGET_TYPE = { ORIGINAL: 1, REVISED: 2 } as const;
export const BUDGET_STATUS_COMMITTED = 2;

/** ResultType. */
export const RESULT_TYPE = { OUTPUT: 1, OUTCOME: 2 } as const;

/** IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative. */
export const INDICATOR_MEASURE: Record<MeasureType, number> = { UNIT: 1, PERCENTAGE: 2, QUALITATIVE: 5 };

/** SectorVocabulary and IndicatorVocabulary 99: the reporting organisation's own codes. */
export const REPORTING_ORG_VOCABULARY = 99;

/** ISO 3166-1 alpha-2 of the recipient country. */
export const RECIPIENT_COUNTRY = 'DE';
export const CURRENCY = 'EUR';
