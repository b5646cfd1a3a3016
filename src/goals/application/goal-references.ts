import { streamName } from '../../core/decider';
import { loadState } from '../../core/handle-command';
import { conceptVersionInForce, districtsDecider } from '../../districts/domain/districts.decider';
import type { EventStore } from '../../event-store/event-store.port';
import type { DistrictFacts } from '../domain/goals.commands';

/**
 * Reads what a goal command needs to know from other streams; the decider gets these facts in the command data,
 * so it stays pure. Catalogue entries, districts and concept versions are never removed, so a fact read here
 * still holds at the append — except that a district's programme may close in between, which only matters for
 * defining a goal, and a goal defined at the very moment of closing is accepted.
 */

const loadDistrict = (store: EventStore, districtId: string) =>
  loadState(store, districtsDecider, streamName(districtsDecider.category, districtId));

export async function districtFacts(store: EventStore, districtId: string): Promise<DistrictFacts> {
  const { state } = await loadDistrict(store, districtId);
  if (state.status === 'unregistered') return { registered: false, closed: false, conceptVersions: [] };
  return {
    registered: true,
    closed: state.status === 'closed',
    conceptVersions: state.conceptVersions.map((v) => v.version),
  };
}

/** The number of the district's concept version in force on the date, or null when none was adopted by then. */
export async function conceptVersionInForceOn(store: EventStore, districtId: string, isoDate: string): Promise<number | null> {
  const { state } = await loadDistrict(store, districtId);
  return conceptVersionInForce(state, isoDate)?.version ?? null;
}
