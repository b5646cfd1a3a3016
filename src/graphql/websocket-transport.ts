import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { type Context, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { connectionCredentials } from '../auth/actor';
import { Authenticator } from '../auth/authenticator';
import type { Principal } from '../auth/principal';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EventLoopTurns } from '../core/event-loop-turns';
import { type JsonLogger, LOGGER } from '../core/logger';
import { OperationLimits } from '../limits/operation-limits';
import { RateLimiter } from '../limits/rate-limiter';
import { correlationIdOf, GRAPHQL_PATH, graphQLErrorFormatter } from './graphql.options';
import type { RequestContext } from './request-context';

/** What a connection carries besides its parameters: the socket and request, and who opened it. */
interface ConnectionExtra {
  socket: WebSocket;
  request: IncomingMessage;
  principal?: Principal | null;
  credentialCheck?: NodeJS.Timeout;
}

const extraOf = (connection: Context): ConnectionExtra => connection.extra as ConnectionExtra;

/** As graphql-ws's own `ws` binding: a ping this often, and a connection that does not answer by the next is dropped. */
const KEEP_ALIVE_MS = 12_000;

/**
 * GraphQL over WebSocket (the graphql-ws protocol) at GRAPHQL_PATH, on the HTTP server. Built here rather than by
 * @nestjs/graphql, whose server takes no options: a client message larger than WS_MAX_PAYLOAD_BYTES closes its
 * connection (1009) as soon as the frame header announces it, before anything of it is buffered.
 *
 * A connection without valid credentials in its connection parameters is refused when it opens (4403); each
 * operation on it checks them again, and the connection itself is checked periodically: an expired token or a
 * revoked key ends it. Depth, complexity and rate limits and the error formatting are those of HTTP.
 */
@Injectable()
export class WebSocketTransport implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly server: WebSocketServer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    private readonly authenticator: Authenticator,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly rateLimiter: RateLimiter,
    private readonly httpAdapterHost: HttpAdapterHost,
    private readonly turns: EventLoopTurns,
  ) {
    this.server = new WebSocketServer({
      noServer: true,
      path: GRAPHQL_PATH,
      maxPayload: config.webSocketMaxPayloadBytes,
      handleProtocols,
    });
  }

  onApplicationBootstrap(): void {
    const graphqlWs = makeServer(this.options());
    this.server.on('connection', (socket: WebSocket, request: IncomingMessage) => this.serve(graphqlWs, socket, request));
    const httpServer = this.httpAdapterHost.httpAdapter.getHttpServer() as Server;
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Nothing else upgrades: a request for another path is not left hanging.
      if (!this.server.shouldHandle(request)) return void socket.destroy();
      this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
    });
  }

  /** Closes every connection as going away (subscribers resume after their last cursor) and stops accepting. */
  async onModuleDestroy(): Promise<void> {
    for (const client of this.server.clients) client.close(1001, 'Going away');
    // A client that does not read never completes the closing handshake: it is cut off after a moment.
    const cutOff = setTimeout(() => this.server.clients.forEach((client) => client.terminate()), 1000);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    clearTimeout(cutOff);
  }

  private options(): ServerOptions {
    const limits = new OperationLimits(this.config, () => this.schemaHost.schema, this.rateLimiter);
    const authenticator = this.authenticator;
    const checkEveryMs = this.config.webSocketCredentialCheckMs;
    return {
      schema: this.schemaHost.schema,
      ...limits.webSocketOptions((connection) => extraOf(connection).principal ?? null, graphQLErrorFormatter(this.logger)),
      onConnect: async (connection) => {
        const credentials = connectionCredentials(connection.connectionParams);
        const { principal } = await authenticator.authenticate(credentials);
        const extra = extraOf(connection);
        // Kept for the rate limit, which counts operations per identity.
        extra.principal = principal;
        if (!principal) return false;
        // Tokens expire and API keys are revoked while a subscription streams: the connection is checked again
        // and closed once its credentials no longer hold.
        extra.credentialCheck = setInterval(() => {
          void authenticator.authenticate(credentials).then(({ principal: still }) => {
            if (!still) extra.socket.close(4403, 'Forbidden: credentials expired or revoked');
          });
        }, checkEveryMs);
        extra.credentialCheck.unref();
        return true;
      },
      onClose: (connection) => clearInterval(extraOf(connection).credentialCheck),
      context: async (connection): Promise<{ request: RequestContext }> => {
        const { connectionParams } = connection;
        const { principal, failure } = await authenticator.authenticate(connectionCredentials(connectionParams));
        return {
          request: {
            actor: principal,
            authFailure: failure,
            correlationId: correlationIdOf(connectionParams?.correlationId),
            connection: extraOf(connection).socket,
          },
        };
      },
    };
  }

  /** One connection, bound to graphql-ws as its `ws` binding (graphql-ws/use/ws) does, with our own logging. */
  private serve(graphqlWs: ReturnType<typeof makeServer>, socket: WebSocket, request: IncomingMessage): void {
    // ws refuses a message that is too large or malformed itself and closes with 1009 or 1002: the client's doing.
    socket.on('error', (error: Error & { code?: string }) => {
      this.logger.write('warn', 'WebSocket connection closed on a refused message', {
        reason: error.message,
        code: error.code,
      });
      // ws has sent its close frame; the rest of an oversized message would still be read (and thrown away) until
      // the client answers it, which it does only after sending all of it. The connection ends here instead.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') socket.terminate();
    });
    let alive = true;
    socket.on('pong', () => (alive = true));
    const keepAlive = setInterval(() => {
      if (!alive) return void socket.terminate();
      alive = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        // Resolves once the frame is handed to the operating system, so an operation sends its next result only
        // then (a client that does not read holds back its own operations, not the service's memory), and only on
        // its turn of the event loop: subscriptions replaying as fast as their sockets take it would otherwise run
        // as unbroken chains of callbacks, and no other request would be answered meanwhile. A failed write means
        // the client is gone (EPIPE, reset): the connection ends, which ends its operations; nothing to report.
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => {
              if (error) socket.terminate();
              void this.turns.next().then(resolve);
            });
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data: Buffer) => {
            // Messages take turns as results do (in order): a hundred subscribe messages in one read would
            // otherwise all be parsed, validated and started before anything else is answered.
            void this.turns.next().then(() => handle(String(data))).catch((error: unknown) => {
              // A client that went away mid-send is no failure of ours.
              const level = socket.readyState === socket.OPEN ? 'error' : 'warn';
              this.logger.write(level, 'unexpected error in a WebSocket message', {
                message: error instanceof Error ? error.message : String(error),
              });
              socket.close(1011, 'Internal server error');
            });
          }),
      },
      { socket, request } satisfies ConnectionExtra,
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      void closed(code, String(reason));
    });
  }
}
