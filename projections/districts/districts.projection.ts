import type { RecordedEvent } from '../../src/event-store/event-store.port';
import type { DistrictEvent, DistrictProfile } from '../../src/districts/domain/districts.events';
import { DISTRICT_EVENT_TYPES } from '../../src/districts/domain/districts.events';
import type { Projection } from '../runner/projection';

export const DISTRICTS_COLLECTION = 'districts';

export type DistrictDoc = DistrictProfile & {
  id: string;
  registeredAt: string;
  updatedAt: string;
  /** Stream version of the last applied event. */
  version: number;
  [key: string]: unknown;
};

const asEvent = (event: RecordedEvent) => event as unknown as DistrictEvent & RecordedEvent;

export const districtsProjection: Projection = {
  name: 'districts',
  version: 1,
  eventTypes: DISTRICT_EVENT_TYPES,
  collections: [{ name: DISTRICTS_COLLECTION, indexes: [['municipality', 'name'], ['name']] }],

  documentsFor: (event) => [{ collection: DISTRICTS_COLLECTION, id: asEvent(event).data.districtId }],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const at = recorded.metadata.recordedAt;
    switch (event.type) {
      case 'DistrictRegistered': {
        const { districtId, ...profile } = event.data;
        const doc: DistrictDoc = {
          ...profile,
          id: districtId,
          registeredAt: at,
          updatedAt: at,
          version: recorded.streamVersion,
        };
        return [{ collection: DISTRICTS_COLLECTION, doc }];
      }
      case 'DistrictProfileUpdated': {
        const current = docs.get<DistrictDoc>(DISTRICTS_COLLECTION, event.data.districtId);
        if (!current) return [];
        const doc = { ...current, ...event.data.changes, updatedAt: at, version: recorded.streamVersion };
        return [{ collection: DISTRICTS_COLLECTION, doc }];
      }
    }
  },
};
