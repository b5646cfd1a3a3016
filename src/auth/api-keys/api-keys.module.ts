import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../../projections/projections.module';
import { IssueApiKeyHandler, RevokeApiKeyHandler } from './application/api-key.commands';
import { ApiKeysMutations } from './api/api-keys.resolver';

/** Issuing and revoking API keys; the key list and what authentication reads live in projections/api-keys. */
@Module({
  imports: [ProjectionsModule],
  providers: [IssueApiKeyHandler, RevokeApiKeyHandler, ApiKeysMutations],
})
export class ApiKeysModule {}
