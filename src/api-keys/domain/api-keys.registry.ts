import { dateDe } from '../../core/audit-text';
import { defineEvents } from '../../core/event-registry';
import { apiKeysDecider } from './api-keys.decider';
import type { ApiKeyEvent } from './api-keys.events';

/**
 * API keys in the event registry (src/core/event-registry.ts): the service's own records, audited but never sent
 * to integrators; they take effect when recorded.
 */
export const API_KEY_EVENTS = defineEvents<ApiKeyEvent>(apiKeysDecider, {
  ApiKeyIssued: {
    businessDate: null,
    audit: {
      en: (d, id) => {
        const scope = d.districts === null ? 'all districts' : `${d.districts.length} districts`;
        const until = d.expiresOn === null ? 'until revoked' : `until ${d.expiresOn}`;
        return `API key ${id} "${d.name}" issued for role ${d.role}, ${scope}, ${until}`;
      },
      de: (d, id) => {
        const scope = d.districts === null ? 'alle Stadtteile' : `${d.districts.length} Stadtteile`;
        const until = d.expiresOn === null ? 'bis zum Widerruf' : `bis ${dateDe(d.expiresOn)}`;
        return `API-Schlüssel ${id} „${d.name}“ ausgegeben für Rolle ${d.role}, ${scope}, ${until}`;
      },
    },
    public: false,
    district: { from: 'none' },
  },
  ApiKeyRevoked: {
    businessDate: null,
    audit: {
      en: (d, id) => `API key ${id} revoked: ${d.reason}`,
      de: (d, id) => `API-Schlüssel ${id} widerrufen: ${d.reason}`,
    },
    public: false,
    district: { from: 'none' },
  },
});
