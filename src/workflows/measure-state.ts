import { assertExpectedVersion, loadState } from '../core/handle-command';
import { type CommandContext, streamName } from '../core/decider';
import type { EventStore } from '../event-store/event-store.port';
import { measuresDecider, type MeasureState } from '../measures/domain/measures.decider';

/**
 * The measure's current state for the dry run that opens a cross-stream command, or 'repeated' when the measure
 * stream already holds events of this command id (the pipeline then answers with the first outcome, and the
 * other streams must not be touched again). Otherwise the client's expectedVersion is compared with the measure
 * stream first, so a stale command touches no other stream.
 */
export async function measureStateUnlessRepeated(
  store: EventStore,
  measureId: string,
  context: CommandContext,
): Promise<MeasureState | 'repeated'> {
  const streamId = streamName(measuresDecider.category, measureId);
  const { state, events } = await loadState(store, measuresDecider, streamId);
  if (events.some((event) => event.metadata.commandId === context.commandId)) return 'repeated';
  assertExpectedVersion(context, streamId, events.at(-1)?.streamVersion ?? -1);
  return state;
}
