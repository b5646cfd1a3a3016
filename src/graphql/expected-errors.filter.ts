import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS_OF } from '../core/domain-error';
import { InvalidPositionError } from '../event-store/event-store.errors';
import { LimitExceededError } from '../limits/limit-exceeded.error';
import { InvalidCursorError } from '../read-store/read-store.cursor';

/**
 * Refusals are answers, not failures: hand them to GraphQL's error formatting (src/graphql/format-error.ts) as
 * they are, without Nest's default handler logging each refused command, bad cursor or refused subscription as an
 * error. An HTTP route without a filter of its own (one the authorization guard refused, say) answers
 * `{ error, code }` with the status.
 */
@Catch(DomainError, InvalidCursorError, InvalidPositionError, LimitExceededError)
export class ExpectedErrorsFilter implements GqlExceptionFilter {
  catch(error: Error, host: ArgumentsHost): Error | void {
    if (host.getType() !== 'http') return error;
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof LimitExceededError) {
      const status = (error.extensions.http as { status: number }).status;
      response.status(status).json({ error: error.message, code: error.code });
      return;
    }
    const code = error instanceof DomainError ? error.code : 'BAD_USER_INPUT';
    response.status(HTTP_STATUS_OF[code]).json({ error: error.message, code });
  }
}
