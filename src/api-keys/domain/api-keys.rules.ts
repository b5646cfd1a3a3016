import { defineRules } from '../../core/domain-rules';

/** Rules about API keys (see core/domain-rules.ts). */
export const API_KEY_RULES = defineRules({
  API_KEY_EXISTS: { en: 'The API key was issued already', de: 'Der API-Schlüssel wurde bereits ausgegeben' },
  API_KEY_REVOKED: { en: 'The API key is revoked already', de: 'Der API-Schlüssel ist bereits widerrufen' },
});

declare module '../../core/domain-rules' {
  interface DomainRuleCatalogues {
    apiKeys: typeof API_KEY_RULES;
  }
}
