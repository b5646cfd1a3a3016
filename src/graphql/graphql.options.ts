import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { GraphQLFormattedError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { resolveActor } from '../auth/actor';
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

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

const headerValue = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra?: { socket?: { close(code: number, reason: string): void } };
}

/** Apollo options: code-first schema, GraphiQL and introspection outside production, graphql-ws subscriptions. */
export function graphqlOptions(config: AppConfig, logger: JsonLogger): ApolloDriverConfig {
  const format = (formatted: GraphQLFormattedError, error: unknown) =>
    formatGraphQLError(formatted, error, (message, fields) => logger.write('error', message, fields));
  // graphql-ws sends its errors without Apollo's formatting: give them the same codes and hide internals.
  const graphqlWs: Pick<ServerOptions, 'onNext' | 'onError'> = {
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors ? { ...result, errors: result.errors.map((error) => format(error.toJSON(), error)) } : undefined,
    // An error without an original error is the document's own (syntax, validation): bad input.
    onError: (_ctx, _id, _payload, errors) =>
      errors.map((error) => {
        const formatted = error.toJSON();
        return format(error.originalError ? formatted : { ...formatted, extensions: { code: 'BAD_REQUEST' } }, error);
      }),
  };
  return {
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: !config.production,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    subscriptions: { 'graphql-ws': graphqlWs },
    // No type or field sets cache hints, and the default cache-control plugin wraps every field resolver to
    // collect them: a third of the CPU time of a dashboard query. (The plugin is a plain marker object; the cast
    // only bridges the CommonJS and ESM typings of @apollo/server that this file and @nestjs/apollo compile against.)
    plugins: [ApolloServerPluginCacheControlDisabled() as unknown as ApolloPlugin],
    context: ({
      req,
      connectionParams,
      extra,
    }: { req?: AuthenticatedRequest } & WsContext): { request: RequestContext } => {
      if (req) {
        return {
          request: {
            actor: req.principal ?? null,
            authFailure: req.authFailure,
            correlationId: correlationIdOf(req.headers['x-correlation-id']),
          },
        };
      }
      // WebSocket: the token travels in the connection parameters.
      const authorization = connectionParams?.authorization ?? connectionParams?.Authorization;
      return {
        request: {
          actor: resolveActor(config, headerValue(authorization), headerValue(connectionParams?.devActor)),
          correlationId: correlationIdOf(connectionParams?.correlationId),
          connection: extra?.socket,
        },
      };
    },
    formatError: format,
  };
}
