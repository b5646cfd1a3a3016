import type { RecordedEvent } from '../core/envelope';
import { HEAD_HASH_START, type LogCheckpoint, nextHeadHash, type StreamTip } from './log-checkpoint';

/**
 * What a comparison of the log with a signed checkpoint can find. Truncation: events the checkpoint covered are
 * gone. Rewrite: what the checkpoint covered reads differently now (edited, inserted or reordered events, even
 * with every per-stream hash recomputed).
 */
export const TRUNCATION_KINDS = ['LOG_ENDS_BEFORE_CHECKPOINT', 'EVENTS_MISSING', 'STREAM_MISSING', 'STREAM_SHORTER'] as const;
export const REWRITE_KINDS = [
  'EVENTS_ADDED',
  'HEAD_HASH_MISMATCH',
  'STREAM_LONGER',
  'STREAM_TIP_MISMATCH',
  'STREAM_NOT_IN_CHECKPOINT',
] as const;
export type CheckpointFindingKind = (typeof TRUNCATION_KINDS)[number] | (typeof REWRITE_KINDS)[number];

export interface CheckpointFinding {
  kind: CheckpointFindingKind;
  /** The stream concerned; null for findings about the whole log. */
  streamId: string | null;
  /** What the checkpoint says: a position, an event count, a stream version or a hash, by kind. */
  expected: string | null;
  /** What the log says now, in the same terms; null when there is nothing (a missing stream, an empty log). */
  found: string | null;
}

export interface CheckpointFindings {
  truncated: boolean;
  rewritten: boolean;
  /** At most MAX_FINDINGS; `findingCount` says how many there were. */
  findings: CheckpointFinding[];
  findingCount: number;
}

/** Findings listed in a result; a log rewritten wholesale would otherwise give one per stream. */
export const MAX_FINDINGS = 100;

type Tip = Omit<StreamTip, 'streamId'>;

/** A stream's tip at the checkpoint against the one recorded in it. */
function compareTip(streamId: string, recorded: Tip | undefined, found: Tip | undefined): CheckpointFinding | null {
  if (recorded === undefined) {
    return found ? { kind: 'STREAM_NOT_IN_CHECKPOINT', streamId, expected: null, found: String(found.version) } : null;
  }
  const expected = String(recorded.version);
  if (found === undefined) return { kind: 'STREAM_MISSING', streamId, expected, found: null };
  if (found.version < recorded.version) return { kind: 'STREAM_SHORTER', streamId, expected, found: String(found.version) };
  if (found.version > recorded.version) return { kind: 'STREAM_LONGER', streamId, expected, found: String(found.version) };
  if (found.hash !== recorded.hash) return { kind: 'STREAM_TIP_MISMATCH', streamId, expected: recorded.hash, found: found.hash };
  return null;
}

function summarise(all: CheckpointFinding[]): CheckpointFindings {
  const truncation = new Set<string>(TRUNCATION_KINDS);
  return {
    truncated: all.some((finding) => truncation.has(finding.kind)),
    rewritten: all.some((finding) => !truncation.has(finding.kind)),
    findings: all.slice(0, MAX_FINDINGS),
    findingCount: all.length,
  };
}

/**
 * The whole log against a checkpoint, fed the events in log order while the chains are checked: recomputes the
 * head hash, the event count and each stream's tip up to the checkpoint's position. Memory: one tip per stream.
 */
export class CheckpointComparison {
  private head = HEAD_HASH_START;
  private count = 0;
  private readonly tips = new Map<string, Tip>();
  private passed = false;

  constructor(private readonly checkpoint: LogCheckpoint) {}

  /** True while more events may belong to the checkpoint; false from the first event beyond its position on. */
  get open(): boolean {
    return !this.passed;
  }

  /** Takes the next event in log order; false (and nothing taken) when it lies beyond the checkpoint. */
  add(event: RecordedEvent): boolean {
    if (this.passed || event.position > this.checkpoint.position) {
      this.passed = true;
      return false;
    }
    this.count += 1;
    this.head = nextHeadHash(this.head, event.metadata.hash);
    this.tips.set(event.streamId, { version: event.streamVersion, hash: event.metadata.hash });
    return true;
  }

  /** The verdict once every event up to the checkpoint was added; `logHead` is the log's head when the scan began. */
  findings(logHead: string | null): CheckpointFindings {
    const { checkpoint } = this;
    const all: CheckpointFinding[] = [];
    if (logHead === null || logHead < checkpoint.position) {
      all.push({ kind: 'LOG_ENDS_BEFORE_CHECKPOINT', streamId: null, expected: checkpoint.position, found: logHead });
    }
    const expectedCount = String(checkpoint.eventCount);
    if (this.count < checkpoint.eventCount) all.push({ kind: 'EVENTS_MISSING', streamId: null, expected: expectedCount, found: String(this.count) });
    if (this.count > checkpoint.eventCount) all.push({ kind: 'EVENTS_ADDED', streamId: null, expected: expectedCount, found: String(this.count) });
    // With the count changed the head hash differs anyway; with the same count a different one means altered events.
    if (this.count === checkpoint.eventCount && this.head !== checkpoint.headHash) {
      all.push({ kind: 'HEAD_HASH_MISMATCH', streamId: null, expected: checkpoint.headHash, found: this.head });
    }
    const recorded = new Set<string>();
    for (const { streamId, version, hash } of checkpoint.streams) {
      recorded.add(streamId);
      const finding = compareTip(streamId, { version, hash }, this.tips.get(streamId));
      if (finding) all.push(finding);
    }
    for (const [streamId, tip] of this.tips) {
      if (!recorded.has(streamId)) all.push(compareTip(streamId, undefined, tip)!);
    }
    return summarise(all);
  }
}

/**
 * One stream against a checkpoint: its last event at or before the checkpoint's position must be the tip the
 * checkpoint recorded. `events` are the stream's events in version order.
 */
export function compareStreamWithCheckpoint(
  checkpoint: LogCheckpoint,
  streamId: string,
  events: readonly RecordedEvent[],
): CheckpointFindings {
  let found: Tip | undefined;
  for (const event of events) {
    if (event.position <= checkpoint.position) found = { version: event.streamVersion, hash: event.metadata.hash };
  }
  const recorded = checkpoint.streams.find((tip) => tip.streamId === streamId);
  const finding = compareTip(streamId, recorded, found);
  return summarise(finding ? [finding] : []);
}
