import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '../core/domain-error';
import { requestContextOf } from '../graphql/request-context';
import { authorize, routeKey } from './permissions';
import type { AuthenticatedRequest } from '../core/principal';

/**
 * Global guard: holds every GraphQL root field (queries, mutations, subscriptions, over HTTP and WebSocket) and every
 * HTTP route to the authorization table, before pipes validate and before any resolver or command runs.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const type = context.getType<string>();
    if (type === 'graphql') {
      const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
      const { schema, parentType } = info;
      const rootTypes = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
      // A field of an object type is resolved under a root field that was already checked.
      if (!rootTypes.includes(parentType)) return true;
      const { actor, authFailure } = requestContextOf(context);
      authorize(`${parentType.name}.${info.fieldName}`, actor, authFailure);
      return true;
    }
    if (type === 'http') {
      const { principal, authFailure } = context.switchToHttp().getRequest<AuthenticatedRequest>();
      authorize(routeKey(context.getClass(), context.getHandler()), principal ?? null, authFailure);
      return true;
    }
    throw new DomainError('FORBIDDEN', `No authorization rule covers ${type} requests`);
  }
}
