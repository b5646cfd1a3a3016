import { DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';

/** Connectivity failures become the port's EventStoreUnavailableError; every other error passes through unchanged. */
export function translateClientError(error: unknown): unknown {
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError) {
    return new EventStoreUnavailableError(`EventStoreDB is not reachable: ${error.message}`, { cause: error });
  }
  return error;
}
