import type { JsonValue, RecordedEvent } from '../../src/event-store/event-store.port';
import type { AuditedEvent } from './audit-summaries';

/** Where an entry's effective date comes from, in order of precedence. */
export enum EffectiveDateSource {
  /** `options.effectiveAt` of the command (metadata.effectiveAt). */
  OPTION = 'OPTION',
  /** The event's own business date (paid on, approved on, held on, …). */
  BUSINESS_DATE = 'BUSINESS_DATE',
  /** Neither was there: the day the event was recorded (UTC). */
  RECORDED = 'RECORDED',
}

/** Bounds the recursion of DatePath: event data nest two levels deep at most (e.g. a designation resolution). */
type Depth = [never, 0, 1, 2];

/**
 * The dotted paths to the text fields of an event's data, through nested objects (not arrays). The business-date
 * map below is checked against it, so renaming or removing a date field fails to compile.
 */
type DatePath<T, D extends number = 3> = [D] extends [never]
  ? never
  : {
      [K in keyof T & string]-?: NonNullable<T[K]> extends string
        ? K
        : NonNullable<T[K]> extends readonly unknown[]
          ? never
          : NonNullable<T[K]> extends object
            ? `${K}.${DatePath<NonNullable<T[K]>, Depth[D]>}`
            : never;
    }[keyof T & string];

type DataOf<T extends AuditedEvent['type']> = Extract<AuditedEvent, { type: T }>['data'];

/**
 * The field that holds each event's business date, or null when the event has none (it took effect when it was
 * recorded, unless the command said otherwise). Every event type must be listed, so a new one needs a decision.
 * Planned dates, deadlines (`dueOn`, `neededBy`) and the measured dates inside reviews are not when the event took
 * effect and are left out.
 */
export const BUSINESS_DATE_FIELDS: { readonly [T in AuditedEvent['type']]: DatePath<DataOf<T>> | null } = {
  // Districts
  DistrictRegistered: 'designation.date',
  DistrictProfileUpdated: null,
  ConceptVersionAdopted: 'adoptedOn',
  SwotAnalysisRecorded: 'conductedOn',
  ActionFieldPlanRecorded: null,
  ContextIndicatorValueRecorded: 'referenceDate',
  ContextIndicatorValueCorrected: 'referenceDate',
  DistrictProgrammeClosed: 'closedOn',
  // Bodies
  BodyEstablished: 'establishedOn',
  MeetingRecorded: 'heldOn',
  BodyDissolved: 'dissolvedOn',
  // Goals
  GoalDefined: null,
  GoalRevised: null,
  GoalIndicatorAdded: null,
  GoalIndicatorRetired: null,
  GoalReviewRecorded: 'reviewedOn',
  GoalMarkedAchieved: null,
  GoalAbandoned: null,
  // Measures
  MeasurePlanned: null,
  MeasureApproved: 'approvedOn',
  MeasureStarted: 'actualStartDate',
  MeasureProgressReported: 'reportedOn',
  MeasureSuspended: null,
  MeasureResumed: null,
  MeasureCompleted: 'actualEndDate',
  MeasureCancelled: null,
  MeasureEvaluated: 'evaluatedOn',
  GrantLinkedToMeasure: null,
  MeasureCodeReserved: null,
  MeasureCodeReleased: null,
  // Grants
  GrantApplicationSubmitted: null,
  GrantApplicationSupplemented: null,
  GrantApplicationWithdrawn: null,
  EarlyStartPermitted: 'permittedFrom',
  GrantApproved: 'approvedOn',
  GrantApplicationRejected: 'rejectedOn',
  GrantAmended: 'amendedOn',
  GrantRevoked: 'revokedOn',
  GrantFundsDisbursed: 'paidOn',
  ExpenditureRecorded: 'date',
  ProofOfUseSubmitted: null,
  ProofOfUseQueried: null,
  ProofOfUseAccepted: null,
  RepaymentDemanded: null,
  RepaymentReceived: 'receivedOn',
  RepaymentWrittenOff: null,
  GrantClosed: null,
  MeasureStartConfirmed: 'startDate',
  // The withdrawal takes effect when recorded; its startDate names the start that did not happen.
  MeasureStartConfirmationWithdrawn: null,
  // Receipts and catalogues
  ReceiptShareReserved: null,
  ReceiptShareReleased: null,
  FundingProgrammeAdded: null,
  FundingProgrammeUpdated: null,
  ActionFieldAdded: null,
  ActionFieldRenamed: null,
  // API keys take effect when recorded.
  ApiKeyIssued: null,
  ApiKeyRevoked: null,
  // So do changes of webhook endpoints.
  WebhookRegistered: null,
  WebhookUpdated: null,
  WebhookDisabled: null,
  WebhookEnabled: null,
  WebhookRemoved: null,
  WebhookSecretRotated: null,
  WebhookRedeliveryRequested: null,
};

const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

function valueAt(data: JsonValue, path: string): JsonValue | undefined {
  let value: JsonValue | undefined = data;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = value[part];
  }
  return value;
}

function businessDateOf(event: RecordedEvent): string | null {
  const path: string | null | undefined = BUSINESS_DATE_FIELDS[event.type as AuditedEvent['type']];
  if (!path) return null;
  const value = valueAt(event.data, path);
  // An event of an older shape without the field falls back to the recorded date rather than failing.
  return typeof value === 'string' && ISO_DATE_PREFIX.test(value) ? value.slice(0, 10) : null;
}

/**
 * The date (YYYY-MM-DD) the event took effect in the business sense, for "what was in force on D": the command's
 * effectiveAt, else the event's own business date, else the day it was recorded.
 */
export function effectiveDateOf(event: RecordedEvent): { date: string; source: EffectiveDateSource } {
  const { effectiveAt, recordedAt } = event.metadata;
  if (effectiveAt) return { date: effectiveAt.slice(0, 10), source: EffectiveDateSource.OPTION };
  const businessDate = businessDateOf(event);
  if (businessDate) return { date: businessDate, source: EffectiveDateSource.BUSINESS_DATE };
  return { date: recordedAt.slice(0, 10), source: EffectiveDateSource.RECORDED };
}
