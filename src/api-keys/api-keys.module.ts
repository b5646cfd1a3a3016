import { Module } from '@nestjs/common';
import { IssueApiKeyHandler } from './application/issue-api-key.handler';
import { ApiKeysMutations } from './api/api-keys.resolver';

/**
 * Issuing and revoking API keys; the key list and what authentication reads live in projections/api-keys (the
 * global ProjectionsModule provides ProjectionsService and binds auth's API_KEY_LOOKUP).
 */
@Module({
  providers: [IssueApiKeyHandler, ApiKeysMutations],
})
export class ApiKeysModule {}
