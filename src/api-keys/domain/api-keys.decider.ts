import { isoDay } from '../../core/calendar-dates';
import type { Decider } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import type { ApiKeyCommand } from './api-keys.commands';
import type { ApiKeyEvent, ApiKeyIssued } from './api-keys.events';

export type ApiKeyState =
  | { status: 'none' }
  | ({ status: 'active' | 'revoked' } & Omit<ApiKeyIssued['data'], 'keyId'>);

/** One stream per key (`apikey-<keyId>`): issued once, revoked at most once, never changed otherwise. */
export const apiKeysDecider: Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent> = {
  category: 'apikey',
  schemaVersion: 1,

  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'ApiKeyIssued': {
        const { keyId: _keyId, ...issued } = event.data;
        return { status: 'active', ...issued };
      }
      case 'ApiKeyRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueApiKey': {
        if (state.status !== 'none') {
          throw ruleViolated('API_KEY_EXISTS', `API key ${command.data.keyId} was issued already`);
        }
        const { role, districts, expiresOn } = command.data;
        // A district manager's key without districts could do nothing; say so instead of issuing it.
        if (role === 'district_manager' && (districts === null || districts.length === 0)) {
          throw badInput('An API key for a district manager needs the districts it covers', { field: 'districts' });
        }
        if (expiresOn !== null && expiresOn < isoDay(command.context.now)) {
          throw badInput('expiresOn lies in the past', { field: 'expiresOn', expiresOn });
        }
        return [{ type: 'ApiKeyIssued', data: { ...command.data, districts: districts && [...new Set(districts)] } }];
      }
      case 'RevokeApiKey': {
        if (state.status === 'none') throw notFound('API key', command.data.keyId);
        if (state.status === 'revoked') {
          throw ruleViolated('API_KEY_REVOKED', `API key ${command.data.keyId} is revoked already`);
        }
        return [{ type: 'ApiKeyRevoked', data: command.data }];
      }
    }
  },
};
