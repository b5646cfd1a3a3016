import { dateDe, listOf, listOfDe, words } from '../../core/audit-text';
import { defineEvents } from '../../core/event-registry';
import { webhooksDecider, type WebhookState } from './webhooks.decider';
import type { WebhookDisableCause, WebhookEvent, WebhookFilter } from './webhooks.events';

/** Which events a webhook endpoint receives, in words. */
function filterText({ types, categories, districtId }: WebhookFilter, de = false): string {
  const list = de ? listOfDe : listOf;
  const parts = [
    types ? `${de ? 'Typen' : 'types'} ${list(types)}` : null,
    categories ? `${de ? 'Kategorien' : 'categories'} ${list(categories)}` : null,
    districtId ? `${de ? 'Stadtteil' : 'district'} ${districtId}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? (de ? 'jedes Ereignis' : 'every event') : parts.join('; ');
}

const CAUSE_DE: Record<WebhookDisableCause, string> = {
  OWNER: 'durch die Eigentümerin oder den Eigentümer',
  ENDPOINT_GONE: 'Empfänger nicht mehr vorhanden',
  DELIVERY_FAILURES: 'wiederholte Zustellfehler',
  SECRET_MISSING: 'Signaturschlüssel fehlt',
  OWNER_REVOKED: 'Berechtigung der Eigentümerin oder des Eigentümers entzogen',
};

/**
 * Webhook endpoints in the event registry (src/core/event-registry.ts): the service's own records, audited but
 * never sent to integrators; changes take effect when recorded. Their signing secrets are never in events; secret
 * ids are. Their district (the filter's) is the audit trail's business, not a rule of the log.
 */
export const WEBHOOK_EVENTS = defineEvents<WebhookEvent, Exclude<WebhookState['status'], 'unregistered'>>(webhooksDecider, {
  WebhookRegistered: {
    businessDate: null,
    audit: {
      en: (d, id) => `Webhook ${id} registered by ${d.ownerId}: ${d.url} receives ${filterText(d.filter)}`,
      de: (d, id) => `Webhook ${id} von ${d.ownerId} registriert: ${d.url} erhält ${filterText(d.filter, true)}`,
    },
    public: false,
    district: { from: 'none' },
    statusAfter: 'active',
  },
  WebhookUpdated: {
    businessDate: null,
    audit: {
      en: (d, id) => {
        const { url, filter } = d.changes;
        const details = [url === undefined ? null : `now ${url}`, filter === undefined ? null : `receives ${filterText(filter)}`];
        const shown = details.filter((detail): detail is string => detail !== null);
        return `Webhook ${id} updated: ${listOf(Object.keys(d.changes))}${shown.length ? ` (${shown.join(', ')})` : ''}`;
      },
      de: (d, id) => {
        const { url, filter } = d.changes;
        const details = [url === undefined ? null : `jetzt ${url}`, filter === undefined ? null : `erhält ${filterText(filter, true)}`];
        const shown = details.filter((detail): detail is string => detail !== null);
        return `Webhook ${id} geändert: ${listOfDe(Object.keys(d.changes))}${shown.length ? ` (${shown.join(', ')})` : ''}`;
      },
    },
    public: false,
    district: { from: 'none' },
  },
  WebhookDisabled: {
    businessDate: null,
    audit: {
      en: (d, id) => `Webhook ${id} disabled (${words(d.cause)}): ${d.reason}`,
      de: (d, id) => `Webhook ${id} deaktiviert (${CAUSE_DE[d.cause] ?? d.cause}): ${d.reason}`,
    },
    public: false,
    district: { from: 'none' },
    statusAfter: 'disabled',
  },
  WebhookEnabled: {
    businessDate: null,
    audit: {
      en: (_d, id) => `Webhook ${id} enabled: delivery resumes where it stopped`,
      de: (_d, id) => `Webhook ${id} aktiviert: die Zustellung setzt dort fort, wo sie angehalten hat`,
    },
    public: false,
    district: { from: 'none' },
    statusAfter: 'active',
  },
  WebhookRemoved: {
    businessDate: null,
    audit: {
      en: (_d, id) => `Webhook ${id} removed`,
      de: (_d, id) => `Webhook ${id} entfernt`,
    },
    public: false,
    district: { from: 'none' },
    statusAfter: 'removed',
  },
  WebhookSecretRotated: {
    businessDate: null,
    audit: {
      en: (d, id) => `Webhook ${id} signing secret rotated; the previous one signs until ${d.previousValidUntil}`,
      de: (d, id) => `Signaturschlüssel von Webhook ${id} gewechselt; der vorige signiert bis ${dateDe(d.previousValidUntil)}`,
    },
    public: false,
    district: { from: 'none' },
  },
  WebhookRedeliveryRequested: {
    businessDate: null,
    audit: {
      en: (d, id) =>
        `Webhook ${id} redelivery requested ${d.fromCursor === null ? 'from the start of the log' : `after cursor ${d.fromCursor}`}`,
      de: (d, id) =>
        `Erneute Zustellung an Webhook ${id} angefordert ${d.fromCursor === null ? 'ab Beginn des Protokolls' : `nach Cursor ${d.fromCursor}`}`,
    },
    public: false,
    district: { from: 'none' },
  },
});
