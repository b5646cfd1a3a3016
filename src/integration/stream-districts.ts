import { Inject, Injectable } from '@nestjs/common';
import { districtOf, districtOfCreation, districtStreamOf } from '../event-registry';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { streamCategory, type RecordedEvent } from '../core/envelope';

/** Streams whose district is remembered; a forgotten one costs one read of its first event. */
const CACHED_STREAMS = 20_000;

/**
 * The district of any stored event, for the integrators' district filter. Later events of a body, goal, measure
 * or grant do not name their district, so it comes from the stream's creation event, read once from the store
 * and remembered (a stream never changes district). Same rules as the audit trail (the event registry's district rules), but
 * from the log rather than from a read model, so it never lags behind the events it is asked about.
 */
@Injectable()
export class StreamDistricts {
  private readonly known = new Map<string, string>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Bound so it can be passed around as a DistrictOfEvent. */
  readonly districtOf = async (event: RecordedEvent): Promise<string | null> => {
    const stream = districtStreamOf(event);
    if (stream === null) return null;
    if (streamCategory(stream) === 'district') return districtOf(event, null);
    return districtOf(event, await this.districtOfStream(stream));
  };

  private async districtOfStream(streamId: string): Promise<string | null> {
    const cached = this.known.get(streamId);
    if (cached !== undefined) {
      // Least recently used goes first: re-insert to move it to the end.
      this.known.delete(streamId);
      this.known.set(streamId, cached);
      return cached;
    }
    const district = await districtOfCreation(this.store, streamId);
    if (district !== null) {
      this.known.set(streamId, district);
      if (this.known.size > CACHED_STREAMS) this.known.delete(this.known.keys().next().value!);
    }
    return district;
  }
}
