import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '../core/domain-error';
import { type ChainBreak, verifyChain } from '../core/hash-chain';
import { LOGGER, type JsonLogger } from '../core/logger';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port';
import { ChainTips } from './chain-tips';

export type EventChainBreak = ChainBreak & { position: string };

export interface EventLogVerification {
  checkedEvents: number;
  checkedStreams: number;
  ok: boolean;
  /** The first broken link in log order; the check stops there. Null when every chain holds. */
  firstBreak: EventChainBreak | null;
}

/** Events read per page of the whole log: memory stays bounded by one page plus one tip per stream. */
const PAGE_SIZE = 1000;
/** A progress line is logged every this many events, so a long check on a big log shows it is alive. */
const PROGRESS_EVERY = 50_000;

/**
 * The tamper check: recomputes the per-stream hash chains (src/core/hash-chain.ts) from the stored events.
 * An edited event fails its own hash (`hash_mismatch`); a removed or reordered one breaks the link after it
 * (`version_gap`, `prev_hash_mismatch`). Removing a stream's LAST events leaves a shorter chain that still holds:
 * that is what the store's append-only triggers and backups guard against, not the chain.
 */
@Injectable()
export class EventLogVerifier {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  /** One stream, whole. NOT_FOUND when it has no events. */
  async verifyStream(streamId: string): Promise<EventLogVerification> {
    const events = await this.store.readStream(streamId);
    if (events.length === 0) throw notFound('Stream', streamId);
    const broken = verifyChain(events);
    if (!broken) return { checkedEvents: events.length, checkedStreams: 1, ok: true, firstBreak: null };
    const index = events.findIndex((event) => event.eventId === broken.eventId);
    return { checkedEvents: index + 1, checkedStreams: 1, ok: false, firstBreak: withPosition(broken, events[index]) };
  }

  private running: Promise<EventLogVerification> | null = null;

  /**
   * Every stream, reading the log forwards in pages up to the head as it was when the check started, and
   * checking each event against its stream's tip. Yields to the event loop between pages, so the service keeps
   * answering while a big log is checked. Callers asking while a check runs share it: one scan at a time.
   */
  verifyAll(): Promise<EventLogVerification> {
    this.running ??= this.scanAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async scanAll(): Promise<EventLogVerification> {
    const head = await this.store.headPosition();
    const tips = new ChainTips();
    let checkedEvents = 0;
    const result = (firstBreak: EventChainBreak | null): EventLogVerification => {
      const verification = { checkedEvents, checkedStreams: tips.streamCount, ok: firstBreak === null, firstBreak };
      this.logger.write(firstBreak ? 'warn' : 'info', 'event log verified', { ...verification });
      return verification;
    };
    if (head === null) return result(null);

    let after: string | undefined;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE_SIZE });
      for (const event of page.events) {
        if (event.position > head) return result(null);
        checkedEvents += 1;
        const broken = tips.check(event);
        if (broken) return result(withPosition(broken, event));
        if (checkedEvents % PROGRESS_EVERY === 0) {
          this.logger.write('info', 'verifying event log', { checkedEvents, checkedStreams: tips.streamCount, position: event.position });
        }
      }
      if (page.isEnd || page.events.length === 0 || page.lastPosition === null || page.lastPosition >= head) {
        return result(null);
      }
      after = page.lastPosition;
      await nextTurn();
    }
  }
}

const withPosition = (broken: ChainBreak, event: RecordedEvent): EventChainBreak => ({ ...broken, position: event.position });
