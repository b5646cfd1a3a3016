import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '../core/domain-error';
import { InvalidPositionError } from '../event-store/event-store.errors';
import { InvalidCursorError } from '../read-store/read-store.cursor';

/**
 * Refusals are answers, not failures: hand them to GraphQL's error formatting (src/graphql/format-error.ts) as
 * they are, without Nest's default handler logging each refused command or bad cursor as an error.
 */
@Catch(DomainError, InvalidCursorError, InvalidPositionError)
export class ExpectedErrorsFilter implements GqlExceptionFilter {
  catch(error: Error): Error {
    return error;
  }
}
