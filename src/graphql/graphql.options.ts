import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { GraphQLFormattedError } from 'graphql';
import type { AuthenticatedRequest } from '../auth/principal';
import type { AppConfig } from '../config/config';
import { newId } from '../core/ids';
import type { JsonLogger } from '../core/logger';
import { type ApolloPlugin, MAX_QUERY_TOKENS, type OperationLimits } from '../limits/operation-limits';
import { formatGraphQLError } from './format-error';
import type { RequestContext } from './request-context';

/** Where GraphQL answers: HTTP POST and GET, and the graphql-ws WebSocket transport (src/graphql/websocket-transport.ts). */
export const GRAPHQL_PATH = '/graphql';

const CORRELATION_ID = /^[\w.:-]{1,100}$/;

export function correlationIdOf(header: unknown): string {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : newId();
}

export type GraphQLErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** The one error formatting of both transports: typed codes; anything unexpected is logged, never shown. */
export const graphQLErrorFormatter =
  (logger: JsonLogger): GraphQLErrorFormatter =>
  (formatted, error) =>
    formatGraphQLError(formatted, error, (message, fields) => logger.write('error', message, fields));

/**
 * Apollo options for GraphQL over HTTP: code-first schema, GraphiQL and introspection outside production, depth,
 * complexity and rate limits. Subscriptions travel over the WebSocket transport, which has its own server.
 */
export function graphqlOptions(config: AppConfig, logger: JsonLogger, limits: OperationLimits): ApolloDriverConfig {
  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: !config.production,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    validationRules: [...limits.validationRules],
    // No type or field sets cache hints, and the default cache-control plugin wraps every field resolver to
    // collect them: a third of the CPU time of a dashboard query. (The plugin is a plain marker object; the cast
    // only bridges the CommonJS and ESM typings of @apollo/server that this file and @nestjs/apollo compile against.)
    plugins: [limits.complexityPlugin(), ApolloServerPluginCacheControlDisabled() as unknown as ApolloPlugin],
    context: async ({ req }: { req: AuthenticatedRequest }): Promise<{ request: RequestContext }> => ({
      request: {
        actor: req.principal ?? null,
        authFailure: req.authFailure,
        correlationId: correlationIdOf(req.headers['x-correlation-id']),
      },
    }),
    formatError: graphQLErrorFormatter(logger),
  };
}
