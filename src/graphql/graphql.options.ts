import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { GraphQLFormattedError } from 'graphql';
import { resolveActor } from '../auth/actor';
import type { AuthenticatedRequest } from '../auth/principal';
import type { AppConfig } from '../config/config';
import { newId } from '../core/ids';
import type { JsonLogger } from '../core/logger';
import type { OperationLimits } from '../limits/operation-limits';
import { formatGraphQLError } from './format-error';
import type { RequestContext } from './request-context';

const CORRELATION_ID = /^[\w.:-]{1,100}$/;

function correlationIdOf(header: unknown): string {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : newId();
}

const headerValue = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

interface WsContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra?: { socket?: { close(code: number, reason: string): void } };
}

/**
 * Apollo options: code-first schema, GraphiQL and introspection outside production, graphql-ws subscriptions;
 * depth, complexity and rate limits on both transports.
 */
export function graphqlOptions(config: AppConfig, logger: JsonLogger, limits: OperationLimits): ApolloDriverConfig {
  // WebSocket: the token travels in the connection parameters.
  const webSocketActor = (connectionParams: WsContext['connectionParams']) => {
    const authorization = connectionParams?.authorization ?? connectionParams?.Authorization;
    return resolveActor(config, headerValue(authorization), headerValue(connectionParams?.devActor));
  };
  const formatError = (formatted: GraphQLFormattedError, error: unknown) =>
    formatGraphQLError(formatted, error, (message, fields) => logger.write('error', message, fields));
  return {
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: !config.production,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    validationRules: [...limits.validationRules],
    plugins: [limits.complexityPlugin()],
    subscriptions: { 'graphql-ws': limits.webSocketOptions(webSocketActor, formatError) },
    context: ({ req, connectionParams, extra }: { req?: AuthenticatedRequest } & WsContext): { request: RequestContext } => {
      if (req) {
        return {
          request: {
            actor: req.principal ?? null,
            authFailure: req.authFailure,
            correlationId: correlationIdOf(req.headers['x-correlation-id']),
          },
        };
      }
      return {
        request: {
          actor: webSocketActor(connectionParams),
          correlationId: correlationIdOf(connectionParams?.correlationId),
          connection: extra?.socket,
        },
      };
    },
    formatError,
  };
}
