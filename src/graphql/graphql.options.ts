import type { Server } from 'node:http';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { GraphQLFormattedError } from 'graphql';
import type { Context as WsConnection, ServerOptions } from 'graphql-ws';
import type { AuthenticatedRequest, Principal } from '../core/principal';
import type { AppConfig } from '../config/config';
import { newId } from '../core/ids';
import type { JsonLogger, LogLevel } from '../core/logger';
import { type ApolloPlugin, MAX_QUERY_TOKENS, type OperationLimits } from '../limits/operation-limits';
import { formatGraphQLError } from './format-error';
import type { RequestContext } from './request-context';
import type { EventLoopTurns } from '../core/event-loop-turns';
import { subscriptionsOnlyOverWebSocket, webSocketTransport } from './websocket-transport';

const GRAPHQL_PATH = '/graphql';

/** Apollo logs strings, now and then an error. */
const apolloLog = (logger: JsonLogger, level: LogLevel) => (message: unknown) =>
  message instanceof Error
    ? logger.write(level, message.message, { stack: message.stack })
    : logger.write(level, String(message));
const CORRELATION_ID = /^[\w.:-]{1,100}$/;

function correlationIdOf(header: unknown): string {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : newId();
}

/**
 * Who opened a graphql-ws connection, from its connection parameters: the authenticator's answer (bound by the app
 * module, so that GraphQL plumbing does not depend on auth). `failure` says why presented credentials were refused.
 */
export type AuthenticateConnection = (
  connectionParams: Readonly<Record<string, unknown>> | undefined,
) => Promise<{ principal: Principal | null; failure?: string }>;

/** What a graphql-ws connection carries besides its parameters: the socket, and who opened it. */
interface ConnectionExtra {
  socket?: { close(code: number, reason: string): void };
  principal?: Principal | null;
  credentialCheck?: NodeJS.Timeout;
}

const extraOf = (connection: Partial<WsConnection> | WsConnection): ConnectionExtra => (connection.extra ?? {}) as ConnectionExtra;

/**
 * Apollo options: code-first schema, introspection outside production, graphql-ws subscriptions on the same path;
 * depth, complexity and rate limits on both transports. A WebSocket connection without valid credentials in its
 * connection parameters is refused when it opens (graphql-ws closes it with 4403); each operation on it checks them
 * again, and the connection itself is checked periodically: an expired token or a revoked key ends it. Apollo's own
 * log lines go to the service's log.
 */
export function graphqlOptions(
  config: AppConfig,
  logger: JsonLogger,
  authenticate: AuthenticateConnection,
  limits: OperationLimits,
  httpServer: () => Server,
  turns: EventLoopTurns,
): ApolloDriverConfig {
  const formatError = (formatted: GraphQLFormattedError, error: unknown) =>
    formatGraphQLError(formatted, error, (level, message, fields) => logger.write(level, message, fields));

  const webSocket: ServerOptions = {
    ...limits.webSocketOptions((connection) => extraOf(connection).principal ?? null, formatError),
    onConnect: async (connection: WsConnection) => {
      const { principal } = await authenticate(connection.connectionParams);
      const extra = extraOf(connection);
      // Kept for the rate limit, which counts operations per identity.
      extra.principal = principal;
      if (!principal) return false;
      // Tokens expire and API keys are revoked while a subscription streams: the connection is checked again
      // and closed once its credentials no longer hold.
      extra.credentialCheck = setInterval(() => {
        void authenticate(connection.connectionParams).then(({ principal: still }) => {
          if (!still) extra.socket?.close(4403, 'Forbidden: credentials expired or revoked');
        });
      }, config.webSocketCredentialCheckMs);
      extra.credentialCheck.unref();
      return true;
    },
    onClose: (connection: WsConnection) => clearInterval(extraOf(connection).credentialCheck),
    context: async (connection: WsConnection): Promise<{ request: RequestContext }> => {
      const { principal, failure } = await authenticate(connection.connectionParams);
      return {
        request: {
          actor: principal,
          authFailure: failure,
          correlationId: correlationIdOf(connection.connectionParams?.correlationId),
          connection: extraOf(connection).socket,
        },
      };
    },
  };

  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    // Apollo's and @nestjs/apollo's IDE pages load from CDNs; the service serves GraphiQL itself (./graphiql.ts).
    graphiql: false,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    validationRules: [...limits.validationRules],
    logger: {
      debug: apolloLog(logger, 'debug'),
      info: apolloLog(logger, 'info'),
      warn: apolloLog(logger, 'warn'),
      error: apolloLog(logger, 'error'),
    },
    plugins: [
      // Before the complexity check: a subscription is refused for its transport, whatever it costs.
      subscriptionsOnlyOverWebSocket(),
      limits.complexityPlugin(),
      // No type or field sets cache hints, and the default cache-control plugin wraps every field resolver to
      // collect them: a third of the CPU time of a dashboard query. (The plugin is a plain marker object; the cast
      // only bridges the CommonJS and ESM typings of @apollo/server that this file and @nestjs/apollo compile against.)
      ApolloServerPluginCacheControlDisabled() as unknown as ApolloPlugin,
      webSocketTransport(httpServer, { path: GRAPHQL_PATH, maxPayload: config.bodyLimitBytes, turns }, webSocket, logger),
    ],
    context: async ({ req }: { req: AuthenticatedRequest }): Promise<{ request: RequestContext }> => ({
      request: {
        actor: req.principal ?? null,
        authFailure: req.authFailure,
        correlationId: correlationIdOf(req.headers['x-correlation-id']),
      },
    }),
    formatError,
  };
}
