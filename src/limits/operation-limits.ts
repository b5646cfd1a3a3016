import type { ApolloDriverConfig } from '@nestjs/apollo';
import {
  type DocumentNode,
  type ExecutionArgs,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import type { Context, ServerOptions, SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { Principal } from '../core/principal';
import type { AppConfig } from '../config/config';
import { LimitExceededError, rateLimited } from './limit-exceeded.error';
import { complexityRefusal } from './query-complexity';
import { maxDepthRule } from './query-depth.rule';
import { identityKey, type RateLimiter } from './rate-limiter';

// Apollo's plugin type as @nestjs/apollo sees it (its ES-module typings differ from @apollo/server's CommonJS ones).
export type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];
type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Tokens a document may have before parsing stops: far above any real query (the introspection query has under
 * 1,000), low enough that a huge document is refused before it costs much.
 */
export const MAX_QUERY_TOKENS = 10_000;

/** Apollo's codes for these failures; the shared error formatting maps them to BAD_USER_INPUT. */
type RefusalCode =
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'BAD_USER_INPUT';
const withCode = (error: GraphQLError, code: RefusalCode) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });

/** graphql-js's own words for a document it cannot pick the operation out of (Apollo answers HTTP with them). */
function unresolvedOperation(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const operations = document.definitions.filter((definition) => definition.kind === 'OperationDefinition').length;
  const message = operationName
    ? `Unknown operation named "${operationName}".`
    : operations > 1
      ? 'Must provide operation name if query contains multiple operations.'
      : 'Must provide an operation.';
  return withCode(new GraphQLError(message), 'OPERATION_RESOLUTION_FAILURE');
}

const remoteAddressOf = (extra: unknown): string | undefined =>
  (extra as Partial<Extra> | undefined)?.request?.socket.remoteAddress;

/**
 * Depth, complexity and rate limits for GraphQL operations, the same on both transports; all refuse an operation
 * before any resolver runs. Over HTTP, Apollo runs the depth rule with its validation (cached per document) and the
 * complexity check in a plugin once the operation and its variables are known. Over WebSocket, graphql-ws
 * (src/graphql/websocket-transport.ts) gets only the schema, the context and our hooks — none of Apollo's rules or
 * plugins — so `onSubscribe` runs every check itself. Rules are built once.
 */
export class OperationLimits {
  /** For Apollo, which adds graphql's specified rules and, in production, its own ban on introspection. */
  readonly validationRules: readonly ValidationRule[];
  private readonly webSocketRules: readonly ValidationRule[];

  constructor(
    private readonly config: Pick<AppConfig, 'production' | 'maxQueryDepth' | 'maxQueryComplexity'>,
    private readonly schemaOf: () => GraphQLSchema,
    private readonly rateLimiter: RateLimiter,
  ) {
    this.validationRules = [maxDepthRule(config.maxQueryDepth)];
    this.webSocketRules = [
      ...specifiedRules,
      ...this.validationRules,
      ...(config.production ? [NoSchemaIntrospectionCustomRule] : []),
    ];
  }

  /** Apollo plugin: the complexity check, between validation and execution, with the request's variables. */
  complexityPlugin(): ApolloPlugin {
    const maxComplexity = this.config.maxQueryComplexity;
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ schema, document, request }) => {
          const refusal = complexityRefusal(
            schema,
            { document, variables: request.variables, operationName: request.operationName },
            maxComplexity,
          );
          if (refusal) throw refusal;
        },
      }),
    };
  }

  /**
   * graphql-ws hooks: the checks for each operation, and the shared error formatting for what goes back (typed
   * codes, no internals), since Apollo's formatError does not reach this transport.
   */
  webSocketOptions(
    principalOf: (connection: Context) => Principal | null,
    formatError: FormatError,
  ): Pick<ServerOptions, 'onSubscribe' | 'onNext' | 'onError'> {
    const format = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));
    return {
      onSubscribe: (context, _id, payload) => this.admit(context, payload, principalOf),
      onNext: (_context, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: format(result.errors) } : undefined,
      onError: (_context, _id, _payload, errors) => format(errors),
    };
  }

  /**
   * Each operation takes a token of its identity, then is parsed, validated and measured once, its operation picked
   * out and its variables checked: everything a caller can get wrong is refused here, before execution, as Apollo
   * refuses it over HTTP (graphql-ws would otherwise report those as errors without a code).
   */
  private admit(
    context: Context,
    payload: SubscribePayload,
    principalOf: (connection: Context) => Principal | null,
  ): ExecutionArgs | readonly GraphQLError[] {
    const key = identityKey(principalOf(context), remoteAddressOf(context.extra));
    const decision = this.rateLimiter.take(key);
    if (!decision.allowed) return [rateLimited(decision.retryAfterSeconds)];

    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: MAX_QUERY_TOKENS });
    } catch (error) {
      // As Apollo answers over HTTP; that includes a document nested too deep for the parser's own stack.
      const message = error instanceof Error ? error.message : String(error);
      return [withCode(error instanceof GraphQLError ? error : new GraphQLError(message), 'GRAPHQL_PARSE_FAILED')];
    }
    const schema = this.schemaOf();
    const invalid = validate(schema, document, this.webSocketRules);
    if (invalid.length > 0) {
      return invalid.map((error) =>
        error instanceof LimitExceededError ? error : withCode(error, 'GRAPHQL_VALIDATION_FAILED'),
      );
    }
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [unresolvedOperation(document, payload.operationName)];
    // At most as many errors as graphql's execute would report.
    const variables = payload.variables ?? {};
    const { errors: invalidVariables } = getVariableValues(schema, operation.variableDefinitions ?? [], variables, {
      maxErrors: 50,
    });
    if (invalidVariables) return invalidVariables.map((error) => withCode(error, 'BAD_USER_INPUT'));
    const request = { document, variables: payload.variables, operationName: payload.operationName };
    const refusal = complexityRefusal(schema, request, this.config.maxQueryComplexity);
    if (refusal) return [refusal];
    return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
  }
}
