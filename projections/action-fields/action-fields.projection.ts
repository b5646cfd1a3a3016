import type { RecordedEvent } from '../../src/core/envelope';
import type { ActionFieldEvent } from '../../src/catalogue/domain/action-fields.events';
import { ACTION_FIELD_EVENT_TYPES } from '../../src/catalogue/domain/action-fields.events';
import type { Projection } from '../runner/projection';

export const ACTION_FIELDS_COLLECTION = 'action_fields';

export interface ActionFieldDoc {
  id: string;
  number: number;
  name: string;
  nameDe: string;
  addedAt: string;
  renamedAt: string | null;
  [key: string]: unknown;
}

const asEvent = (event: RecordedEvent) => event as unknown as ActionFieldEvent & RecordedEvent;

export const actionFieldsProjection: Projection = {
  name: 'action-fields',
  version: 1,
  eventTypes: ACTION_FIELD_EVENT_TYPES,
  collections: [{ name: ACTION_FIELDS_COLLECTION, indexes: [['number']] }],

  documentsFor: (event) => [{ collection: ACTION_FIELDS_COLLECTION, id: asEvent(event).data.actionFieldId }],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const at = recorded.metadata.recordedAt;
    switch (event.type) {
      case 'ActionFieldAdded': {
        const doc: ActionFieldDoc = {
          id: event.data.actionFieldId,
          number: event.data.number,
          name: event.data.name,
          nameDe: event.data.nameDe,
          addedAt: at,
          renamedAt: null,
        };
        return [{ collection: ACTION_FIELDS_COLLECTION, doc }];
      }
      case 'ActionFieldRenamed': {
        const current = docs.get<ActionFieldDoc>(ACTION_FIELDS_COLLECTION, event.data.actionFieldId);
        if (!current) return [];
        const doc = { ...current, name: event.data.name, nameDe: event.data.nameDe, renamedAt: at };
        return [{ collection: ACTION_FIELDS_COLLECTION, doc }];
      }
    }
  },
};
