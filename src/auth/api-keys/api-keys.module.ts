import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../../projections/projections.module';
import { IssueApiKeyHandler } from './application/issue-api-key.handler';
import { ApiKeysMutations } from './api/api-keys.resolver';

/** Issuing and revoking API keys; the key list and what authentication reads live in projections/api-keys. */
@Module({
  imports: [ProjectionsModule],
  providers: [IssueApiKeyHandler, ApiKeysMutations],
})
export class ApiKeysModule {}
