import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Principal } from '../auth/principal';
import { DomainError } from '../core/domain-error';

/** What every GraphQL operation knows about its caller (HTTP request or WebSocket connection). */
export interface RequestContext {
  actor: Principal | null;
  /** Why a presented credential was refused, for the UNAUTHENTICATED message. */
  authFailure?: string;
  correlationId: string;
  /** The WebSocket connection of a graphql-ws operation (absent over HTTP), so a subscription can close it. */
  connection?: { close(code: number, reason: string): void };
}

export const requestContextOf = (context: ExecutionContext): RequestContext =>
  GqlExecutionContext.create(context).getContext<{ request: RequestContext }>().request;

/** The identified actor; an operation without one is refused with UNAUTHENTICATED. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const { actor, authFailure } = requestContextOf(context);
  if (!actor) throw new DomainError('UNAUTHENTICATED', authFailure ?? 'A valid bearer token is required');
  return actor;
});

export const CurrentRequest = createParamDecorator(
  (_: unknown, context: ExecutionContext): RequestContext => requestContextOf(context),
);
