import type { CommandContext } from '../../core/decider';
import { loadState } from '../../core/handle-command';
import { streamName } from '../../core/decider';
import { deterministicUuid } from '../../core/ids';
import type { EventStore } from '../../event-store/event-store.port';
import { measuresDecider, type MeasureState } from '../domain/measures.decider';

/**
 * Context of a command issued by another command: its id is derived from the parent's (so a retried parent
 * repeats, rather than duplicates, its sub-commands) and the parent is its cause.
 */
export const subCommandContext = (parent: CommandContext, ...parts: string[]): CommandContext => ({
  ...parent,
  commandId: deterministicUuid(parent.commandId, ...parts),
  causationId: parent.commandId,
});

/**
 * The measure's current state for the dry run that opens a cross-stream command, or 'repeated' when the measure
 * stream already holds events of this command id (the pipeline then answers with the first outcome, and the
 * other streams must not be touched again).
 */
export async function measureStateUnlessRepeated(
  store: EventStore,
  measureId: string,
  commandId: string,
): Promise<MeasureState | 'repeated'> {
  const { state, events } = await loadState(store, measuresDecider, streamName(measuresDecider.category, measureId));
  return events.some((event) => event.metadata.commandId === commandId) ? 'repeated' : state;
}
