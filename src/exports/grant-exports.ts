import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { canonicalJson } from '../core/canonical-json';
import { streamName } from '../core/decider';
import { badInput, notFound } from '../core/domain-error';
import { verifyChain, type ChainBreak } from '../core/hash-chain';
import { EVENT_STORE, type Actor, type EventStore, type RecordedEvent } from '../event-store/event-store.port';
import { grantsDecider } from '../funding/domain/grants.decider';
import type { GrantEvent } from '../funding/domain/grants.events';
import { centsToEuros, type CsvColumn } from './csv';

/** IATI 2.03 TransactionType codes used for a grant (DOMAIN.md, "Mapping to the IATI standard"). */
export const IATI_TRANSACTION_TYPES = {
  OUTGOING_COMMITMENT: { code: 2, name: 'Outgoing Commitment' },
  DISBURSEMENT: { code: 3, name: 'Disbursement' },
  EXPENDITURE: { code: 4, name: 'Expenditure' },
} as const;

export type GrantTransaction = {
  typeCode: number;
  typeName: string;
  /** The business date: approved on, amended on, paid on, expenditure date. */
  date: string;
  /** Euro cents; a commitment by an amendment is the change of the maximum amount (negative for a cut). */
  value: number;
  reference: string;
  description: string;
  receiver: string | null;
  budgetLine: string | null;
  receiptReference: string | null;
  receiptFileHash: string | null;
  /** Approval version the row belongs to or was made under. */
  approvalVersion: number | null;
  /** The maximum amount committed after this row (commitments only). */
  committedTotal: number | null;
  eventId: string;
  recordedAt: string;
};

/**
 * The grant's transactions from its own event log: the approval and every amendment as outgoing commitments,
 * disbursements, expenditures. Read from the events (not a read model) so the file matches the audit file.
 */
export function grantTransactions(events: readonly RecordedEvent[]): GrantTransaction[] {
  const rows: GrantTransaction[] = [];
  let committed = 0;
  let approvalVersion: number | null = null;
  for (const recorded of events) {
    const event = recorded as unknown as GrantEvent & RecordedEvent;
    const common = { eventId: recorded.eventId, recordedAt: recorded.metadata.recordedAt };
    const none = { receiver: null, budgetLine: null, receiptReference: null, receiptFileHash: null };
    switch (event.type) {
      case 'GrantApproved':
        committed = event.data.maximumAmount;
        approvalVersion = event.data.version;
        rows.push({
          ...common,
          ...none,
          typeCode: IATI_TRANSACTION_TYPES.OUTGOING_COMMITMENT.code,
          typeName: IATI_TRANSACTION_TYPES.OUTGOING_COMMITMENT.name,
          date: event.data.approvedOn,
          value: event.data.maximumAmount,
          reference: `${event.data.referenceNumber} v${event.data.version}`,
          description: `Approval by ${event.data.authority}: ${event.data.purpose}`,
          approvalVersion,
          committedTotal: committed,
        });
        break;
      case 'GrantAmended': {
        const next = event.data.changes.maximumAmount ?? committed;
        const change = next - committed;
        committed = next;
        approvalVersion = event.data.version;
        rows.push({
          ...common,
          ...none,
          typeCode: IATI_TRANSACTION_TYPES.OUTGOING_COMMITMENT.code,
          typeName: IATI_TRANSACTION_TYPES.OUTGOING_COMMITMENT.name,
          date: event.data.amendedOn,
          value: change,
          reference: `amendment v${event.data.version}`,
          description: `Amendment: ${event.data.reason}`,
          approvalVersion,
          committedTotal: committed,
        });
        break;
      }
      case 'GrantFundsDisbursed':
        rows.push({
          ...common,
          ...none,
          typeCode: IATI_TRANSACTION_TYPES.DISBURSEMENT.code,
          typeName: IATI_TRANSACTION_TYPES.DISBURSEMENT.name,
          date: event.data.paidOn,
          value: event.data.amount,
          reference: event.data.disbursementId,
          description: `Funds call, needed by ${event.data.neededBy}`,
          approvalVersion,
          committedTotal: null,
        });
        break;
      case 'ExpenditureRecorded':
        rows.push({
          ...common,
          typeCode: IATI_TRANSACTION_TYPES.EXPENDITURE.code,
          typeName: IATI_TRANSACTION_TYPES.EXPENDITURE.name,
          date: event.data.date,
          value: event.data.amount,
          reference: event.data.expenditureId,
          description: event.data.purpose,
          receiver: event.data.payee,
          budgetLine: event.data.budgetLine,
          receiptReference: event.data.receiptReference,
          receiptFileHash: event.data.receiptFileHash,
          approvalVersion,
          committedTotal: null,
        });
        break;
      default:
        break;
    }
  }
  return rows;
}

export const GRANT_TRANSACTION_COLUMNS: readonly CsvColumn<GrantTransaction & { grantId: string }>[] = [
  { header: 'grant_id', value: (t) => t.grantId },
  { header: 'transaction_type_code', value: (t) => t.typeCode },
  { header: 'transaction_type', value: (t) => t.typeName },
  { header: 'transaction_date', value: (t) => t.date },
  { header: 'value_cents', value: (t) => t.value },
  { header: 'value_eur', value: (t) => centsToEuros(t.value) },
  { header: 'currency', value: () => 'EUR' },
  { header: 'reference', value: (t) => t.reference },
  { header: 'description', value: (t) => t.description },
  { header: 'receiver', value: (t) => t.receiver },
  { header: 'budget_line', value: (t) => t.budgetLine },
  { header: 'receipt_reference', value: (t) => t.receiptReference },
  { header: 'receipt_file_hash', value: (t) => t.receiptFileHash },
  { header: 'approval_version', value: (t) => t.approvalVersion },
  { header: 'committed_total_cents', value: (t) => t.committedTotal },
  { header: 'event_id', value: (t) => t.eventId },
  { header: 'recorded_at', value: (t) => t.recordedAt },
];

export interface GrantAuditFile {
  format: 'stadtteil-ledger/grant-audit-file';
  formatVersion: 1;
  exportedAt: string;
  exportedBy: Actor;
  grantId: string;
  streamId: string;
  eventCount: number;
  /** Status after folding every event: what a replay of `events` must arrive at. */
  statusAfterReplay: string;
  head: { streamVersion: number; position: string; hash: string };
  chain: { algorithm: string; intact: boolean; firstBreak: ChainBreak | null };
  /** SHA-256 (hex) of the canonical JSON of `events`: one value to quote in a report. */
  eventsSha256: string;
  replay: string;
  events: RecordedEvent[];
}

/** Per-grant exports read from the grant's event stream. */
@Injectable()
export class GrantExports {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The grant's whole stream; unknown grant → NOT_FOUND. */
  async events(grantId: string): Promise<RecordedEvent[]> {
    if (!isUUID(grantId)) throw badInput('grantId must be a UUID');
    const events = await this.store.readStream(streamName(grantsDecider.category, grantId));
    if (events.length === 0) throw notFound('Grant', grantId);
    return events;
  }

  async auditFile(grantId: string, caller: Actor, at: Date): Promise<GrantAuditFile> {
    const events = await this.events(grantId);
    const last = events[events.length - 1];
    const firstBreak = verifyChain(events);
    const state = events.reduce(
      (current, event) => grantsDecider.evolve(current, event as unknown as GrantEvent),
      grantsDecider.initialState(),
    );
    return {
      format: 'stadtteil-ledger/grant-audit-file',
      formatVersion: 1,
      exportedAt: at.toISOString(),
      exportedBy: caller,
      grantId,
      streamId: last.streamId,
      eventCount: events.length,
      statusAfterReplay: state.status,
      head: { streamVersion: last.streamVersion, position: last.position, hash: last.metadata.hash },
      chain: {
        algorithm: 'SHA-256 over metadata.prevHash + canonical JSON of the event without its hash, chained per stream',
        intact: firstBreak === null,
        firstBreak,
      },
      eventsSha256: createHash('sha256').update(canonicalJson(events)).digest('hex'),
      replay:
        'Fold `events` in streamVersion order with the grant decider (initialState, evolve); keep only events with ' +
        'metadata.recordedAt ≤ T for what was known at T, or metadata.effectiveAt ≤ D for what was in force on D.',
      events,
    };
  }
}
