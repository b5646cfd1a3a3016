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
