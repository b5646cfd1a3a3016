import type { Command } from '../../core/decider';
import type { ApiKeyIssued, ApiKeyRevoked } from './api-keys.events';

export type IssueApiKey = Command<'IssueApiKey', ApiKeyIssued['data']>;
export type RevokeApiKey = Command<'RevokeApiKey', ApiKeyRevoked['data']>;

export type ApiKeyCommand = IssueApiKey | RevokeApiKey;
