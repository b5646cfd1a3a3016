import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { Context as WsConnection } from 'graphql-ws';
import { connectionCredentials } from '../auth/actor';
import type { Authenticator } from '../auth/authenticator';
import type { AuthenticatedRequest } from '../auth/principal';
import type { AppConfig } from '../config/config';
import { newId } from '../core/ids';
import type { JsonLogger } from '../core/logger';
import { formatGraphQLError } from './format-error';
import type { RequestContext } from './request-context';

const CORRELATION_ID = /^[\w.:-]{1,100}$/;

function correlationIdOf(header: unknown): string {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : newId();
}

/**
 * Apollo options: code-first schema, GraphiQL and introspection outside production, graphql-ws subscriptions.
 * A WebSocket connection without valid credentials in its connection parameters is refused when it opens
 * (graphql-ws closes it with 4403); each operation on it checks them again, so an expired token or a revoked key
 * cannot start new operations on a connection opened earlier.
 */
export function graphqlOptions(config: AppConfig, logger: JsonLogger, authenticator: Authenticator): ApolloDriverConfig {
  return {
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: !config.production,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    subscriptions: {
      'graphql-ws': {
        onConnect: async ({ connectionParams }: WsConnection) =>
          (await authenticator.authenticate(connectionCredentials(connectionParams))).principal !== null,
      },
    },
    context: async ({
      req,
      connectionParams,
    }: { req?: AuthenticatedRequest } & Partial<WsConnection>): Promise<{ request: RequestContext }> => {
      if (req) {
        return {
          request: {
            actor: req.principal ?? null,
            authFailure: req.authFailure,
            correlationId: correlationIdOf(req.headers['x-correlation-id']),
          },
        };
      }
      const { principal, failure } = await authenticator.authenticate(connectionCredentials(connectionParams));
      return {
        request: { actor: principal, authFailure: failure, correlationId: correlationIdOf(connectionParams?.correlationId) },
      };
    },
    formatError: (formatted, error) =>
      formatGraphQLError(formatted, error, (message, fields) => logger.write('error', message, fields)),
  };
}
