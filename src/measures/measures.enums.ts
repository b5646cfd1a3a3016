import { registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../graphql/enum-of';
import { EVALUATION_RATINGS, RESOURCE_KINDS, SPONSOR_TYPES } from './domain/measures.events';


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
