/**
 * The event envelope (DESIGN.md, "Event envelope"): what every stored event carries, whichever store keeps it.
 * Deciders, the command pipeline and the event store port all speak it, so it lives in core.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Actor {
  id: string;
  role: string;
  /** The person an API key acts for (its issuer, or the person at the root of a chain of keys); absent otherwise. */
  onBehalfOf?: string;
}

/** Metadata carried by every event (see DESIGN.md, "Event envelope"). */
export interface EventMetadata {
  actorId: string;
  actorRole: string;
  /**
   * The person behind the actor when that is not the actor itself: for an API key (`apikey-<keyId>`) the person who
   * issued it. Absent for a person acting directly, and on events recorded before it was introduced.
   */
  onBehalfOf?: string;
  /** ISO timestamp: when the event was recorded. */
  recordedAt: string;
  /** ISO date or timestamp: when the fact took effect in the business sense, if it differs. */
  effectiveAt?: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  reason?: string;
  /** A cited decision of a body (`<bodyId>/<decisionId>`), when one is the reason for this event. */
  decisionRef?: string;
  /** SHA-256 of the request (mutation and arguments) that issued the command; absent for the service's own commands. */
  requestHash?: string;
  schemaVersion: number;
  /** Hash of the previous event in the same stream ('' for the first). */
  prevHash: string;
  /** SHA-256 (hex) over prevHash + canonical JSON of the event. */
  hash: string;
}

export interface NewEvent {
  /** UUID; appending an event id that is already stored is idempotent. */
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  streamVersion: number;
  position: string;
}

/** Streams are named `<category>-<id>`; the category is the text before the first '-'. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
