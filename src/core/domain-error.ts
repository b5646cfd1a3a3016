import type { RuleCode } from './domain-rules';

/**
 * Typed errors. Each carries the code that the GraphQL layer puts into `extensions.code`, so a rejection reads
 * the same whether it comes from validation, a decider or the store.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DOMAIN_RULE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SERVICE_UNAVAILABLE';

/** The HTTP status each code answers with outside GraphQL (exports, refused routes). */
export const HTTP_STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DOMAIN_RULE: 422,
  SERVICE_UNAVAILABLE: 503,
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe, client-facing details (field names, ids); never internals. */
    readonly details?: Record<string, unknown>,
    /** For DOMAIN_RULE: the stable code of the rule (see domain-rules.ts); clients match on it, not on the message. */
    readonly rule?: RuleCode,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A business rule refused the command (e.g. DISTRICT_EXISTS, "district already registered"). */
export const ruleViolated = (rule: RuleCode, message: string, details?: Record<string, unknown>) =>
  new DomainError('DOMAIN_RULE', message, details, rule);

export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', `${what} ${id} not found`, { id });

/** What a read of a record answers when there is none: now, or (time travel) as of a moment. */
export function recordNotFound(what: string, id: string, asOf?: Date): DomainError {
  if (!asOf) return notFound(what, id);
  const at = asOf.toISOString();
  return new DomainError('NOT_FOUND', `${what} ${id} did not exist as of ${at}`, { id, asOf: at });
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new DomainError('BAD_USER_INPUT', message, details);

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError('CONFLICT', message, details);

/** A command id sent again with another request: its first outcome belongs to a different command. */
export const commandIdReused = (commandId: string) =>
  conflict(`The command id ${commandId} was used before for another request; send this one with a new command id`, {
    commandId,
    conflict: 'COMMAND_ID_REUSED',
  });
