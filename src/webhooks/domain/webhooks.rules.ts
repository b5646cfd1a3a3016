import { defineRules } from '../../core/domain-rules';

/** Rules about webhook endpoints (see core/domain-rules.ts). */
export const WEBHOOK_RULES = defineRules({
  WEBHOOK_EXISTS: { en: 'The webhook endpoint is already registered', de: 'Der Webhook-Endpunkt ist bereits registriert' },
});

declare module '../../core/domain-rules' {
  interface DomainRuleCatalogues {
    webhooks: typeof WEBHOOK_RULES;
  }
}
