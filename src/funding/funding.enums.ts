import { registerEnumType } from '@nestjs/graphql';
import type { FundingLevel } from './domain/funding-programmes.events';
import type { FinancingType, MeasureStartBasis, ProofKind } from './domain/grants.events';
import type { GrantStatus } from './domain/grants.decider';

// GraphQL enums of the funding slice, shared by its inputs (src/funding/api) and read models (projections/grants,
// projections/funding-programmes). Each object maps the GraphQL name to the value used in events.

export const FundingLevelEnum = { EU: 'EU', FEDERAL: 'FEDERAL', STATE: 'STATE', MUNICIPAL: 'MUNICIPAL' } as const satisfies Record<
  FundingLevel,
  FundingLevel
>;
registerEnumType(FundingLevelEnum, { name: 'FundingLevel', description: 'Level of a funding programme' });

export const FinancingTypeEnum = {
  SHARE: 'SHARE',
  DEFICIT: 'DEFICIT',
  FIXED_AMOUNT: 'FIXED_AMOUNT',
  FULL: 'FULL',
} as const satisfies Record<FinancingType, FinancingType>;
registerEnumType(FinancingTypeEnum, {
  name: 'FinancingType',
  description: 'Anteil-, Fehlbedarfs-, Festbetrags- oder Vollfinanzierung',
});

export const ProofOfUseKindEnum = { INTERIM: 'INTERIM', FINAL: 'FINAL' } as const satisfies Record<ProofKind, ProofKind>;
registerEnumType(ProofOfUseKindEnum, {
  name: 'ProofOfUseKind',
  description: 'Zwischennachweis (per budget year) or Verwendungsnachweis (final)',
});

export const GrantStatusEnum = {
  SUBMITTED: 'submitted',
  WITHDRAWN: 'withdrawn',
  REJECTED: 'rejected',
  APPROVED: 'approved',
  REVOKED: 'revoked',
  CLOSED: 'closed',
} as const satisfies Record<Uppercase<GrantStatus>, GrantStatus>;
registerEnumType(GrantStatusEnum, { name: 'GrantStatus' });

export const ProofOfUseStatusEnum = { SUBMITTED: 'submitted', QUERIED: 'queried', ACCEPTED: 'accepted' } as const;
registerEnumType(ProofOfUseStatusEnum, { name: 'ProofOfUseStatus' });

export const MeasureStartBasisEnum = { APPROVAL: 'APPROVAL', EARLY_START: 'EARLY_START' } as const satisfies Record<
  MeasureStartBasis,
  MeasureStartBasis
>;
registerEnumType(MeasureStartBasisEnum, {
  name: 'GrantMeasureStartBasis',
  description: 'Whether a measure start rests on the approval or on a permitted early start',
});
