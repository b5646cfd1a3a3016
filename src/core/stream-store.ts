import type { NewEvent, RecordedEvent } from './envelope';

/**
 * The part of the event store the command pipeline needs: read one stream, append to it at a version. The
 * EventStore port extends it; core declares it so that core does not depend on the port.
 */

/** A stream version, or one of the three named conditions. */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendResult {
  /** Version of the last event now in the stream: pass it as the expected version of the next append. */
  nextExpectedVersion: number;
  /** Position of the last appended event. */
  position: string;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; forwards defaults to 0, backwards to the end of the stream. */
  fromVersion?: number;
  maxCount?: number;
}

export interface StreamStore {
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;
  /** A stream that does not exist reads as an empty list. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
}

/** The stream was not at the expected version: someone else appended first. The pipeline reloads and re-decides. */
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

/** DI token of the StreamStore; the event store module binds it to the configured event store. */
export const STREAM_STORE = Symbol('STREAM_STORE');
