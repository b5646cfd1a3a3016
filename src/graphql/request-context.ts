import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Principal } from '../core/principal';
import { canonicalJson } from '../core/canonical-json';
import { DomainError } from '../core/domain-error';

/** What every GraphQL operation knows about its caller (HTTP request or WebSocket connection). */
export interface RequestContext {
  actor: Principal | null;
  /** Why a presented credential was refused, for the UNAUTHENTICATED message. */
  authFailure?: string;
  correlationId: string;
  /** The WebSocket connection of a graphql-ws operation (absent over HTTP), so a subscription can close it. */
  connection?: { close(code: number, reason: string): void };
  /** In a mutation: SHA-256 of the mutation and its arguments, the command's `requestHash` (see commandContext). */
  requestHash?: string;
}

export const requestContextOf = (context: ExecutionContext): RequestContext =>
  GqlExecutionContext.create(context).getContext<{ request: RequestContext }>().request;

/** The identified actor; an operation without one is refused with UNAUTHENTICATED. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const { actor, authFailure } = requestContextOf(context);
  if (!actor) throw new DomainError('UNAUTHENTICATED', authFailure ?? 'A valid bearer token is required');
  return actor;
});

/**
 * The request; in a mutation with the hash of what this root field was asked (one document may hold several
 * mutations), so a command id sent again with another request is recognised.
 */
export const CurrentRequest = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = requestContextOf(context);
  const gql = GqlExecutionContext.create(context);
  const info = gql.getInfo<GraphQLResolveInfo | undefined>();
  if (info?.operation.operation !== 'mutation') return request;
  // Through JSON first: arguments are what the client sent, as JSON carries it (no class instances, no undefined).
  const asked = canonicalJson({ mutation: info.fieldName, arguments: JSON.parse(JSON.stringify(gql.getArgs())) as unknown });
  return { ...request, requestHash: createHash('sha256').update(asked).digest('hex') };
});
