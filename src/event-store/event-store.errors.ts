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
