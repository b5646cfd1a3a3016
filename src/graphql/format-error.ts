import { HttpException } from '@nestjs/common';
import { type GraphQLFormattedError, GraphQLError } from 'graphql';
import { DomainError } from '../core/domain-error';
import type { LogLevel } from '../core/logger';
import { InvalidPositionError } from '../event-store/event-store.errors';
import { LimitExceededError } from '../limits/limit-exceeded.error';
import { InvalidCursorError } from '../read-store/read-store.cursor';

const PASS_THROUGH = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'DOMAIN_RULE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'SERVICE_UNAVAILABLE',
]);
const HTTP_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' };
/**
 * Apollo's codes for requests refused before anything ran: documents that do not parse or do not match the schema,
 * malformed HTTP requests, operations that cannot be picked out of the document (two without `operationName`, an
 * unknown `operationName`). To clients all of this is bad input.
 */
const BAD_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
]);
/** The automatic persisted queries protocol: a client that gets these sends the full query (or stops hashing). */
const PERSISTED_QUERY_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

export type ErrorLog = (level: LogLevel, message: string, fields: Record<string, unknown>) => void;

/** Apollo refused the request itself with a 4xx status (a persisted query of another version, say): the caller's doing. */
function refusedWithClientStatus(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Every error leaves with a typed `extensions.code`. Known errors keep their message. A request refused before
 * anything ran is logged at debug without a stack: any caller can send one, so it must not page anybody. Anything
 * unexpected is logged at error level with its stack and answered with a generic message, so no stack trace or
 * internal detail reaches a client.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: ErrorLog,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    const { details, code, rule } = original;
    return { ...base, message: original.message, extensions: { ...(details ?? {}), code, ...(rule ? { rule } : {}) } };
  }
  if (original instanceof LimitExceededError) {
    // Apollo reports a validation rule's refusal as GRAPHQL_VALIDATION_FAILED; the limit's own code says more.
    return { ...base, message: original.message, extensions: { ...original.details, code: original.code } };
  }
  if (original instanceof InvalidCursorError || original instanceof InvalidPositionError) {
    return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const response = original.getResponse();
    const messages =
      typeof response === 'object' && response !== null && 'message' in response
        ? (response as { message: unknown }).message
        : original.message;
    const code = HTTP_CODES[status] ?? (status < 500 ? 'BAD_USER_INPUT' : null);
    if (code) {
      // ValidationPipe answers with a list of messages, one per failed constraint.
      const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      const extensions = { code, ...(Array.isArray(messages) ? { validation: list } : {}) };
      return { ...base, message: list.join('; '), extensions };
    }
  }
  const code = formatted.extensions?.code;
  const refused = (answered: string) => {
    log('debug', 'GraphQL request refused', { code: answered, reason: formatted.message });
    return { ...base, extensions: { code: answered } };
  };
  if (typeof code === 'string' && PERSISTED_QUERY_CODES.has(code)) return refused(code);
  if ((typeof code === 'string' && BAD_INPUT_CODES.has(code)) || refusedWithClientStatus(error)) {
    return refused('BAD_USER_INPUT');
  }
  if (typeof code === 'string' && PASS_THROUGH.has(code)) return { ...base, extensions: { code } };

  log('error', 'unexpected error in a GraphQL operation', {
    error: original instanceof Error ? original.message : String(original),
    stack: original instanceof Error ? original.stack : undefined,
    path: formatted.path,
  });
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
