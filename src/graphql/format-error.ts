import { HttpException } from '@nestjs/common';
import { type GraphQLFormattedError, GraphQLError } from 'graphql';
import { DomainError } from '../core/domain-error';
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
// Apollo's own codes for documents that do not parse or do not match the schema: to clients this is bad input.
const BAD_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'BAD_USER_INPUT']);

/**
 * Every error leaves with a typed `extensions.code`. Known errors keep their message; anything unexpected is
 * logged and answered with a generic message, so no stack trace or internal detail reaches a client.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (message: string, fields: Record<string, unknown>) => void,
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
  if (typeof code === 'string' && BAD_INPUT_CODES.has(code)) {
    return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (typeof code === 'string' && PASS_THROUGH.has(code)) return { ...base, extensions: { code } };

  log('unexpected error in a GraphQL operation', {
    message: original instanceof Error ? original.message : String(original),
    stack: original instanceof Error ? original.stack : undefined,
    path: formatted.path,
  });
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
