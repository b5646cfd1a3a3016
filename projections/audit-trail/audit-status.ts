import type { BodyState } from '../../src/bodies/domain/bodies.decider';
import type { BodyEvent } from '../../src/bodies/domain/bodies.events';
import type { DistrictState } from '../../src/districts/domain/districts.decider';
import type { DistrictEvent } from '../../src/districts/domain/districts.events';
import type { GrantStatus } from '../../src/funding/domain/grants.decider';
import type { GrantEvent } from '../../src/funding/domain/grants.events';
import type { GoalState } from '../../src/goals/domain/goals.decider';
import type { GoalEvent } from '../../src/goals/domain/goals.events';
import type { MeasureStatus } from '../../src/measures/domain/measures.decider';
import type { MeasureEvent } from '../../src/measures/domain/measures.events';
import type { WebhookState } from '../../src/integration/webhooks/domain/webhooks.decider';
import type { WebhookEvent } from '../../src/integration/webhooks/domain/webhooks.events';

/** The statuses an entity can be in once it exists, as its decider names them. */
type StatusesAfter<TEvent extends { type: string }, TStatus extends string> = {
  readonly [T in TEvent['type']]?: TStatus;
};

/**
 * The status each event leaves its entity in, exactly as the deciders' `evolve` sets it; the types tie every value
 * to the decider's own status names, so a renamed status fails to compile. Events missing here keep the status.
 */
export const STATUS_AFTER = {
  ...({
    DistrictRegistered: 'registered',
    DistrictProgrammeClosed: 'closed',
  } satisfies StatusesAfter<DistrictEvent, Exclude<DistrictState['status'], 'unregistered'>>),
  ...({
    BodyEstablished: 'established',
    BodyDissolved: 'dissolved',
  } satisfies StatusesAfter<BodyEvent, Exclude<BodyState['status'], 'none'>>),
  ...({
    GoalDefined: 'active',
    GoalMarkedAchieved: 'achieved',
    GoalAbandoned: 'abandoned',
  } satisfies StatusesAfter<GoalEvent, Exclude<GoalState['status'], 'none'>>),
  ...({
    MeasurePlanned: 'planned',
    MeasureApproved: 'approved',
    MeasureStarted: 'running',
    MeasureSuspended: 'suspended',
    MeasureResumed: 'running',
    MeasureCompleted: 'completed',
    MeasureCancelled: 'cancelled',
  } satisfies StatusesAfter<MeasureEvent, Exclude<MeasureStatus, 'none'>>),
  ...({
    GrantApplicationSubmitted: 'submitted',
    GrantApplicationWithdrawn: 'withdrawn',
    GrantApproved: 'approved',
    GrantApplicationRejected: 'rejected',
    GrantRevoked: 'revoked',
    GrantClosed: 'closed',
  } satisfies StatusesAfter<GrantEvent, GrantStatus>),
  ...({
    WebhookRegistered: 'active',
    WebhookDisabled: 'disabled',
    WebhookEnabled: 'active',
    WebhookRemoved: 'removed',
  } satisfies StatusesAfter<WebhookEvent, Exclude<WebhookState['status'], 'unregistered'>>),
} as const;

/** The status the event leaves its entity in; null when it does not change the status. */
export function statusAfter(eventType: string): string | null {
  return (STATUS_AFTER as Readonly<Record<string, string>>)[eventType] ?? null;
}
