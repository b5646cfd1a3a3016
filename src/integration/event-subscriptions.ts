import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EVENT_STORE, type EventStore, type EventSubscription } from '../event-store/event-store.port';
import { type RecordedEvent } from '../core/envelope';
import { toIntegrationEvent, type IntegrationEvent } from './cloud-event';
import { assertCursor } from './event-feed';
import { matchesDistrict, storeFilterOf, type IntegrationFilter } from './integration-filter';
import { StreamDistricts } from './stream-districts';

/**
 * WebSocket close code for a subscriber that let SUBSCRIPTION_BUFFER_EVENTS live events pile up: it reconnects and
 * subscribes again after the last cursor it received. graphql-ws itself does not use 4503.
 */
export const SUBSCRIBER_TOO_SLOW = { code: 4503, reason: 'Subscriber fell behind: resume after your last cursor' };
/** Standard close code when the service stops: the client reconnects and resumes after its last cursor. */
export const SERVICE_GOING_AWAY = { code: 1001, reason: 'Service stopping: resume after your last cursor' };
/** Standard close code when reading the log failed under a live subscription. */
const STORE_FAILED = { code: 1011, reason: 'Event log unavailable: resume after your last cursor' };

/** Events read per store call while replaying; replay runs at the pace the client takes events. */
const REPLAY_PAGE = 200;

/** The WebSocket connection that carries a subscription. */
export interface SubscriberConnection {
  close(code: number, reason: string): void;
}

export interface SubscriptionRequest {
  after?: string;
  /** Already validated (validIntegrationFilter). */
  filter: IntegrationFilter;
  connection: SubscriberConnection;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The integrators' event subscriptions. Each one replays from its cursor by reading the store page by page, then
 * follows the store's own catch-up subscription from where the replay stopped: in store order, no gaps, no
 * duplicates, filtered by the store (types, categories) and here (district). Nothing is fanned out from memory:
 * every event comes from the log.
 */
@Injectable()
export class EventSubscriptions implements OnModuleDestroy {
  private readonly active = new Set<SubscriberStream>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly districts: StreamDistricts,
  ) {}

  /** Subscriptions open now (each holds at most one replay page or its bounded live buffer). */
  get openCount(): number {
    return this.active.size;
  }

  open(request: SubscriptionRequest): AsyncIterableIterator<IntegrationEvent> {
    assertCursor(this.store, request.after);
    const stream = new SubscriberStream(this.store, this.districts, this.config, request, () =>
      this.active.delete(stream),
    );
    this.active.add(stream);
    return stream;
  }

  /** Subscribers learn that the service stops (not that their stream ended) and resume elsewhere or later. */
  onModuleDestroy(): void {
    for (const stream of [...this.active]) stream.disconnect(SERVICE_GOING_AWAY);
  }
}

class SubscriberStream implements AsyncIterableIterator<IntegrationEvent> {
  private closed = false;
  private live: LiveBuffer | null = null;
  private readonly steps: AsyncGenerator<IntegrationEvent, void>;
  private readonly ended: Promise<IteratorReturnResult<undefined>>;
  private signalEnd!: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly districts: StreamDistricts,
    private readonly config: AppConfig,
    private readonly request: SubscriptionRequest,
    private readonly onClosed: () => void,
  ) {
    this.ended = new Promise((resolve) => (this.signalEnd = () => resolve(DONE)));
    this.steps = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<IntegrationEvent> {
    return this;
  }

  /** Ends at once on close, even while waiting for the next live event. */
  next(): Promise<IteratorResult<IntegrationEvent>> {
    if (this.closed) return Promise.resolve(DONE);
    return Promise.race([this.steps.next() as Promise<IteratorResult<IntegrationEvent>>, this.ended]);
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
    this.signalEnd();
    this.onClosed();
    // Runs the generator's clean-up once its pending step (if any) has ended, which closing the buffer ensures.
    void this.steps.return(undefined);
  }

  private async *run(): AsyncGenerator<IntegrationEvent, void> {
    const { filter } = this.request;
    const storeFilter = storeFilterOf(filter);
    let cursor = this.request.after;
    try {
      for (;;) {
        const page = await this.store.readAll({ after: cursor, maxCount: REPLAY_PAGE, filter: storeFilter });
        for (const event of page.events) {
          if (await matchesDistrict(event, filter, this.districts.districtOf)) yield this.toIntegrationEvent(event);
        }
        cursor = page.lastPosition ?? cursor;
        if (page.isEnd || this.closed) break;
      }
      if (this.closed) return;
      const live = new LiveBuffer(this.store.subscribe({ after: cursor, filter: storeFilter }), {
        capacity: this.config.subscriptionBufferEvents,
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
 * the subscriber takes them: at most `capacity`. The one after that closes the subscriber instead of growing.
 */
class LiveBuffer {
  private readonly queue: RecordedEvent[] = [];
  private finished = false;
  /** The store's subscription ended with an error. */
  failed = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly subscription: EventSubscription,
    private readonly limits: { capacity: number; onOverflow: () => void },
  ) {
    void this.pump();
  }

  /** The next live event, or null once the buffer is closed or the store ended the subscription. */
  async next(): Promise<RecordedEvent | null> {
    for (;;) {
      if (this.queue.length > 0) return this.queue.shift()!;
      if (this.finished) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    if (this.finished) return;
    this.finish();
    this.queue.length = 0;
    void this.subscription.close();
  }

  private async pump(): Promise<void> {
    try {
      for await (const event of this.subscription) {
        if (this.finished) return;
        if (this.queue.length >= this.limits.capacity) {
          this.limits.onOverflow();
          return;
        }
        this.queue.push(event);
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
