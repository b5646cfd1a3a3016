import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson } from '../core/canonical-json';
import { notFound } from '../core/domain-error';
import { type ChainBreak, verifyChain } from '../core/hash-chain';
import { LOGGER, type JsonLogger } from '../core/logger';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { type RecordedEvent } from '../core/envelope';
import { ChainTips } from './chain-tips';
import { CheckpointComparison, type CheckpointFindings, compareStreamWithCheckpoint } from './checkpoint-comparison';
import { checkSignature, type LogCheckpoint, type SignatureCheck, type SignedLogCheckpoint } from './log-checkpoint';
import { LogCheckpoints } from './log-checkpoints.service';

export type EventChainBreak = ChainBreak & { position: string };

/** The log against a signed checkpoint: the latest stored one, or one a caller kept and handed in. */
export interface CheckpointVerification extends CheckpointFindings {
  source: 'STORED' | 'SUPPLIED';
  position: string;
  createdAt: string;
  keyId: string;
  /** Only a VALID checkpoint is compared with the log; otherwise there are no findings and `ok` is false. */
  signature: SignatureCheck;
}

export interface EventLogVerification {
  checkedEvents: number;
  checkedStreams: number;
  /** Every checked chain holds and, when there is a checkpoint, it verifies and the log still matches it. */
  ok: boolean;
  /** The first broken link in log order. Null when every chain holds. */
  firstBreak: EventChainBreak | null;
  /** Null when no checkpoint was stored yet and none was handed in. */
  checkpoint: CheckpointVerification | null;
}

/** Events read per page of the whole log: memory stays bounded by one page plus one tip per stream. */
const PAGE_SIZE = 1000;
/** A progress line is logged every this many events, so a long check on a big log shows it is alive. */
const PROGRESS_EVERY = 50_000;

interface Reference {
  signed: SignedLogCheckpoint;
  source: CheckpointVerification['source'];
  signature: SignatureCheck;
}

/**
 * The tamper check. The per-stream hash chains (src/core/hash-chain.ts) are recomputed from the stored events: an
 * edited event fails its own hash (`hash_mismatch`); a removed or reordered one breaks the link after it
 * (`version_gap`, `prev_hash_mismatch`). Whoever can write the file can recompute every hash, and removing a
 * stream's last events leaves a shorter chain that still holds: for that the log is also compared with a signed
 * checkpoint (checkpoint-comparison.ts), whose key the file does not hold.
 */
@Injectable()
export class EventLogVerifier {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    private readonly checkpoints: LogCheckpoints,
  ) {}

  /** One stream, whole, and its tip against the latest stored checkpoint. NOT_FOUND when it has no events. */
  async verifyStream(streamId: string): Promise<EventLogVerification> {
    const [events, latest] = await Promise.all([this.store.readStream(streamId), this.checkpoints.latest()]);
    if (events.length === 0) throw notFound('Stream', streamId);
    const reference = latest && this.reference(latest, 'STORED');
    const checkpoint =
      reference && this.compared(reference, (signed) => compareStreamWithCheckpoint(signed, streamId, events));
    const broken = verifyChain(events);
    const index = broken ? events.findIndex((event) => event.eventId === broken.eventId) : -1;
    const firstBreak = broken ? withPosition(broken, events[index]) : null;
    const checkedEvents = broken ? index + 1 : events.length;
    return { checkedEvents, checkedStreams: 1, ok: isOk(firstBreak, checkpoint), firstBreak, checkpoint };
  }

  private readonly running = new Map<string, Promise<EventLogVerification>>();

  /**
   * Every stream, reading the log forwards in pages up to the head as it was when the check started, and checking
   * each event against its stream's tip; against `supplied`, else the latest stored checkpoint. Yields to the event
   * loop between pages, so the service keeps answering while a big log is checked. Callers asking the same while a
   * check runs share it: one scan at a time per checkpoint.
   */
  verifyAll(supplied?: SignedLogCheckpoint): Promise<EventLogVerification> {
    const key = supplied ? `${supplied.signature}:${canonicalJson(supplied.checkpoint)}` : 'stored';
    let running = this.running.get(key);
    if (!running) {
      running = this.scanAll(supplied).finally(() => this.running.delete(key));
      this.running.set(key, running);
    }
    return running;
  }

  private reference(signed: SignedLogCheckpoint, source: Reference['source']): Reference {
    return { signed, source, signature: checkSignature(signed, this.checkpoints.trustedKeys) };
  }

  /** The verdict on a checkpoint: its signature, and what `compare` found when it verifies. */
  private compared(reference: Reference, compare: (checkpoint: LogCheckpoint) => CheckpointFindings): CheckpointVerification {
    const { checkpoint } = reference.signed;
    const nothing: CheckpointFindings = { truncated: false, rewritten: false, findings: [], findingCount: 0 };
    return {
      source: reference.source,
      position: checkpoint.position,
      createdAt: checkpoint.createdAt,
      keyId: checkpoint.keyId,
      signature: reference.signature,
      ...(reference.signature === 'VALID' ? compare(checkpoint) : nothing),
    };
  }

  private async scanAll(supplied: SignedLogCheckpoint | undefined): Promise<EventLogVerification> {
    const stored = supplied ? null : await this.checkpoints.latest();
    const reference = supplied ? this.reference(supplied, 'SUPPLIED') : stored && this.reference(stored, 'STORED');
    const head = await this.store.headPosition();
    // Past a broken link the scan goes on only while the checkpoint still needs events.
    const comparison = reference?.signature === 'VALID' ? new CheckpointComparison(reference.signed.checkpoint) : null;
    const tips = new ChainTips();
    let checkedEvents = 0;
    let firstBreak: EventChainBreak | null = null;
    const result = (): EventLogVerification => {
      const checkpoint = reference && this.compared(reference, () => comparison!.findings(head));
      const verification = { checkedEvents, checkedStreams: tips.streamCount, ok: isOk(firstBreak, checkpoint), firstBreak, checkpoint };
      this.logger.write(verification.ok ? 'info' : 'warn', 'event log verified', {
        checkedEvents,
        checkedStreams: verification.checkedStreams,
        ok: verification.ok,
        firstBreak,
        checkpoint: checkpoint && {
          source: checkpoint.source,
          position: checkpoint.position,
          signature: checkpoint.signature,
          findings: checkpoint.findingCount,
        },
      });
      return verification;
    };
    if (head === null) return result();

    let after: string | undefined;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE_SIZE });
      for (const event of page.events) {
        if (event.position > head) return result();
        if (comparison?.open) comparison.add(event);
        if (firstBreak && !comparison?.open) return result();
        checkedEvents += 1;
        if (!firstBreak) {
          const broken = tips.check(event);
          if (broken) firstBreak = withPosition(broken, event);
          if (firstBreak && !comparison?.open) return result();
        }
        if (checkedEvents % PROGRESS_EVERY === 0) {
          this.logger.write('info', 'verifying event log', { checkedEvents, checkedStreams: tips.streamCount, position: event.position });
        }
      }
      if (page.isEnd || page.events.length === 0 || page.lastPosition === null || page.lastPosition >= head) return result();
      after = page.lastPosition;
      await nextTurn();
    }
  }
}

const isOk = (firstBreak: EventChainBreak | null, checkpoint: CheckpointVerification | null): boolean =>
  firstBreak === null && (checkpoint === null || (checkpoint.signature === 'VALID' && checkpoint.findingCount === 0));

const withPosition = (broken: ChainBreak, event: RecordedEvent): EventChainBreak => ({ ...broken, position: event.position });
