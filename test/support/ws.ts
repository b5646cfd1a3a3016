import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLBody, GraphQLErrorShape } from './app';

const closeReason = (event: unknown) => {
  const { code, reason } = (event ?? {}) as { code?: unknown; reason?: unknown };
  return `${String(code)} ${String(reason)}`;
};

export interface WsClient {
  /** Runs one operation over the socket: its result, or the refusal the server sent as an error message. */
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLBody<T>>;
  close(): Promise<void>;
}

/**
 * A graphql-ws client (the `graphql-transport-ws` protocol, as browsers and integrators use it) on the app's
 * GraphQL endpoint. The connection parameters play the part of the HTTP headers (`authorization`, `devActor`).
 */
export function wsClient(httpUrl: string, connectionParams: Record<string, unknown> = {}): WsClient {
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
  });
  return {
    run: <T>(query: string, variables?: Record<string, unknown>, operationName?: string) =>
      new Promise<GraphQLBody<T>>((resolve, reject) => {
        let result: GraphQLBody<T> = {};
        client.subscribe<T>(
          { query, variables, operationName },
          {
            next: (value) => {
              result = value as GraphQLBody<T>;
            },
            // An operation refused before it ran arrives as a list of errors; anything else is a socket failure.
            error: (error) =>
              Array.isArray(error)
                ? resolve({ errors: error as GraphQLErrorShape[] })
                : reject(error instanceof Error ? error : new Error(`WebSocket closed: ${closeReason(error)}`)),
            complete: () => resolve(result),
          },
        );
      }),
    close: () => client.dispose() as Promise<void>,
  };
}

export interface RawSocket {
  readonly socket: WebSocket;
  /** Messages received so far, parsed. */
  readonly messages: Record<string, unknown>[];
  /** Resolves with the next message not yet returned by an earlier call. */
  nextMessage(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Settles with the close code and reason once the connection closed (from either side). */
  readonly closed: Promise<{ code: number; reason: string }>;
}

/**
 * A WebSocket speaking the graphql-transport-ws subprotocol by hand, for tests of what a client may send that the
 * graphql-ws client never would (invalid JSON, unknown message types, messages out of order, broken frames).
 */
export function openRawSocket(httpUrl: string, protocol = 'graphql-transport-ws'): Promise<RawSocket> {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), protocol);
  const messages: Record<string, unknown>[] = [];
  const waiting: ((message: Record<string, unknown>) => void)[] = [];
  let read = 0;
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(message);
    waiting.shift()?.(message);
  });
  // A server that closes the connection on a protocol violation may make the client report an error too.
  socket.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: String(reason) })),
  );
  return new Promise<RawSocket>((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        closed,
        nextMessage: (timeoutMs = 5_000) => {
          if (read < messages.length) return Promise.resolve(messages[read++]);
          return new Promise((resolveMessage, rejectMessage) => {
            const timer = setTimeout(() => rejectMessage(new Error(`No message within ${timeoutMs} ms`)), timeoutMs);
            waiting.push((message) => {
              clearTimeout(timer);
              read += 1;
              resolveMessage(message);
            });
          });
        },
      }),
    );
    socket.once('unexpected-response', (_request, response) => reject(new Error(`Upgrade refused with ${response.statusCode}`)));
    socket.once('error', reject);
  });
}
