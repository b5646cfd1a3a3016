import { BODY_EVENT_TYPES } from '../bodies/domain/bodies.events';
import { bodiesDecider } from '../bodies/domain/bodies.decider';
import { actionFieldsDecider } from '../catalogue/domain/action-fields.decider';
import { ACTION_FIELD_EVENT_TYPES } from '../catalogue/domain/action-fields.events';
import { districtsDecider } from '../districts/domain/districts.decider';
import { DISTRICT_EVENT_TYPES } from '../districts/domain/districts.events';
import { fundingProgrammesDecider } from '../funding/domain/funding-programmes.decider';
import { FUNDING_PROGRAMME_EVENT_TYPES } from '../funding/domain/funding-programmes.events';
import { grantsDecider } from '../funding/domain/grants.decider';
import { GRANT_EVENT_TYPES } from '../funding/domain/grants.events';
import { receiptsDecider } from '../funding/domain/receipts.decider';
import { RECEIPT_EVENT_TYPES } from '../funding/domain/receipts.events';
import { goalsDecider } from '../goals/domain/goals.decider';
import { GOAL_EVENT_TYPES } from '../goals/domain/goals.events';
import { MEASURE_CODE_EVENT_TYPES, measureCodeDecider } from '../measures/domain/measure-code.decider';
import { measuresDecider } from '../measures/domain/measures.decider';
import { MEASURE_EVENT_TYPES } from '../measures/domain/measures.events';

/** Each decider's stream category with the event types it records. */
const RECORDED_EVENT_TYPES: readonly (readonly [category: string, types: readonly string[]])[] = [
  [districtsDecider.category, DISTRICT_EVENT_TYPES],
  [bodiesDecider.category, BODY_EVENT_TYPES],
  [goalsDecider.category, GOAL_EVENT_TYPES],
  [measuresDecider.category, MEASURE_EVENT_TYPES],
  [measureCodeDecider.category, MEASURE_CODE_EVENT_TYPES],
  [grantsDecider.category, GRANT_EVENT_TYPES],
  [receiptsDecider.category, RECEIPT_EVENT_TYPES],
  [actionFieldsDecider.category, ACTION_FIELD_EVENT_TYPES],
  [fundingProgrammesDecider.category, FUNDING_PROGRAMME_EVENT_TYPES],
];

/** Stream category → the event types recorded in it (both catalogues share the category `catalogue`). */
export const EVENT_TYPES_BY_CATEGORY: ReadonlyMap<string, readonly string[]> = RECORDED_EVENT_TYPES.reduce(
  (byCategory, [category, types]) => byCategory.set(category, [...(byCategory.get(category) ?? []), ...types]),
  new Map<string, readonly string[]>(),
);

/** What integrators can filter on. */
export const EVENT_CATEGORIES: readonly string[] = [...EVENT_TYPES_BY_CATEGORY.keys()];
export const EVENT_TYPES: readonly string[] = RECORDED_EVENT_TYPES.flatMap(([, types]) => types);
