import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '../core/domain-error';

/**
 * Domain errors are answers, not failures: hand them to GraphQL's error formatting as they are, without Nest's
 * default handler logging each refused command as an error.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}
