import { DEFAULT_ACTION_FIELDS } from '../../../src/catalogue/domain/action-fields.commands';
import { actionFieldsDecider } from '../../../src/catalogue/domain/action-fields.decider';
import type { ActionFieldEvent } from '../../../src/catalogue/domain/action-fields.events';
import { context, deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(actionFieldsDecider);
const seeded: ActionFieldEvent[] = DEFAULT_ACTION_FIELDS.map((f, i) => ({
  type: 'ActionFieldAdded',
  data: { ...f, number: i + 1 },
}));

describe('action-field catalogue decider', () => {
  it('seeds the eight default action fields in order into an empty catalogue', () => {
    spec.given([]).when({ type: 'SeedDefaultActionFields', data: { defaults: DEFAULT_ACTION_FIELDS }, context: context() }).then(seeded);
    expect(seeded).toHaveLength(8);
  });

  it('does not seed again once the catalogue has entries', () => {
    spec
      .given(seeded)
      .when({ type: 'SeedDefaultActionFields', data: { defaults: DEFAULT_ACTION_FIELDS }, context: context() })
      .then([]);
  });

  it('adds a field with the next number', () => {
    spec
      .given(seeded)
      .when({ type: 'AddActionField', data: { actionFieldId: 'culture', name: 'Culture', nameDe: 'Kultur' }, context: context() })
      .then([{ type: 'ActionFieldAdded', data: { actionFieldId: 'culture', name: 'Culture', nameDe: 'Kultur', number: 9 } }]);
  });

  it('refuses a duplicate id or a name already taken (case-insensitive)', () => {
    spec
      .given(seeded)
      .when({ type: 'AddActionField', data: { actionFieldId: 'public-space-safety', name: 'X', nameDe: 'X' }, context: context() })
      .thenThrows('DOMAIN_RULE', /already exists/);
    spec
      .given(seeded)
      .when({ type: 'AddActionField', data: { actionFieldId: 'other', name: 'PUBLIC SPACE / SAFETY', nameDe: 'X' }, context: context() })
      .thenThrows('DOMAIN_RULE', /already named/);
  });

  it('renames, keeping the previous names in the event', () => {
    spec
      .given(seeded)
      .when({
        type: 'RenameActionField',
        data: { actionFieldId: 'public-space-safety', name: 'Public space', nameDe: 'Öffentlicher Raum' },
        context: context(),
      })
      .then([
        {
          type: 'ActionFieldRenamed',
          data: {
            actionFieldId: 'public-space-safety',
            name: 'Public space',
            nameDe: 'Öffentlicher Raum',
            previousName: 'Public space / safety',
            previousNameDe: 'Öffentlicher Raum / Sicherheit',
          },
        },
      ]);
  });

  it('renaming to the same names records nothing; an unknown field is NOT_FOUND', () => {
    const same = DEFAULT_ACTION_FIELDS[1];
    spec.given(seeded).when({ type: 'RenameActionField', data: { ...same }, context: context() }).then([]);
    spec
      .given(seeded)
      .when({ type: 'RenameActionField', data: { actionFieldId: 'nope', name: 'A', nameDe: 'B' }, context: context() })
      .thenThrows('NOT_FOUND');
  });
});
