import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { canonicalJson } from '../core/canonical-json';
import { streamVisibleTo } from '../stream-visibility';
import { type ScopedActor, streamName } from '../core/decider';
import { badInput, notFound } from '../core/domain-error';
import { chainStart, linkProblem, type ChainBreak, type ChainTip } from '../core/hash-chain';
import { formatCents } from '../core/money';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { type Actor, type RecordedEvent } from '../core/envelope';
import { grantsDecider } from '../funding/domain/grants.decider';
import type { GrantEvent } from '../funding/domain/grants.events';
import { type CsvColumn, csvHeader, csvLine, UTF8_BOM } from './csv';
import { writeChunk } from './export-http';
import { type GrantTransaction, GrantTransactionMapper, type GrantTransactionSource } from './grant-transactions';

/** Events read from the event store per round trip while streaming. */
const PAGE_SIZE = 500;

/** The English description of a row in the transactions CSV. */
function describe(source: GrantTransactionSource): string {
  switch (source.kind) {
    case 'approval':
      return `Approval by ${source.authority}: ${source.purpose}`;
    case 'amendment':
      return `Amendment: ${source.reason}`;
    case 'revocation':
      return `Revocation (the commitment not disbursed is withdrawn): ${source.reason}`;
    case 'closing':
      return 'Closing (the commitment not disbursed or paid back lapses)';
    case 'disbursement':
      return `Funds call, needed by ${source.neededBy}`;
    case 'expenditure':
      return source.purpose;
    case 'repayment':
      return `Repayment received on demand ${source.demandId} (returned funds, a negative disbursement)`;
  }
}

const expenditure = (t: GrantTransaction) => (t.source.kind === 'expenditure' ? t.source : null);

export const GRANT_TRANSACTION_COLUMNS: readonly CsvColumn<GrantTransaction & { grantId: string }>[] = [
  { header: 'grant_id', value: (t) => t.grantId },
  { header: 'transaction_type_code', value: (t) => t.typeCode },
  { header: 'transaction_type', value: (t) => t.typeName },
  { header: 'transaction_date', value: (t) => t.date },
  { header: 'value_cents', value: (t) => t.value },
  { header: 'value_eur', value: (t) => formatCents(t.value) },
  { header: 'currency', value: () => 'EUR' },
  { header: 'source_event', value: (t) => t.source.kind },
  { header: 'reference', value: (t) => t.reference },
  { header: 'description', value: (t) => describe(t.source) },
  { header: 'receiver', value: (t) => expenditure(t)?.payee },
  { header: 'budget_line', value: (t) => expenditure(t)?.budgetLine },
  { header: 'receipt_reference', value: (t) => expenditure(t)?.receiptReference },
  { header: 'receipt_file_hash', value: (t) => expenditure(t)?.receiptFileHash },
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
  /** The last event when the export began: the file holds the stream up to and including it. */
  head: { streamVersion: number; position: string; hash: string };
  replay: string;
  events: RecordedEvent[];
  eventCount: number;
  /** Status after folding every event: what a replay of `events` must arrive at. */
  statusAfterReplay: string;
  chain: { algorithm: string; intact: boolean; firstBreak: ChainBreak | null };
  /** SHA-256 (hex) of the canonical JSON of `events`: one value to quote in a report. */
  eventsSha256: string;
}

/** Checks the links of one stream as its events go by; remembers the first break. */
export class ChainCheck {
  private tip: ChainTip = chainStart();
  firstBreak: ChainBreak | null = null;

  check(event: RecordedEvent): void {
    if (this.firstBreak) return;
    const problem = linkProblem(event, this.tip);
    if (problem) {
      this.firstBreak = { streamId: event.streamId, streamVersion: event.streamVersion, eventId: event.eventId, problem };
      return;
    }
    this.tip = { nextVersion: this.tip.nextVersion + 1, lastHash: event.metadata.hash };
  }
}

/**
 * Per-grant exports read from the grant's event stream (not a read model, so they match the audit file). The
 * stream is read page by page up to the event that was last when the export began, and written with back-pressure,
 * so a grant with any number of events streams in constant memory.
 */
@Injectable()
export class GrantExports {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The grant's last event; malformed id → BAD_USER_INPUT, unknown grant, or one of a district outside the caller's
   * scope → NOT_FOUND. Call before the download starts.
   */
  async head(grantId: string, caller: ScopedActor): Promise<RecordedEvent> {
    if (!isUUID(grantId)) throw badInput('grantId must be a UUID');
    const streamId = streamName(grantsDecider.category, grantId);
    const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (!last || !(await streamVisibleTo(this.store, caller, streamId))) throw notFound('Grant', grantId);
    return last;
  }

  /** The stream up to `head`, page by page, each event checked against the chain before it is handed on. */
  async *events(head: RecordedEvent, chain: ChainCheck): AsyncGenerator<RecordedEvent> {
    let fromVersion = 0;
    while (fromVersion <= head.streamVersion) {
      const maxCount = Math.min(PAGE_SIZE, head.streamVersion - fromVersion + 1);
      const page = await this.store.readStream(head.streamId, { fromVersion, maxCount });
      for (const event of page) {
        if (event.streamVersion > head.streamVersion) return;
        chain.check(event);
        yield event;
      }
      // A short page means the stream ends (or has a gap the chain check reports) before the head.
      if (page.length < maxCount) return;
      fromVersion = page[page.length - 1].streamVersion + 1;
    }
  }

  /**
   * The audit file as JSON. The header goes first, then the events one per line, then what is only known after
   * the last event: the count, the replayed status, the chain verdict and the digest (computed incrementally).
   */
  async writeAuditFile(response: Response, head: RecordedEvent, caller: Actor, at: Date): Promise<void> {
    const grantId = head.streamId.slice(grantsDecider.category.length + 1);
    const opening: Omit<GrantAuditFile, 'events' | 'eventCount' | 'statusAfterReplay' | 'chain' | 'eventsSha256'> = {
      format: 'stadtteil-ledger/grant-audit-file',
      formatVersion: 1,
      exportedAt: at.toISOString(),
      // Who, as the events record it: the district scope and the credential stay with the request.
      exportedBy: { id: caller.id, role: caller.role },
      grantId,
      streamId: head.streamId,
      head: { streamVersion: head.streamVersion, position: head.position, hash: head.metadata.hash },
      replay:
        'Fold `events` in streamVersion order with the grant decider (initialState, evolve); keep only events with ' +
        'metadata.recordedAt ≤ T for what was known at T, or metadata.effectiveAt ≤ D for what was in force on D.',
    };
    await writeChunk(response, `${JSON.stringify(opening).slice(0, -1)},"events":[`);
    const chain = new ChainCheck();
    const digest = createHash('sha256').update('[');
    let state = grantsDecider.initialState();
    let count = 0;
    for await (const event of this.events(head, chain)) {
      const separator = count === 0 ? '' : ',';
      digest.update(separator).update(canonicalJson(event));
      state = grantsDecider.evolve(state, event as unknown as GrantEvent);
      await writeChunk(response, `${separator}\n${JSON.stringify(event)}`);
      count += 1;
    }
    const closing: Pick<GrantAuditFile, 'eventCount' | 'statusAfterReplay' | 'chain' | 'eventsSha256'> = {
      eventCount: count,
      statusAfterReplay: state.status,
      chain: {
        algorithm: 'SHA-256 over metadata.prevHash + canonical JSON of the event without its hash, chained per stream',
        intact: chain.firstBreak === null,
        firstBreak: chain.firstBreak,
      },
      // The canonical JSON of the whole array, `[e0,e1,…]`, hashed piece by piece.
      eventsSha256: digest.update(']').digest('hex'),
    };
    await writeChunk(response, `\n],${JSON.stringify(closing).slice(1)}\n`);
  }

  /**
   * The transactions as CSV. A broken chain stops the file: transactions from a tampered log must not look complete,
   * so the connection is cut (the audit file reports where the chain breaks).
   */
  async writeTransactionsCsv(response: Response, head: RecordedEvent): Promise<void> {
    const grantId = head.streamId.slice(grantsDecider.category.length + 1);
    const chain = new ChainCheck();
    const mapper = new GrantTransactionMapper();
    await writeChunk(response, UTF8_BOM + csvHeader(GRANT_TRANSACTION_COLUMNS));
    for await (const event of this.events(head, chain)) {
      if (chain.firstBreak) {
        throw new Error(`Hash chain of ${head.streamId} broken at version ${chain.firstBreak.streamVersion}: ${chain.firstBreak.problem}`);
      }
      for (const transaction of mapper.next(event)) {
        await writeChunk(response, csvLine(GRANT_TRANSACTION_COLUMNS, { ...transaction, grantId }));
      }
    }
  }
}
