import { fundingProgrammesDecider } from '../../../src/funding/domain/funding-programmes.decider';
import type { FundingProgrammeEvent, FundingProgrammeTerms } from '../../../src/funding/domain/funding-programmes.events';
import { context, deciderSpec } from '../../support/decider-spec';

const biwaq: FundingProgrammeTerms = {
  name: 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier',
  level: 'FEDERAL',
  fund: 'ESF Plus',
  legalBasis: 'Förderrichtlinie BIWAQ V vom 10.10.2022',
  generalConditions: 'ANBest-P 2019',
  retentionYears: 10,
};
const added: FundingProgrammeEvent = { type: 'FundingProgrammeAdded', data: { programmeId: 'biwaq', ...biwaq } };
const spec = deciderSpec(fundingProgrammesDecider);

describe('funding programmes decider', () => {
  it('adds a programme to the catalogue', () => {
    spec
      .given([])
      .when({ type: 'AddFundingProgramme', data: { programmeId: 'biwaq', ...biwaq }, context: context() })
      .then([added]);
  });

  it('refuses an id that is already in the catalogue', () => {
    spec
      .given([added])
      .when({ type: 'AddFundingProgramme', data: { programmeId: 'biwaq', ...biwaq, name: 'Other' }, context: context() })
      .thenThrows('DOMAIN_RULE', /already exists/);
  });

  it('refuses a name another programme has (case-insensitive)', () => {
    spec
      .given([added])
      .when({
        type: 'AddFundingProgramme',
        data: { programmeId: 'biwaq-2', ...biwaq, name: biwaq.name.toUpperCase() },
        context: context(),
      })
      .thenThrows('DOMAIN_RULE', /already named/);
  });

  it('accepts only 5 or 10 retention years', () => {
    spec
      .given([])
      .when({
        type: 'AddFundingProgramme',
        data: { programmeId: 'efre', ...biwaq, name: 'EFRE', retentionYears: 7 as 5 },
        context: context(),
      })
      .thenThrows('BAD_USER_INPUT', /retentionYears/);
  });

  it('records only the terms that changed, with their previous values', () => {
    spec
      .given([added])
      .when({
        type: 'UpdateFundingProgramme',
        data: { programmeId: 'biwaq', changes: { fund: 'ESF Plus', generalConditions: 'ANBest-P 2023', retentionYears: 5 } },
        context: context(),
      })
      .then([
        {
          type: 'FundingProgrammeUpdated',
          data: {
            programmeId: 'biwaq',
            changes: { generalConditions: 'ANBest-P 2023', retentionYears: 5 },
            previous: { generalConditions: 'ANBest-P 2019', retentionYears: 10 },
          },
        },
      ]);
  });

  it('records nothing when nothing changes', () => {
    spec
      .given([added])
      .when({ type: 'UpdateFundingProgramme', data: { programmeId: 'biwaq', changes: { level: 'FEDERAL' } }, context: context() })
      .then([]);
  });

  it('refuses to update an unknown programme', () => {
    spec
      .given([])
      .when({ type: 'UpdateFundingProgramme', data: { programmeId: 'nope', changes: { fund: 'EFRE' } }, context: context() })
      .thenThrows('NOT_FOUND');
  });

  it('refuses to clear a term', () => {
    spec
      .given([added])
      .when({
        type: 'UpdateFundingProgramme',
        data: { programmeId: 'biwaq', changes: { fund: null as unknown as string } },
        context: context(),
      })
      .thenThrows('BAD_USER_INPUT', /fund cannot be cleared/);
  });

  it('refuses a rename onto another programme’s name', () => {
    const efre: FundingProgrammeEvent = {
      type: 'FundingProgrammeAdded',
      data: { programmeId: 'efre', ...biwaq, name: 'EFRE Sachsen-Anhalt', level: 'EU', fund: 'EFRE' },
    };
    spec
      .given([added, efre])
      .when({ type: 'UpdateFundingProgramme', data: { programmeId: 'efre', changes: { name: biwaq.name } }, context: context() })
      .thenThrows('DOMAIN_RULE', /already named/);
  });

  it('folds the catalogue from its events', () => {
    const updated: FundingProgrammeEvent = {
      type: 'FundingProgrammeUpdated',
      data: { programmeId: 'biwaq', changes: { retentionYears: 5 }, previous: { retentionYears: 10 } },
    };
    const state = [added, updated].reduce(fundingProgrammesDecider.evolve, fundingProgrammesDecider.initialState());
    expect(state.programmes.get('biwaq')).toEqual({ ...biwaq, retentionYears: 5 });
  });
});
