import { badInput } from '../core/domain-error';
import { eventSize, type EventStore } from '../event-store/event-store.port';
import type { ConnectionShape } from '../graphql/connection';
import { toIntegrationEvent, type IntegrationEvent } from './cloud-event';
import { matchesDistrict, storeFilterOf, type DistrictOfEvent, type IntegrationFilter } from './integration-filter';

export const MAX_FEED_PAGE = 1000;
/**
 * Bytes of events (eventSize) one feed page holds at most, whatever `first` asks for: a thousand 90 KB events would
 * be 90 MB in memory for one request. The page then ends early with hasNextPage (it holds at least one event).
 */
export const MAX_FEED_PAGE_BYTES = 4 * 1024 * 1024;
/**
 * Store reads per feed page at most: a narrow district filter over a long log answers with a short page and
 * hasNextPage rather than scanning without bound.
 */
const MAX_READS_PER_PAGE = 10;

export interface EventFeedRequest {
  /** Exclusive cursor (a store position); omitted = from the start of the log. */
  after?: string;
  first: number;
  /** Already validated (validIntegrationFilter). */
  filter: IntegrationFilter;
}

/** Refuses what is not a cursor this store handed out. */
export function assertCursor(store: EventStore, after: string | undefined): void {
  if (after !== undefined && !store.isPosition(after)) {
    throw badInput('after is not a cursor of this event feed', { field: 'after' });
  }
}

/**
 * One page of the integrators' feed, in store order. Edge cursors are the events' positions; endCursor is where
 * the scan stopped (it may lie past the last edge when filtered-out events followed), so polling with it never
 * re-reads them. hasNextPage is false only once the head of the log was reached.
 */
export async function readEventFeed(
  store: EventStore,
  districtOf: DistrictOfEvent,
  source: string,
  { after, first, filter }: EventFeedRequest,
): Promise<ConnectionShape<IntegrationEvent>> {
  assertCursor(store, after);
  const storeFilter = storeFilterOf(filter);
  const edges: { cursor: string; node: IntegrationEvent }[] = [];
  let cursor = after;
  let isEnd = false;
  let bytes = 0;
  for (let reads = 0; reads < MAX_READS_PER_PAGE && edges.length < first && bytes < MAX_FEED_PAGE_BYTES && !isEnd; reads++) {
    const page = await store.readAll({
      after: cursor,
      maxCount: first - edges.length,
      maxBytes: MAX_FEED_PAGE_BYTES - bytes,
      filter: storeFilter,
    });
    for (const event of page.events) {
      if (await matchesDistrict(event, filter, districtOf)) {
        edges.push({ cursor: event.position, node: toIntegrationEvent(event, source) });
        bytes += eventSize(event);
      }
    }
    cursor = page.lastPosition ?? cursor;
    isEnd = page.isEnd;
  }
  return { edges, pageInfo: { endCursor: cursor ?? null, hasNextPage: !isEnd } };
}
