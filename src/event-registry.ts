import { API_KEY_EVENTS } from './api-keys/domain/api-keys.registry';
import type { ApiKeyEvent } from './api-keys/domain/api-keys.events';
import { BODY_EVENTS } from './bodies/domain/bodies.registry';
import type { BodyEvent } from './bodies/domain/bodies.events';
import { ACTION_FIELD_EVENTS } from './catalogue/domain/catalogue.registry';
import type { ActionFieldEvent } from './catalogue/domain/action-fields.events';
import { EventRegistry } from './core/event-registry';
import { streamDistrictRules } from './core/district-of';
import { DISTRICT_EVENTS } from './districts/domain/districts.registry';
import type { DistrictEvent } from './districts/domain/districts.events';
import type { RecordedEvent } from './core/envelope';
import { FUNDING_PROGRAMME_EVENTS, GRANT_EVENTS, RECEIPT_EVENTS } from './funding/domain/funding.registry';
import type { FundingProgrammeEvent } from './funding/domain/funding-programmes.events';
import type { GrantEvent } from './funding/domain/grants.events';
import type { ReceiptEvent } from './funding/domain/receipts.events';
import { GOAL_EVENTS } from './goals/domain/goals.registry';
import type { GoalEvent } from './goals/domain/goals.events';
import { WEBHOOK_EVENTS } from './webhooks/domain/webhooks.registry';
import type { WebhookEvent } from './webhooks/domain/webhooks.events';
import type { MeasureCodeEvent } from './measures/domain/measure-code.decider';
import { MEASURE_CODE_EVENTS, MEASURE_EVENTS } from './measures/domain/measures.registry';
import type { MeasureEvent } from './measures/domain/measures.events';

/**
 * The one composition point of the event registry (src/core/event-registry.ts): every context's described events.
 * The feed, subscriptions and webhooks, the audit trail, the exports, the event catalogue and district resolution
 * read this. The order is the event catalogue's (and the integrators' category list's).
 */
export const EVENT_REGISTRY = new EventRegistry([
  DISTRICT_EVENTS,
  BODY_EVENTS,
  GOAL_EVENTS,
  MEASURE_EVENTS,
  MEASURE_CODE_EVENTS,
  GRANT_EVENTS,
  RECEIPT_EVENTS,
  ACTION_FIELD_EVENTS,
  FUNDING_PROGRAMME_EVENTS,
  API_KEY_EVENTS,
  WEBHOOK_EVENTS,
]);

/** Every event the service records (the union of the contexts' event types); the event catalogue reads its data. */
export type LedgerEvent =
  | DistrictEvent
  | BodyEvent
  | GoalEvent
  | MeasureEvent
  | MeasureCodeEvent
  | GrantEvent
  | ReceiptEvent
  | FundingProgrammeEvent
  | ActionFieldEvent
  | ApiKeyEvent
  | WebhookEvent;

/** Every recorded event type; the audit trail has an entry for each. */
export const ALL_EVENT_TYPES = EVENT_REGISTRY.types as readonly LedgerEvent['type'][];

/** Stream category → the event types integrators receive from it (both catalogues share `catalogue`). */
export const EVENT_TYPES_BY_CATEGORY = EVENT_REGISTRY.publicTypesByCategory;
/** What integrators can filter on: the public event types and their categories. */
export const EVENT_CATEGORIES: readonly string[] = [...EVENT_TYPES_BY_CATEGORY.keys()];
export const EVENT_TYPES: readonly string[] = EVENT_REGISTRY.publicEvents.map((e) => e.type);

/** District resolution by the registry's rules (core/district-of.ts). */
export const STREAM_DISTRICTS = streamDistrictRules(EVENT_REGISTRY);
export const {
  districtScopedCategories: DISTRICT_SCOPED_CATEGORIES,
  districtBoundCategories: DISTRICT_BOUND_CATEGORIES,
  districtStreamOf,
  districtOf,
  districtOfCreation,
  districtsOfStream,
} = STREAM_DISTRICTS;

/** The event's effective date and where it came from (the registry names each event's business-date field). */
export const effectiveDateOf = (event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>) =>
  EVENT_REGISTRY.effectiveDateOf(event);
