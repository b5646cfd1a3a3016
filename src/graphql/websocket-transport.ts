import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { EventLoopTurns } from '../core/event-loop-turns';
import type { JsonLogger } from '../core/logger';
import type { ApolloPlugin } from '../limits/operation-limits';

/** What each graphql-ws connection carries to the hooks: the socket and the upgrade request (as in graphql-ws's glue). */
export interface WebSocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

export interface WebSocketTransportOptions {
  /** The GraphQL endpoint; an upgrade anywhere else is answered 404. */
  path: string;
  /** Largest message in bytes; ws closes the connection with 1009 on a bigger one. */
  maxPayload: number;
  /** A connection that has not answered a ping within this time is dropped. */
  keepAliveMs?: number;
  /** Turns of the event loop that results and incoming messages wait for (see core/event-loop-turns.ts). */
  turns: EventLoopTurns;
}

const errorFields = (error: unknown) =>
  error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };

/** The path of a request URL, without parsing it as a URL (a client may send anything there). */
const pathOf = (url: string | undefined) => (url ?? '').split('?')[0];

/**
 * A close reason has at most 123 bytes (ws throws on a longer one), and graphql-ws quotes the client's own operation
 * id in one ("Subscriber for <id> already exists").
 */
function closeReason(reason: string | undefined): string | undefined {
  if (reason === undefined || Buffer.byteLength(reason) <= 123) return reason;
  let cut = reason.slice(0, 120);
  while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function refuseUpgrade(socket: Duplex, status: string): void {
  // The socket left Node's HTTP server with the upgrade: an error on it would otherwise go unhandled.
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The graphql-ws protocol on a `ws` server: what @nestjs/graphql sets up for `subscriptions` (with graphql-ws's
 * `use/ws` glue), except for what a client does wrong. That glue prints every socket error and every failed send to
 * the console as an internal error, so any client could fill the error log with a broken frame or by dropping its
 * connection mid-response. Here:
 * - a frame that breaks the WebSocket protocol, or a message over `maxPayload`: ws closes the connection (1002,
 *   1007, 1009); a protocol violation of graphql-ws (invalid JSON, unknown message type, subscribe before
 *   connection_init, an id in use) closes it with graphql-ws's 44xx code. Logged at debug.
 * - a send to a client that is gone (reset, broken pipe) is dropped. Logged at debug.
 * - an error while handling a message is the service's fault: logged at error level with its stack, closed with 4500.
 * Started and drained with Apollo Server (as a plugin), so shutdown closes every connection with 1001.
 */
export function webSocketTransport(
  httpServer: () => Server,
  options: WebSocketTransportOptions,
  serverOptions: ServerOptions,
  logger: JsonLogger,
): ApolloPlugin {
  return {
    serverWillStart: async () => {
      const stop = listen(httpServer(), options, serverOptions, logger);
      return { drainServer: stop };
    },
  };
}

function listen(
  httpServer: Server,
  { path, maxPayload, keepAliveMs = 12_000, turns }: WebSocketTransportOptions,
  serverOptions: ServerOptions,
  logger: JsonLogger,
): () => Promise<void> {
  const server = makeServer(serverOptions);
  const wss = new WebSocketServer({ noServer: true, maxPayload, handleProtocols });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(request.url) !== path) return refuseUpgrade(socket, '404 Not Found');
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // ws has already closed the connection with the matching code; the client broke the protocol, not the service.
    socket.on('error', (error: Error & { code?: string }) => {
      logger.write('debug', 'WebSocket connection broken by the client', { code: error.code, error: error.message });
      // ws has sent its close frame, but would go on reading (and throwing away) the rest of an oversized message
      // until the client answers, which it does only after sending all of it: the connection ends here instead.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') socket.terminate();
    });

    let answeredPing = true;
    const keepAlive = setInterval(() => {
      if (!answeredPing) return socket.terminate();
      answeredPing = false;
      if (socket.readyState === socket.OPEN) socket.ping();
    }, keepAliveMs);
    socket.on('pong', () => (answeredPing = true));

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            // Resolves once the frame is handed to the operating system, and then only on its turn of the event
            // loop: a client that does not read holds back its own operations, not the service's memory, and
            // subscriptions replaying as fast as their sockets take it leave room for every other request.
            socket.send(data, (error) => {
              // A send fails only when the connection is gone: nothing more to tell that client.
              if (error) logger.write('debug', 'WebSocket send dropped: the client is gone', { error: error.message });
              void turns.next().then(resolve);
            });
          }),
        close: (code, reason) => socket.close(code, closeReason(reason)),
        onMessage: (handle) =>
          socket.on('message', (data: RawData) => {
            // Messages take turns as results do (in order): a hundred subscribe messages in one read would otherwise
            // all be parsed, validated and started before anything else is answered.
            void turns.next().then(() => handle(String(data))).catch((error: unknown) => {
              logger.write('error', 'unexpected error in a WebSocket message', errorFields(error));
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request } satisfies WebSocketExtra,
    );

    socket.once('close', (code: number, reason: Buffer) => {
      clearInterval(keepAlive);
      logger.write('debug', 'WebSocket closed', { code, reason: String(reason) });
      closed(code, String(reason)).catch((error: unknown) =>
        logger.write('error', 'unexpected error closing a WebSocket connection', errorFields(error)),
      );
    });
  });

  return async () => {
    httpServer.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.close(1001, 'Going away');
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}

/**
 * Subscriptions run over graphql-ws only: over HTTP graphql-js would run the subscription field's resolver once, on
 * no event at all. Refused like any bad request, before execution.
 */
export function subscriptionsOnlyOverWebSocket(): ApolloPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation !== 'subscription') return;
        throw new GraphQLError('Subscriptions need the graphql-ws WebSocket transport', {
          nodes: operation,
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      },
    }),
  };
}
