import type { RecordedEvent } from '../core/envelope';
import { type ChainBreak, type ChainTip, chainStart, linkProblem } from '../core/hash-chain';
import type { StreamTip } from './log-checkpoint';

/**
 * Verifies the hash chains of many streams while their events arrive interleaved in log order, keeping only each
 * stream's tip (bounded memory: one entry per stream, not per event), with the same link check as `verifyChain`.
 */
export class ChainTips {
  private readonly tips = new Map<string, ChainTip>();

  /** Continues from the tips a checkpoint recorded instead of from the start of every stream. */
  constructor(from: readonly StreamTip[] = []) {
    for (const { streamId, version, hash } of from) this.tips.set(streamId, { nextVersion: version + 1, lastHash: hash });
  }

  /** Streams seen so far (including one whose first event broke). */
  get streamCount(): number {
    return this.tips.size;
  }

  /** Checks the next event of its stream; the first broken link, or null. */
  check(event: RecordedEvent): ChainBreak | null {
    let tip = this.tips.get(event.streamId);
    if (!tip) {
      tip = chainStart();
      this.tips.set(event.streamId, tip);
    }
    const problem = linkProblem(event, tip);
    if (problem) return { streamId: event.streamId, streamVersion: event.streamVersion, eventId: event.eventId, problem };
    tip.nextVersion += 1;
    tip.lastHash = event.metadata.hash;
    return null;
  }

  /** Every stream's last linked event, ordered by stream id (a checkpoint's `streams`). */
  streamTips(): StreamTip[] {
    return [...this.tips]
      .filter(([, tip]) => tip.nextVersion > 0)
      .map(([streamId, tip]) => ({ streamId, version: tip.nextVersion - 1, hash: tip.lastHash }))
      .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  }
}
