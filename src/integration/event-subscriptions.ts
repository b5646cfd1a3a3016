import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type SubscriptionLimits } from '../config/config';
import { EventLoopTurns } from '../core/event-loop-turns';
import { EVENT_STORE, eventSize, type EventStore, type EventSubscription } from '../event-store/event-store.port';
import { type RecordedEvent } from '../core/envelope';
import { tooManySubscriptions } from '../limits/limit-exceeded.error';
import { toIntegrationEvent, type IntegrationEvent } from './cloud-event';
import { assertCursor } from './event-feed';
import { matchesDistrict, storeFilterOf, type IntegrationFilter } from './integration-filter';
import { StreamDistricts } from './stream-districts';

/**
 * WebSocket close code for a subscriber that let its live buffer fill (SUBSCRIPTION_BUFFER_EVENTS events or
 * SUBSCRIPTION_BUFFER_BYTES): it reconnects and subscribes again after the last cursor it received. graphql-ws
 * itself does not use 4503.
 */
export const SUBSCRIBER_TOO_SLOW = { code: 4503, reason: 'Subscriber fell behind: resume after your last cursor' };
/** Standard close code when the service stops: the client reconnects and resumes after its last cursor. */
export const SERVICE_GOING_AWAY = { code: 1001, reason: 'Service stopping: resume after your last cursor' };
/** Standard close code when reading the log failed under a live subscription. */
const STORE_FAILED = { code: 1011, reason: 'Event log unavailable: resume after your last cursor' };

/**
 * Events read per store call while replaying: at most 200 and 256 KiB (or SUBSCRIPTION_BUFFER_BYTES, if less).
 * Replay runs at the pace the client takes events, one page at a time.
 */
const REPLAY_PAGE = 200;
const REPLAY_PAGE_BYTES = 256 * 1024;

/** The WebSocket connection that carries a subscription. */
export interface SubscriberConnection {
  close(code: number, reason: string): void;
}

export interface SubscriptionRequest {
  after?: string;
  /** Already validated (validIntegrationFilter). */
  filter: IntegrationFilter;
  connection: SubscriberConnection;
  /** Who subscribes: a person (an API key counts for the person who issued it). */
  subscriberId: string;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The integrators' event subscriptions. Each one replays from its cursor by reading the store page by page, then
 * follows the store's own catch-up subscription from where the replay stopped: in store order, no gaps, no
 * duplicates, filtered by the store (types, categories) and here (district). Nothing is fanned out from memory:
 * every event comes from the log.
 *
 * Memory is bounded by bytes: a subscription holds at most SUBSCRIPTION_BUFFER_BYTES of events (a replay page, or
 * the live events it has not taken), and each open one is granted that much of SUBSCRIPTIONS_TOTAL_BUFFER_BYTES.
 * A subscription over its connection's, its identity's or the total's allowance is refused before it reads
 * anything (TOO_MANY_SUBSCRIPTIONS).
 */
@Injectable()
export class EventSubscriptions implements OnModuleDestroy {
  private readonly active = new Set<SubscriberStream>();
  private readonly perConnection = new Map<SubscriberConnection, number>();
  private readonly perSubscriber = new Map<string, number>();
  private readonly limits: SubscriptionLimits;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly districts: StreamDistricts,
    private readonly turns: EventLoopTurns,
  ) {
    this.limits = config.subscriptions;
  }

  /** Subscriptions open now (each holds at most its SUBSCRIPTION_BUFFER_BYTES). */
  get openCount(): number {
    return this.active.size;
  }

  open(request: SubscriptionRequest): AsyncIterableIterator<IntegrationEvent> {
    assertCursor(this.store, request.after);
    this.admit(request);
    const { connection, subscriberId } = request;
    const onClosed = () => {
      this.active.delete(stream);
      decrement(this.perConnection, connection);
      decrement(this.perSubscriber, subscriberId);
    };
    const stream = new SubscriberStream(this.store, this.districts, this.config, this.turns, request, onClosed);
    this.active.add(stream);
    this.perConnection.set(connection, (this.perConnection.get(connection) ?? 0) + 1);
    this.perSubscriber.set(subscriberId, (this.perSubscriber.get(subscriberId) ?? 0) + 1);
    return stream;
  }

  /** Subscribers learn that the service stops (not that their stream ended) and resume elsewhere or later. */
  onModuleDestroy(): void {
    for (const stream of [...this.active]) stream.disconnect(SERVICE_GOING_AWAY);
  }

  private admit({ connection, subscriberId }: SubscriptionRequest): void {
    const { perConnection, perIdentity, bufferBytes, totalBufferBytes } = this.limits;
    if ((this.perConnection.get(connection) ?? 0) >= perConnection) throw tooManySubscriptions('connection', perConnection);
    if ((this.perSubscriber.get(subscriberId) ?? 0) >= perIdentity) throw tooManySubscriptions('identity', perIdentity);
    const budget = Math.floor(totalBufferBytes / bufferBytes);
    if (this.active.size >= budget) throw tooManySubscriptions('service', budget);
  }
}

function decrement<K>(counts: Map<K, number>, key: K): void {
  const count = (counts.get(key) ?? 0) - 1;
  if (count > 0) counts.set(key, count);
  else counts.delete(key);
}

class SubscriberStream implements AsyncIterableIterator<IntegrationEvent> {
  private closed = false;
  private live: LiveBuffer | null = null;
  private readonly steps: AsyncGenerator<IntegrationEvent, void>;
  /** Settles the pending next() (ended at once on close). */
  private settleNext: ((result: IteratorResult<IntegrationEvent>) => void) | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly districts: StreamDistricts,
    private readonly config: AppConfig,
    private readonly turns: EventLoopTurns,
    private readonly request: SubscriptionRequest,
    private readonly onClosed: () => void,
  ) {
    this.steps = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<IntegrationEvent> {
    return this;
  }

  /**
   * Ends at once on close, even while waiting for the next live event. (Not a Promise.race with a promise that
   * lives as long as the subscription: every race leaves a reaction on it that holds the event it delivered, so a
   * subscription kept every event it ever sent reachable until it closed.)
   */
  next(): Promise<IteratorResult<IntegrationEvent>> {
    if (this.closed) return Promise.resolve(DONE);
    return new Promise<IteratorResult<IntegrationEvent>>((resolve, reject) => {
      this.settleNext = resolve;
      (this.steps.next() as Promise<IteratorResult<IntegrationEvent>>).then(
        (result) => {
          this.settleNext = null;
          resolve(result);
        },
        (error: unknown) => {
          this.settleNext = null;
          reject(error);
        },
      );
    });
  }

  /** Called by graphql-ws when the client completes the subscription or the connection closes. */
  async return(): Promise<IteratorResult<IntegrationEvent>> {
    this.close();
    return DONE;
  }

  /** Closes the subscriber's connection with the given code; the client resumes after its last cursor. */
  disconnect(how: { code: number; reason: string }): void {
    this.request.connection.close(how.code, how.reason);
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.live?.close();
    this.settleNext?.(DONE);
    this.settleNext = null;
    this.onClosed();
    // Runs the generator's clean-up once its pending step (if any) has ended, which closing the buffer ensures.
    void this.steps.return(undefined);
  }

  private async *run(): AsyncGenerator<IntegrationEvent, void> {
    const { filter } = this.request;
    const storeFilter = storeFilterOf(filter);
    let cursor = this.request.after;
    try {
      const { bufferBytes, bufferEvents } = this.config.subscriptions;
      for (;;) {
        // Reading and parsing a page is the heaviest step of a replay: many subscriptions starting at once take turns.
        await this.turns.next();
        if (this.closed) return;
        const page = await this.store.readAll({
          after: cursor,
          maxCount: REPLAY_PAGE,
          maxBytes: Math.min(REPLAY_PAGE_BYTES, bufferBytes),
          filter: storeFilter,
        });
        cursor = page.lastPosition ?? cursor;
        // Each event is let go of as it is handed over: the page holds only what the client has not taken yet.
        for (let event = page.events.shift(); event; event = page.events.shift()) {
          if (await matchesDistrict(event, filter, this.districts.districtOf)) yield this.toIntegrationEvent(event);
        }
        if (page.isEnd || this.closed) break;
      }
      if (this.closed) return;
      const subscription = this.store.subscribe({ after: cursor, filter: storeFilter, maxPageBytes: bufferBytes });
      const live = new LiveBuffer(subscription, {
        capacity: bufferEvents,
        capacityBytes: bufferBytes,
        onOverflow: () => this.disconnect(SUBSCRIBER_TOO_SLOW),
      });
      this.live = live;
      for (let event = await live.next(); event !== null; event = await live.next()) {
        if (await matchesDistrict(event, filter, this.districts.districtOf)) yield this.toIntegrationEvent(event);
      }
      // The store ended the subscription without our asking: it is closing, or it failed.
      if (!this.closed) this.disconnect(live.failed ? STORE_FAILED : SERVICE_GOING_AWAY);
    } finally {
      this.close();
    }
  }

  private toIntegrationEvent(event: RecordedEvent): IntegrationEvent {
    return toIntegrationEvent(event, this.config.eventSource);
  }
}

/**
 * Live events of one subscriber, read from the store's subscription as soon as they are committed and held until
 * the subscriber takes them: at most `capacity` events and `capacityBytes` bytes (one event always fits). The one
 * after that closes the subscriber instead of growing.
 */
class LiveBuffer {
  private readonly queue: { event: RecordedEvent; size: number }[] = [];
  private bytes = 0;
  private finished = false;
  /** The store's subscription ended with an error. */
  failed = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly subscription: EventSubscription,
    private readonly limits: { capacity: number; capacityBytes: number; onOverflow: () => void },
  ) {
    void this.pump();
  }

  /** The next live event, or null once the buffer is closed or the store ended the subscription. */
  async next(): Promise<RecordedEvent | null> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        this.bytes -= next.size;
        return next.event;
      }
      if (this.finished) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    if (this.finished) return;
    this.finish();
    this.queue.length = 0;
    this.bytes = 0;
    void this.subscription.close();
  }

  private async pump(): Promise<void> {
    try {
      for await (const event of this.subscription) {
        if (this.finished) return;
        const size = eventSize(event);
        const full = this.queue.length >= this.limits.capacity;
        if (full || (this.queue.length > 0 && this.bytes + size > this.limits.capacityBytes)) {
          this.limits.onOverflow();
          return;
        }
        this.queue.push({ event, size });
        this.bytes += size;
        this.signal();
      }
    } catch {
      this.failed = true;
    } finally {
      this.finish();
    }
  }

  private finish(): void {
    this.finished = true;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
