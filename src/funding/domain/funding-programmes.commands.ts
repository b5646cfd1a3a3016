import type { Command } from '../../core/decider';
import type { FundingProgrammeTerms } from './funding-programmes.events';

export type AddFundingProgramme = Command<'AddFundingProgramme', { programmeId: string } & FundingProgrammeTerms>;
export type UpdateFundingProgramme = Command<
  'UpdateFundingProgramme',
  { programmeId: string; changes: Partial<FundingProgrammeTerms> }
>;

export type FundingProgrammeCommand = AddFundingProgramme | UpdateFundingProgramme;
