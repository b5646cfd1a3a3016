import type { RecordedEvent } from '../../src/core/envelope';
import {
  FUNDING_PROGRAMME_EVENT_TYPES,
  type FundingProgrammeEvent,
  type FundingProgrammeTerms,
} from '../../src/funding/domain/funding-programmes.events';
import type { Projection } from '../runner/projection';

export const FUNDING_PROGRAMMES_COLLECTION = 'funding_programmes';

export type FundingProgrammeDoc = FundingProgrammeTerms & {
  id: string;
  addedAt: string;
  updatedAt: string;
  [key: string]: unknown;
};

const asEvent = (event: RecordedEvent) => event as unknown as FundingProgrammeEvent & RecordedEvent;

export const fundingProgrammesProjection: Projection = {
  name: 'funding-programmes',
  version: 1,
  eventTypes: FUNDING_PROGRAMME_EVENT_TYPES,
  collections: [{ name: FUNDING_PROGRAMMES_COLLECTION, indexes: [['name'], ['level', 'name']] }],

  documentsFor: (event) => [{ collection: FUNDING_PROGRAMMES_COLLECTION, id: asEvent(event).data.programmeId }],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const at = recorded.metadata.recordedAt;
    switch (event.type) {
      case 'FundingProgrammeAdded': {
        const { programmeId, ...terms } = event.data;
        const doc: FundingProgrammeDoc = { ...terms, id: programmeId, addedAt: at, updatedAt: at };
        return [{ collection: FUNDING_PROGRAMMES_COLLECTION, doc }];
      }
      case 'FundingProgrammeUpdated': {
        const current = docs.get<FundingProgrammeDoc>(FUNDING_PROGRAMMES_COLLECTION, event.data.programmeId);
        if (!current) return [];
        const doc: FundingProgrammeDoc = { ...current, ...event.data.changes, updatedAt: at };
        return [{ collection: FUNDING_PROGRAMMES_COLLECTION, doc }];
      }
    }
  },
};
