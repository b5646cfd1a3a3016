import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from '../event-store/event-store.port';
import { DomainError } from '../core/domain-error';

/** What every GraphQL operation knows about its caller (HTTP request or WebSocket connection). */
export interface RequestContext {
  actor: Actor | null;
  correlationId: string;
}

export const requestContextOf = (context: ExecutionContext): RequestContext =>
  GqlExecutionContext.create(context).getContext<{ request: RequestContext }>().request;

/** The identified actor; an operation without one is refused with UNAUTHENTICATED. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const { actor } = requestContextOf(context);
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'A valid bearer token is required');
  return actor;
});

export const CurrentRequest = createParamDecorator(
  (_: unknown, context: ExecutionContext): RequestContext => requestContextOf(context),
);
