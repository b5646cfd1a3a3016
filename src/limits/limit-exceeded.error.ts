import { type ASTNode, GraphQLError } from 'graphql';

export type LimitCode = 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'RATE_LIMITED' | 'TOO_MANY_SUBSCRIPTIONS';

const HTTP_STATUS: Record<LimitCode, number> = {
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
  TOO_MANY_SUBSCRIPTIONS: 429,
};

/**
 * An operation refused by a limit before anything ran. Carries its own code and safe numbers (the limit, what was
 * asked); src/graphql/format-error.ts passes both through on every transport.
 */
export class LimitExceededError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    message: string,
    readonly details: Record<string, number | string>,
    nodes?: ASTNode | readonly ASTNode[],
  ) {
    // Apollo takes the HTTP status of an error raised before execution from `extensions.http`.
    super(message, { nodes, extensions: { code, ...details, http: { status: HTTP_STATUS[code] } } });
    this.name = 'LimitExceededError';
  }
}

export const rateLimited = (retryAfterSeconds: number) =>
  new LimitExceededError('RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });

/** Which cap refused a subscription: its connection's, its identity's, or the service's memory budget. */
export type SubscriptionCap = 'connection' | 'identity' | 'service';

const SUBSCRIPTION_CAP_MESSAGES: Record<SubscriptionCap, (limit: number) => string> = {
  connection: (limit) => `This connection has ${limit} open subscriptions, the most one connection may have`,
  identity: (limit) => `You have ${limit} open subscriptions, the most one identity may have`,
  service: (limit) => `The service has ${limit} open subscriptions, as many as its memory budget allows; try again later`,
};

export const tooManySubscriptions = (cap: SubscriptionCap, limit: number) =>
  new LimitExceededError('TOO_MANY_SUBSCRIPTIONS', SUBSCRIPTION_CAP_MESSAGES[cap](limit), { cap, limit });
