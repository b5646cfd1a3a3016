import { DeadlineExceededError, UnavailableError, convertToCommandError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';

/** Connectivity failures become the port's EventStoreUnavailableError; every other error passes through unchanged. */
export function translateClientError(error: unknown): unknown {
  // Some client paths (e.g. batch appends before a connection exists) reject with the raw gRPC error.
  const converted = error instanceof Error ? convertToCommandError(error) : error;
  if (converted instanceof UnavailableError || converted instanceof DeadlineExceededError) {
    return new EventStoreUnavailableError(`EventStoreDB is not reachable: ${converted.message}`, { cause: error });
  }
  return error;
}
