import { Module } from '@nestjs/common';
import { FundingProgrammesMutations } from './api/funding-programmes.resolver';
import { GrantsMutations } from './api/grants.resolver';

/**
 * Funding programmes and grants (Zuwendungen); their read models live in projections/. Plain commands go from the
 * resolvers through CommandDispatch; the use cases that span streams are handled in src/workflows.
 */
@Module({
  providers: [
    FundingProgrammesMutations,
    GrantsMutations,
  ],
})
export class FundingModule {}
