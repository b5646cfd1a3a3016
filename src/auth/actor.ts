import type { NextFunction, Response } from 'express';
import type { Authenticator, Credentials } from './authenticator';
import type { AuthenticatedRequest } from '../core/principal';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Express middleware: identifies the caller once per request, for GraphQL and the HTTP endpoints alike. */
export function authenticate(authenticator: Authenticator) {
  return async (request: AuthenticatedRequest, _response: Response, next: NextFunction): Promise<void> => {
    const { principal, failure } = await authenticator.authenticate({
      authorization: request.headers.authorization,
      devActor: text(request.headers['x-dev-actor']),
    });
    request.principal = principal;
    request.authFailure = failure;
    next();
  };
}

/** A graphql-ws connection presents its credentials as connection parameters: `authorization`, `devActor`. */
export const connectionCredentials = (params: Readonly<Record<string, unknown>> | undefined): Credentials => ({
  authorization: text(params?.authorization ?? params?.Authorization),
  devActor: text(params?.devActor),
});
