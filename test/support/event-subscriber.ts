import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import type { IntegrationEvent } from '../../src/integration/cloud-event';
import type { IntegrationFilter } from '../../src/integration/integration-filter';

/** All fields of an integration event, as a subscriber or feed reader selects them. */
export const EVENT_FIELDS =
  'specversion id source type subject time datacontenttype data cursor streamversion actorid actorrole effectivedate ' +
  'reason correlationid';

const SUBSCRIBE = `
  subscription($after: String, $filter: EventFilter) { events(after: $after, filter: $filter) { ${EVENT_FIELDS} } }`;

export interface ClosedConnection {
  code: number;
  reason: string;
}

export interface EventSubscriber {
  /** Every event received, in the order received. */
  readonly events: IntegrationEvent[];
  /** Cursor of the last event received (or the one subscribed after). */
  lastCursor(): string | undefined;
  /** Settles when the subscription ends: completed, errored or its connection closed. */
  readonly ended: Promise<{ closed?: ClosedConnection; errors?: unknown }>;
  /** Resolves once `count` events in total were received. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  /** The underlying WebSocket once connected (to pause reading, or to drop it). */
  socket(): WebSocket | null;
  dispose(): Promise<void>;
}

export interface SubscribeOptions {
  after?: string;
  filter?: IntegrationFilter;
  connectionParams?: Record<string, unknown>;
  /** Called for each event as it arrives (after it was recorded in `events`). */
  onEvent?: (event: IntegrationEvent) => void;
}

function closeEventOf(error: unknown): ClosedConnection | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'number') return;
  return { code: error.code, reason: 'reason' in error ? String(error.reason) : '' };
}

/**
 * Subscribes to `events` with the graphql-ws client over `ws`, without automatic retries: when the connection
 * closes, `ended` reports the close code and the caller resumes after `lastCursor()`, as integrators do.
 */
export function subscribeEvents(url: string, options: SubscribeOptions = {}): EventSubscriber {
  const events: IntegrationEvent[] = [];
  let socket: WebSocket | null = null;
  let closed: ClosedConnection | undefined;
  const waiters: { count: number; resolve: () => void }[] = [];
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: options.connectionParams,
    on: {
      connected: (connected) => {
        socket = connected as WebSocket;
      },
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        closed ??= { code, reason: String(reason) };
      },
    },
  });
  const ended = new Promise<{ closed?: ClosedConnection; errors?: unknown }>((resolve) => {
    client.subscribe<{ events: IntegrationEvent }>(
      { query: SUBSCRIBE, variables: { after: options.after ?? null, filter: options.filter ?? null } },
      {
        next: (result) => {
          if (result.errors) {
            resolve({ errors: result.errors });
            return;
          }
          const event = result.data!.events;
          events.push(event);
          options.onEvent?.(event);
          for (const waiter of waiters.filter((w) => events.length >= w.count)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        },
        error: (error) => {
          const closeEvent = closeEventOf(error) ?? closed;
          resolve(closeEvent ? { closed: closeEvent } : { errors: error });
        },
        complete: () => resolve(closed ? { closed } : {}),
      },
    );
  });
  return {
    events,
    lastCursor: () => (events.length > 0 ? events[events.length - 1].cursor : options.after),
    ended,
    waitForCount: (count, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (events.length >= count) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`Received ${events.length} of ${count} events within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    socket: () => socket,
    dispose: () => client.dispose() as Promise<void>,
  };
}
