import type { EventFilter, EventSubscription } from '../event-store.port';
import type { RecordedEvent } from '../../core/envelope';

/** A page of the log as the subscription sees it: positions are the store's numeric positions. */
export interface SubscriptionPage {
  events: RecordedEvent[];
  /** Exclusive cursor for the next page (past scanned non-matching events). */
  last: number;
  isEnd: boolean;
}

/** What a subscription needs from the store that owns it. */
export interface SubscriptionSource {
  readonly pollIntervalMs: number;
  readonly pageSize: number;
  readPage(after: number, filter: EventFilter | undefined, maxCount: number, maxBytes?: number): SubscriptionPage;
  detach(subscription: SqliteSubscription): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Catch-up subscription over the SQLite log. It holds at most one page in memory (bounded by count and, when asked,
 * by bytes) and lets go of each event as it hands it over; it reads the next page only when the consumer asks for
 * more, so a slow consumer costs nothing but its cursor. At the head it sleeps until the store reports a commit of
 * its own or the poll interval passes (to see writes of other processes).
 */
export class SqliteSubscription implements EventSubscription, AsyncIterator<RecordedEvent> {
  private buffer: RecordedEvent[] = [];
  private closed = false;
  /** Set by notify(): a commit happened since the last read, so do not sleep. */
  private woken = false;
  private wake: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: SubscriptionSource,
    private cursor: number,
    private readonly filter: EventFilter | undefined,
    private readonly maxPageBytes: number | undefined,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    // Serialised, so even callers that do not await each next() get every event once and in order.
    const result = this.queue.then(() => this.pull());
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Called by `for await` on break/throw. */
  async return(): Promise<IteratorResult<RecordedEvent>> {
    this.end();
    return DONE;
  }

  close(): Promise<void> {
    this.end();
    return Promise.resolve();
  }

  /** The store committed events: a sleeping subscription reads again now. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Ends the iteration; a pending next() resolves with done. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer = [];
    this.source.detach(this);
    this.wake?.();
  }

  private async pull(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return DONE;
      const event = this.buffer.shift();
      if (event) return { done: false, value: event };
      this.woken = false;
      const page = this.source.readPage(this.cursor, this.filter, this.source.pageSize, this.maxPageBytes);
      this.cursor = page.last;
      this.buffer = page.events;
      if (page.events.length === 0 && page.isEnd) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.source.pollIntervalMs);
      this.wake = done;
    });
  }
}
