import { Module } from '@nestjs/common';
import { AddFundingProgrammeHandler, UpdateFundingProgrammeHandler } from './application/funding-programme.commands';
import { SINGLE_STREAM_GRANT_HANDLERS } from './application/grant.handlers';
import { RecordExpenditureHandler } from './application/record-expenditure.handler';
import { SubmitGrantApplicationHandler } from './application/submit-grant-application.handler';
import { FundingProgrammesMutations } from './api/funding-programmes.resolver';
import { GrantsMutations } from './api/grants.resolver';

/** Funding programmes and grants (Zuwendungen); their read models live in projections/. */
@Module({
  providers: [
    AddFundingProgrammeHandler,
    UpdateFundingProgrammeHandler,
    SubmitGrantApplicationHandler,
    RecordExpenditureHandler,
    ...SINGLE_STREAM_GRANT_HANDLERS,
    FundingProgrammesMutations,
    GrantsMutations,
  ],
})
export class FundingModule {}
