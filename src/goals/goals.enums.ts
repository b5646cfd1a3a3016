import { registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../graphql/enum-of';
import { ASSESSMENTS, DIRECTIONS, MEASURE_TYPES, REVIEW_KINDS } from './domain/goals.events';


export const GoalIndicatorMeasureType = enumOf(MEASURE_TYPES);
export const GoalIndicatorDirection = enumOf(DIRECTIONS);
export const GoalReviewKind = enumOf(REVIEW_KINDS);
export const GoalAssessment = enumOf(ASSESSMENTS);

registerEnumType(GoalIndicatorMeasureType, {
  name: 'GoalIndicatorMeasureType',
  description: 'UNIT: a count or amount; PERCENTAGE: a share 0–100; QUALITATIVE: described in words',
});
registerEnumType(GoalIndicatorDirection, {
  name: 'GoalIndicatorDirection',
  description: 'ASCENDING: more is better; DESCENDING: less is better',
});
registerEnumType(GoalReviewKind, { name: 'GoalReviewKind', description: 'A FINAL review closes reviewing' });
registerEnumType(GoalAssessment, {
  name: 'GoalAssessment',
  description: 'Verdict of a review on the goal; NOT_ACHIEVED only in a FINAL review, ON_TRACK/AT_RISK/OFF_TRACK only in an ONGOING one',
});
