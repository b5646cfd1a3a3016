import { streamName } from '../../core/decider';
import { loadState } from '../../core/handle-command';
import type { EventStore } from '../../event-store/event-store.port';
import { ACTION_FIELD_CATALOGUE_ID, actionFieldsDecider } from '../domain/action-fields.decider';

/**
 * Ids of the action fields in the catalogue, for commands of other aggregates that name action fields (the decider
 * gets them in the command data and stays pure). Fields are never removed, so an id found here still exists at the
 * append.
 */
export async function knownActionFieldIds(store: EventStore): Promise<string[]> {
  const catalogue = streamName(actionFieldsDecider.category, ACTION_FIELD_CATALOGUE_ID);
  const { state } = await loadState(store, actionFieldsDecider, catalogue);
  return [...state.fields.keys()];
}
