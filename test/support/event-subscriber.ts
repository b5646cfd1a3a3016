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
  /** Every event received, in the order received (empty with `keepEvents: false`). */
  readonly events: IntegrationEvent[];
  /** How many events were received. */
  received(): number;
  /** Cursor of the last event received (or the one subscribed after). */
  lastCursor(): string | undefined;
  /** Settles when the subscription ends: completed, errored or its connection closed. */
  readonly ended: Promise<{ closed?: ClosedConnection; errors?: unknown }>;
  /** Resolves once `count` events in total were received. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  /** The underlying WebSocket once connected (to pause reading, or to drop it). */
  socket(): WebSocket | null;
  /** Completes this subscription only; its connection stays open. */
  complete(): void;
  /** Closes the connection (every subscription on it ends). */
  dispose(): Promise<void>;
}

export interface SubscribeOptions {
  after?: string;
  filter?: IntegrationFilter;
  /** Called for each event as it arrives (after it was recorded in `events`). */
  onEvent?: (event: IntegrationEvent) => void;
  /** False: count events without keeping them (floods of large events). Default true. */
  keepEvents?: boolean;
}

export interface ConnectOptions {
  connectionParams?: Record<string, unknown>;
}

/** One graphql-ws connection that carries any number of `events` subscriptions. */
export interface EventConnection {
  subscribe(options?: SubscribeOptions): EventSubscriber;
  /** Resolves with the socket once the server acknowledged the connection. */
  connected(): Promise<WebSocket>;
  socket(): WebSocket | null;
  dispose(): Promise<void>;
}

function closeEventOf(error: unknown): ClosedConnection | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'number') return;
  return { code: error.code, reason: 'reason' in error ? String(error.reason) : '' };
}

/**
 * A graphql-ws client over `ws` without automatic retries: when the connection closes, each subscription's `ended`
 * reports the close code and the caller resumes after its `lastCursor()`, as integrators do.
 */
export function connectEvents(url: string, options: ConnectOptions = {}): EventConnection {
  let socket: WebSocket | null = null;
  let closed: ClosedConnection | undefined;
  let onConnected: (socket: WebSocket) => void = () => undefined;
  const connected = new Promise<WebSocket>((resolve) => (onConnected = resolve));
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: options.connectionParams,
    on: {
      connected: (opened) => {
        socket = opened as WebSocket;
        onConnected(socket);
      },
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        closed ??= { code, reason: String(reason) };
      },
    },
  });
  const dispose = () => client.dispose() as Promise<void>;
  return {
    subscribe: (subscription = {}) => subscribeOn(client, () => closed, () => socket, dispose, subscription),
    connected: () => connected,
    socket: () => socket,
    dispose,
  };
}

function subscribeOn(
  client: Client,
  closedConnection: () => ClosedConnection | undefined,
  socket: () => WebSocket | null,
  dispose: () => Promise<void>,
  options: SubscribeOptions,
): EventSubscriber {
  const events: IntegrationEvent[] = [];
  let count = 0;
  let lastCursor = options.after;
  const waiters: { count: number; resolve: () => void }[] = [];
  let unsubscribe: () => void = () => undefined;
  const ended = new Promise<{ closed?: ClosedConnection; errors?: unknown }>((resolve) => {
    unsubscribe = client.subscribe<{ events: IntegrationEvent }>(
      { query: SUBSCRIBE, variables: { after: options.after ?? null, filter: options.filter ?? null } },
      {
        next: (result) => {
          if (result.errors) {
            resolve({ errors: result.errors });
            return;
          }
          const event = result.data!.events;
          count += 1;
          lastCursor = event.cursor;
          if (options.keepEvents !== false) events.push(event);
          options.onEvent?.(event);
          for (const waiter of waiters.filter((w) => count >= w.count)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        },
        error: (error) => {
          const closeEvent = closeEventOf(error) ?? closedConnection();
          resolve(closeEvent ? { closed: closeEvent } : { errors: error });
        },
        complete: () => {
          const closed = closedConnection();
          resolve(closed ? { closed } : {});
        },
      },
    );
  });
  return {
    events,
    received: () => count,
    lastCursor: () => lastCursor,
    ended,
    waitForCount: (wanted, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (count >= wanted) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`Received ${count} of ${wanted} events within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ count: wanted, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    socket,
    complete: () => unsubscribe(),
    dispose,
  };
}

/** One subscription on a connection of its own; `dispose()` closes that connection. */
export function subscribeEvents(url: string, options: SubscribeOptions & ConnectOptions = {}): EventSubscriber {
  return connectEvents(url, { connectionParams: options.connectionParams }).subscribe(options);
}
