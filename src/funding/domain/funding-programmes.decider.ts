import type { Decider } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import type { FundingProgrammeCommand } from './funding-programmes.commands';
import {
  RETENTION_YEARS,
  type FundingProgrammeEvent,
  type FundingProgrammeTerms,
} from './funding-programmes.events';

/** The whole programme catalogue is one stream (`catalogue-funding-programmes`): ids and names are unique across it. */
export const FUNDING_PROGRAMME_CATALOGUE_ID = 'funding-programmes';

export interface FundingProgrammeCatalogue {
  programmes: ReadonlyMap<string, FundingProgrammeTerms>;
}

const TERM_FIELDS = [
  'name',
  'level',
  'fund',
  'legalBasis',
  'generalConditions',
  'retentionYears',
] as const satisfies readonly (keyof FundingProgrammeTerms)[];

export const fundingProgrammesDecider: Decider<FundingProgrammeCatalogue, FundingProgrammeCommand, FundingProgrammeEvent> = {
  category: 'catalogue',
  schemaVersion: 1,

  initialState: () => ({ programmes: new Map() }),

  evolve(state, event) {
    const programmes = new Map(state.programmes);
    switch (event.type) {
      case 'FundingProgrammeAdded': {
        const { programmeId, ...terms } = event.data;
        programmes.set(programmeId, terms);
        break;
      }
      case 'FundingProgrammeUpdated': {
        const current = programmes.get(event.data.programmeId);
        if (current) programmes.set(event.data.programmeId, { ...current, ...event.data.changes });
        break;
      }
    }
    return { programmes };
  },

  decide(command, state) {
    switch (command.type) {
      case 'AddFundingProgramme': {
        const { programmeId, ...terms } = command.data;
        if (state.programmes.has(programmeId)) {
          throw ruleViolated('PROGRAMME_EXISTS', `Funding programme ${programmeId} already exists`);
        }
        assertTerms(terms);
        assertNameFree(state, terms.name, programmeId);
        return [{ type: 'FundingProgrammeAdded', data: { programmeId, ...terms } }];
      }
      case 'UpdateFundingProgramme': {
        const { programmeId } = command.data;
        const current = state.programmes.get(programmeId);
        if (!current) throw notFound('Funding programme', programmeId);
        const changes: Partial<FundingProgrammeTerms> = {};
        const previous: Partial<FundingProgrammeTerms> = {};
        for (const field of TERM_FIELDS) {
          const next = command.data.changes[field];
          if (next === undefined || next === current[field]) continue;
          if ((next as unknown) === null) throw badInput(`${field} cannot be cleared`, { field });
          Object.assign(changes, { [field]: next });
          Object.assign(previous, { [field]: current[field] });
        }
        if (Object.keys(changes).length === 0) return [];
        const updated = { ...current, ...changes };
        assertTerms(updated);
        if (changes.name !== undefined) assertNameFree(state, updated.name, programmeId);
        return [{ type: 'FundingProgrammeUpdated', data: { programmeId, changes, previous } }];
      }
    }
  },
};

function assertTerms(terms: FundingProgrammeTerms): void {
  if (!(RETENTION_YEARS as readonly number[]).includes(terms.retentionYears)) {
    throw badInput(`retentionYears must be one of ${RETENTION_YEARS.join(', ')}`, { retentionYears: terms.retentionYears });
  }
}

function assertNameFree(state: FundingProgrammeCatalogue, name: string, exceptId: string): void {
  for (const [id, programme] of state.programmes) {
    if (id !== exceptId && programme.name.toLowerCase() === name.toLowerCase()) {
      throw ruleViolated(
        'PROGRAMME_NAME_TAKEN',
        `Another funding programme is already named "${name}"`,
        { programmeId: id },
      );
    }
  }
}
