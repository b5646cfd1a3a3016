import type { ExpectedVersion } from './event-store.port';

/** The stream was not at the expected version: someone else appended first. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** Actual version of the last event, or -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected version ${String(expected)}, actual ${actual === -1 ? 'no stream' : actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Some but not all of the event ids of an append are already stored, or stored in another stream. */
export class IdempotencyViolationError extends Error {
  constructor(readonly streamId: string, readonly eventId: string) {
    super(`Event ${eventId} is already stored but the append does not repeat the original one (stream ${streamId})`);
    this.name = 'IdempotencyViolationError';
  }
}

/** The store is closed or not reachable. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** A position given by a caller is not one this store hands out. API layers map it to BAD_USER_INPUT. */
export class InvalidPositionError extends Error {
  constructor(readonly position: unknown, expected: string) {
    super(`Invalid event store position ${JSON.stringify(position)}: expected ${expected}`);
    this.name = 'InvalidPositionError';
  }
}
