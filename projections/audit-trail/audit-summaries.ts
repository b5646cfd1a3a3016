import { formatEuros } from '../../src/core/money';
import type { BodyEvent } from '../../src/bodies/domain/bodies.events';
import { BODY_EVENT_TYPES } from '../../src/bodies/domain/bodies.events';
import type { ActionFieldEvent } from '../../src/catalogue/domain/action-fields.events';
import { ACTION_FIELD_EVENT_TYPES } from '../../src/catalogue/domain/action-fields.events';
import type { DistrictEvent } from '../../src/districts/domain/districts.events';
import { DISTRICT_EVENT_TYPES } from '../../src/districts/domain/districts.events';
import type { FundingProgrammeEvent } from '../../src/funding/domain/funding-programmes.events';
import { FUNDING_PROGRAMME_EVENT_TYPES } from '../../src/funding/domain/funding-programmes.events';
import type { GrantEvent, ProofKind } from '../../src/funding/domain/grants.events';
import { GRANT_EVENT_TYPES } from '../../src/funding/domain/grants.events';
import type { ReceiptEvent } from '../../src/funding/domain/receipts.events';
import { RECEIPT_EVENT_TYPES } from '../../src/funding/domain/receipts.events';
import type { GoalEvent } from '../../src/goals/domain/goals.events';
import { GOAL_EVENT_TYPES } from '../../src/goals/domain/goals.events';
import type { MeasureEvent } from '../../src/measures/domain/measures.events';
import { MEASURE_EVENT_TYPES } from '../../src/measures/domain/measures.events';
import { MEASURE_CODE_EVENT_TYPES, type MeasureCodeEvent } from '../../src/measures/domain/measure-code.decider';
import { API_KEY_EVENT_TYPES, type ApiKeyEvent } from '../../src/auth/api-keys/domain/api-keys.events';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEvent,
  type WebhookFilter,
} from '../../src/integration/webhooks/domain/webhooks.events';

/** Every event the service records; the audit trail has one entry for each. */
export type AuditedEvent =
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

export const AUDITED_EVENT_TYPES: readonly AuditedEvent['type'][] = [
  ...DISTRICT_EVENT_TYPES,
  ...BODY_EVENT_TYPES,
  ...GOAL_EVENT_TYPES,
  ...MEASURE_EVENT_TYPES,
  ...MEASURE_CODE_EVENT_TYPES,
  ...GRANT_EVENT_TYPES,
  ...RECEIPT_EVENT_TYPES,
  ...FUNDING_PROGRAMME_EVENT_TYPES,
  ...ACTION_FIELD_EVENT_TYPES,
  ...API_KEY_EVENT_TYPES,
  ...WEBHOOK_EVENT_TYPES,
];

/** `GrantFundsDisbursed` → `grant funds disbursed`: the action as a verb phrase. */
export function actionPhrase(eventType: string): string {
  return eventType
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/** The first characters of an id, enough to tell entries apart in a summary. */
export const shortId = (id: string): string => (id.length > 8 ? `${id.slice(0, 4)}…` : id);

const proofName = (kind: ProofKind, budgetYear: number | null) =>
  kind === 'INTERIM' ? `interim proof of use${budgetYear === null ? '' : ` ${budgetYear}`}` : 'final proof of use';

/** `AT_RISK` → `at risk`. */
const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');

const listOf = (keys: readonly string[]) => (keys.length === 0 ? 'nothing' : keys.join(', '));

/** Which events a webhook endpoint receives, in words. */
function filterText({ types, categories, districtId }: WebhookFilter): string {
  const parts = [
    types ? `types ${listOf(types)}` : null,
    categories ? `categories ${listOf(categories)}` : null,
    districtId ? `district ${districtId}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? 'every event' : parts.join('; ');
}

/** A specific one-line English summary of an event (entityId: the id part of its stream). */
export function summarise(event: AuditedEvent, entityId: string): string {
  const id = shortId(entityId);
  switch (event.type) {
    // Districts
    case 'DistrictRegistered':
      return `District "${event.data.name}" (${event.data.municipality}) registered under ${listOf(event.data.programmes)}`;
    case 'DistrictProfileUpdated':
      return `District ${id} profile updated: ${listOf(Object.keys(event.data.changes))}`;
    case 'ConceptVersionAdopted':
      return `Concept version ${event.data.version} "${event.data.title}" adopted on ${event.data.adoptedOn} (decision ${event.data.decisionRef})`;
    case 'SwotAnalysisRecorded':
      return `SWOT analysis ${event.data.analysisNumber} of ${event.data.conductedOn} recorded with ${event.data.items.length} items`;
    case 'ActionFieldPlanRecorded':
      return `Plan for action field ${event.data.actionFieldId} recorded (revision ${event.data.revision})`;
    case 'ContextIndicatorValueRecorded':
      return `Context indicator ${event.data.indicatorKey} as of ${event.data.referenceDate}: ${event.data.value} ${event.data.unit}`;
    case 'ContextIndicatorValueCorrected':
      return `Context indicator ${event.data.indicatorKey} as of ${event.data.referenceDate} corrected: ${event.data.previousValue} → ${event.data.value}`;
    case 'DistrictProgrammeClosed':
      return `District programme closed on ${event.data.closedOn}: ${event.data.reason}`;
    // Bodies
    case 'BodyEstablished':
      return `Body "${event.data.name}" (${words(event.data.kind)}) established on ${event.data.establishedOn}`;
    case 'MeetingRecorded':
      return `Meeting ${event.data.meetingId} of ${event.data.heldOn} recorded: ${event.data.attendance} attending, ${event.data.decisions.length} decisions`;
    case 'BodyDissolved':
      return `Body ${id} dissolved on ${event.data.dissolvedOn}: ${event.data.reason}`;
    // Goals
    case 'GoalDefined':
      return `Goal "${event.data.title}" defined with ${event.data.indicators.length} indicators`;
    case 'GoalRevised':
      return `Goal ${id} revised: ${listOf(Object.keys(event.data.changes))}`;
    case 'GoalIndicatorAdded':
      return `Indicator ${event.data.indicator.code} "${event.data.indicator.name}" added to goal ${id}`;
    case 'GoalIndicatorRetired':
      return `Indicator ${event.data.indicatorId} of goal ${id} retired`;
    case 'GoalReviewRecorded':
      return `Review of ${event.data.reviewedOn} for goal ${id}: ${words(event.data.assessment)} (${event.data.measurements.length} measurements)`;
    case 'GoalMarkedAchieved':
      return `Goal ${id} marked achieved (review ${event.data.reviewId})`;
    case 'GoalAbandoned':
      return `Goal ${id} abandoned`;
    // Measures
    case 'MeasurePlanned':
      return `Measure ${event.data.code} "${event.data.title}" planned in ${event.data.actionFieldIds.length} action fields${event.data.integrated ? ' (integrated)' : ''}`;
    case 'MeasureApproved':
      return `Measure ${id} approved on ${event.data.approvedOn}`;
    case 'MeasureStarted':
      return `Measure ${id} started on ${event.data.actualStartDate}`;
    case 'MeasureProgressReported': {
      const parts = [
        event.data.progressPercent === null ? null : `${event.data.previousProgressPercent}% → ${event.data.progressPercent}%`,
        event.data.milestone ? `milestone "${event.data.milestone.title}" reached` : null,
        event.data.outputs ? `outputs ${listOf(Object.keys(event.data.outputs))}` : null,
      ].filter((part): part is string => part !== null);
      return `Measure ${id} progress of ${event.data.reportedOn}: ${listOf(parts)}`;
    }
    case 'MeasureSuspended':
      return `Measure ${id} suspended: ${event.data.reason}`;
    case 'MeasureResumed':
      return `Measure ${id} resumed`;
    case 'MeasureCompleted':
      return `Measure ${id} completed on ${event.data.actualEndDate}`;
    case 'MeasureCancelled':
      return `Measure ${id} cancelled (was ${event.data.previousStatus}): ${event.data.reason}`;
    case 'MeasureEvaluated':
      return `Measure ${id} evaluated on ${event.data.evaluatedOn}: ${words(event.data.rating)}`;
    case 'GrantLinkedToMeasure':
      return `Grant ${shortId(event.data.grantId)} linked to measure ${id}`;
    // Grants
    case 'GrantApplicationSubmitted':
      return `Grant ${id} applied for: ${formatEuros(event.data.requestedAmount)} from ${event.data.programmeId} (${event.data.programmeLevel}, ${event.data.fund})`;
    case 'GrantApplicationSupplemented':
      return `Grant ${id} application supplemented: ${listOf(Object.keys(event.data.changes))}`;
    case 'GrantApplicationWithdrawn':
      return `Grant ${id} application withdrawn: ${event.data.reason}`;
    case 'EarlyStartPermitted':
      return `Grant ${id}: early start permitted from ${event.data.permittedFrom}`;
    case 'GrantApproved':
      return `Grant ${id} approved: ${formatEuros(event.data.maximumAmount)} (ref. ${event.data.referenceNumber})`;
    case 'GrantApplicationRejected':
      return `Grant ${id} application rejected on ${event.data.rejectedOn}: ${event.data.reason}`;
    case 'GrantAmended': {
      const { changes, previous } = event.data;
      const maximum =
        changes.maximumAmount === undefined
          ? ''
          : `: maximum ${previous.maximumAmount === undefined ? '?' : formatEuros(previous.maximumAmount)} → ${formatEuros(changes.maximumAmount)}`;
      return `Grant ${id} amended to version ${event.data.version} on ${event.data.amendedOn}${maximum}`;
    }
    case 'GrantRevoked':
      return `Grant ${id} revoked on ${event.data.revokedOn}: ${event.data.reason}`;
    case 'GrantFundsDisbursed':
      return `Grant ${id}: ${formatEuros(event.data.amount)} disbursed on ${event.data.paidOn}`;
    case 'ExpenditureRecorded':
      return `Grant ${id}: expenditure of ${formatEuros(event.data.amount)} to ${event.data.payee} on ${event.data.date} (receipt ${event.data.receiptReference})`;
    case 'ProofOfUseSubmitted':
      return `Grant ${id}: ${proofName(event.data.kind, event.data.budgetYear)} submitted, stating ${formatEuros(event.data.statementTotal)}`;
    case 'ProofOfUseQueried':
      return `Grant ${id}: ${proofName(event.data.kind, event.data.budgetYear)} queried (${event.data.questions.length} questions)`;
    case 'ProofOfUseAccepted':
      return `Grant ${id}: ${proofName(event.data.kind, event.data.budgetYear)} accepted`;
    case 'RepaymentDemanded':
      return `Grant ${id}: repayment of ${formatEuros(event.data.amount)}${event.data.interest > 0 ? ` plus ${formatEuros(event.data.interest)} interest` : ''} demanded, due ${event.data.dueOn}`;
    case 'RepaymentReceived':
      return `Grant ${id}: repayment of ${formatEuros(event.data.amount)} received on ${event.data.receivedOn}`;
    case 'RepaymentWrittenOff':
      return `Grant ${id}: ${formatEuros(event.data.amount)} of a repayment written off`;
    case 'GrantClosed':
      return `Grant ${id} closed`;
    case 'MeasureStartConfirmed':
      return `Grant ${id} confirmed the start of measure ${shortId(event.data.measureId)} on ${event.data.startDate} (${words(event.data.basis)})`;
    case 'MeasureStartConfirmationWithdrawn':
      return `Grant ${id} withdrew its confirmation of the start of measure ${shortId(event.data.measureId)}: ${event.data.reason}`;
    // Measure codes (reservations that keep codes unique)
    case 'MeasureCodeReserved':
      return `Measure code ${event.data.code} reserved for measure ${shortId(event.data.measureId)}`;
    case 'MeasureCodeReleased':
      return `Measure code ${event.data.code} released by measure ${shortId(event.data.measureId)} (its plan was refused)`;
    // Receipts
    case 'ReceiptShareReserved':
      return `Receipt ${event.data.receiptReference}: ${formatEuros(event.data.amount)} declared to grant ${shortId(event.data.grantId)} (${formatEuros(event.data.declaredAfter)} of ${formatEuros(event.data.receiptTotal)} declared)`;
    case 'ReceiptShareReleased':
      return `Receipt ${id}: ${formatEuros(event.data.amount)} released from grant ${shortId(event.data.grantId)}: ${event.data.reason}`;
    // Catalogues
    case 'FundingProgrammeAdded':
      return `Funding programme ${event.data.programmeId} "${event.data.name}" added (${event.data.level}, ${event.data.fund})`;
    case 'FundingProgrammeUpdated':
      return `Funding programme ${event.data.programmeId} updated: ${listOf(Object.keys(event.data.changes))}`;
    case 'ActionFieldAdded':
      return `Action field ${event.data.number} "${event.data.name}" added`;
    case 'ActionFieldRenamed':
      return `Action field ${event.data.actionFieldId} renamed: "${event.data.previousName}" → "${event.data.name}"`;
    // API keys
    case 'ApiKeyIssued': {
      const scope = event.data.districts === null ? 'all districts' : `${event.data.districts.length} districts`;
      const until = event.data.expiresOn === null ? 'until revoked' : `until ${event.data.expiresOn}`;
      return `API key ${id} "${event.data.name}" issued for role ${event.data.role}, ${scope}, ${until}`;
    }
    case 'ApiKeyRevoked':
      return `API key ${id} revoked: ${event.data.reason}`;
    // Webhook endpoints (their signing secrets are never in events; secret ids are)
    case 'WebhookRegistered':
      return `Webhook ${id} registered by ${event.data.ownerId}: ${event.data.url} receives ${filterText(event.data.filter)}`;
    case 'WebhookUpdated': {
      const { url, filter } = event.data.changes;
      const details = [url === undefined ? null : `now ${url}`, filter === undefined ? null : `receives ${filterText(filter)}`];
      const shown = details.filter((detail): detail is string => detail !== null);
      return `Webhook ${id} updated: ${listOf(Object.keys(event.data.changes))}${shown.length ? ` (${shown.join(', ')})` : ''}`;
    }
    case 'WebhookDisabled':
      return `Webhook ${id} disabled (${words(event.data.cause)}): ${event.data.reason}`;
    case 'WebhookEnabled':
      return `Webhook ${id} enabled: delivery resumes where it stopped`;
    case 'WebhookRemoved':
      return `Webhook ${id} removed`;
    case 'WebhookSecretRotated':
      return `Webhook ${id} signing secret rotated; the previous one signs until ${event.data.previousValidUntil}`;
    case 'WebhookRedeliveryRequested':
      return `Webhook ${id} redelivery requested ${event.data.fromCursor === null ? 'from the start of the log' : `after cursor ${event.data.fromCursor}`}`;
  }
}
