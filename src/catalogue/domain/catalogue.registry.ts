import { defineEvents } from '../../core/event-registry';
import { actionFieldsDecider } from './action-fields.decider';
import type { ActionFieldEvent } from './action-fields.events';

/** The catalogue of action fields in the event registry (src/core/event-registry.ts); it belongs to no district. */
export const ACTION_FIELD_EVENTS = defineEvents<ActionFieldEvent>(actionFieldsDecider, {
  ActionFieldAdded: {
    businessDate: null,
    audit: {
      en: (d) => `Action field ${d.number} "${d.name}" added`,
      de: (d) => `Handlungsfeld ${d.number} „${d.nameDe}“ aufgenommen`,
    },
    public: true,
    district: { from: 'none' },
    opensStream: true,
  },
  ActionFieldRenamed: {
    businessDate: null,
    audit: {
      en: (d) => `Action field ${d.actionFieldId} renamed: "${d.previousName}" → "${d.name}"`,
      de: (d) => `Handlungsfeld ${d.actionFieldId} umbenannt: „${d.previousNameDe}“ → „${d.nameDe}“`,
    },
    public: true,
    district: { from: 'none' },
  },
});
