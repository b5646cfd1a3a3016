import { Module } from '@nestjs/common';
import { RecordExpenditureHandler } from './application/record-expenditure.handler';
import { SubmitGrantApplicationHandler } from './application/submit-grant-application.handler';
import { FundingProgrammesMutations } from './api/funding-programmes.resolver';
import { GrantsMutations } from './api/grants.resolver';

/**
 * Funding programmes and grants (Zuwendungen); their read models live in projections/. Plain commands go from the
 * resolvers through CommandDispatch; only the use cases that span streams have handlers here.
 */
@Module({
  providers: [
    SubmitGrantApplicationHandler,
    RecordExpenditureHandler,
    FundingProgrammesMutations,
    GrantsMutations,
  ],
})
export class FundingModule {}
