import { registerEnumType } from '@nestjs/graphql';
import { EVALUATION_RATINGS, RESOURCE_KINDS, SPONSOR_TYPES } from '../domain/measures.events';

/** `{ A: 'A', B: 'B' }` from the domain's list of values, the shape registerEnumType expects. */
const enumOf = <V extends string>(values: readonly V[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in V]: K };

export const MeasureResourceKind = enumOf(RESOURCE_KINDS);
export const MeasureSponsorType = enumOf(SPONSOR_TYPES);
export const MeasureEvaluationRating = enumOf(EVALUATION_RATINGS);
/** GraphQL names the statuses in capitals; their values are the domain's. 'none' never reaches a client. */
export const MeasureStatusEnum = {
  PLANNED: 'planned',
  APPROVED: 'approved',
  RUNNING: 'running',
  SUSPENDED: 'suspended',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
} as const;

registerEnumType(MeasureResourceKind, {
  name: 'MeasureResourceKind',
  description: 'Resources a measure bundles: know-how, organisations, programmes, funds, competences, creativity',
});
registerEnumType(MeasureSponsorType, {
  name: 'MeasureSponsorType',
  description: 'Legal form of the project sponsor (Projektträger): organisations only, never private persons',
});
registerEnumType(MeasureEvaluationRating, { name: 'MeasureEvaluationRating' });
registerEnumType(MeasureStatusEnum, {
  name: 'MeasureStatus',
  description: 'planned → approved → running ⇄ suspended → completed; cancelled at any point before completion',
});
