import { loadState } from '../../core/handle-command';
import { streamName } from '../../core/decider';
import type { EventStore } from '../../event-store/event-store.port';
import { measuresDecider, type MeasureState } from '../domain/measures.decider';

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
