import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS_OF } from '../core/domain-error';
import { InvalidPositionError } from '../event-store/event-store.errors';
import { LimitExceededError } from '../limits/limit-exceeded.error';
import { InvalidCursorError } from '../read-store/read-store.cursor';

const expected = (error: unknown): error is DomainError | InvalidCursorError | InvalidPositionError =>
  error instanceof DomainError || error instanceof InvalidCursorError || error instanceof InvalidPositionError;

/**
 * Every error of a GraphQL resolver goes to GraphQL's error formatting (src/graphql/format-error.ts) as it is,
 * which answers refusals with their code and logs an unexpected error once, with its stack — without Nest's
 * default handler logging each refused command, bad cursor or refused subscription as an error, or an unexpected one
 * a second time without its stack. An HTTP route without a filter of its own (one the authorization guard refused,
 * say) answers a refusal with `{ error, code }` and its status, anything else as Nest does.
 */
@Catch()
export class ExpectedErrorsFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return error;
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof LimitExceededError) {
      const status = (error.extensions.http as { status: number }).status;
      response.status(status).json({ error: error.message, code: error.code });
      return;
    }
    if (!expected(error)) return super.catch(error, host);
    const code = error instanceof DomainError ? error.code : 'BAD_USER_INPUT';
    response.status(HTTP_STATUS_OF[code]).json({ error: error.message, code });
  }
}
