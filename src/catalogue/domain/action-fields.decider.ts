import type { Decider } from '../../core/decider';
import { notFound, ruleViolated } from '../../core/domain-error';
import type { ActionFieldCommand } from './action-fields.commands';
import type { ActionFieldEvent } from './action-fields.events';

/** The whole action-field catalogue is one stream: ids and names must be unique across it. */
export const ACTION_FIELD_CATALOGUE_ID = 'action-fields';

export interface ActionFieldCatalogue {
  fields: ReadonlyMap<string, { number: number; name: string; nameDe: string }>;
}

export const actionFieldsDecider: Decider<ActionFieldCatalogue, ActionFieldCommand, ActionFieldEvent> = {
  category: 'catalogue',
  schemaVersion: 1,

  initialState: () => ({ fields: new Map() }),

  evolve(state, event) {
    const fields = new Map(state.fields);
    switch (event.type) {
      case 'ActionFieldAdded':
        fields.set(event.data.actionFieldId, {
          number: event.data.number,
          name: event.data.name,
          nameDe: event.data.nameDe,
        });
        break;
      case 'ActionFieldRenamed': {
        const current = fields.get(event.data.actionFieldId);
        if (current) fields.set(event.data.actionFieldId, { ...current, name: event.data.name, nameDe: event.data.nameDe });
        break;
      }
    }
    return { fields };
  },

  decide(command, state) {
    switch (command.type) {
      case 'SeedDefaultActionFields':
        // Seeding happens once, into an empty catalogue; afterwards the catalogue belongs to its users.
        if (state.fields.size > 0) return [];
        return command.data.defaults.map((field, index) => ({
          type: 'ActionFieldAdded' as const,
          data: { ...field, number: index + 1 },
        }));
      case 'AddActionField': {
        const { actionFieldId, name, nameDe } = command.data;
        if (state.fields.has(actionFieldId)) {
          throw ruleViolated('ACTION_FIELD_EXISTS', `Action field ${actionFieldId} already exists`);
        }
        assertNameFree(state, name, actionFieldId);
        return [{ type: 'ActionFieldAdded', data: { actionFieldId, name, nameDe, number: state.fields.size + 1 } }];
      }
      case 'RenameActionField': {
        const { actionFieldId, name, nameDe } = command.data;
        const current = state.fields.get(actionFieldId);
        if (!current) throw notFound('Action field', actionFieldId);
        if (current.name === name && current.nameDe === nameDe) return [];
        assertNameFree(state, name, actionFieldId);
        return [
          {
            type: 'ActionFieldRenamed',
            data: { actionFieldId, name, nameDe, previousName: current.name, previousNameDe: current.nameDe },
          },
        ];
      }
    }
  },
};

function assertNameFree(state: ActionFieldCatalogue, name: string, exceptId: string): void {
  for (const [id, field] of state.fields) {
    if (id !== exceptId && field.name.toLowerCase() === name.toLowerCase()) {
      throw ruleViolated(
        'ACTION_FIELD_NAME_TAKEN',
        `Another action field is already named "${name}"`,
        { actionFieldId: id },
      );
    }
  }
}
