import { defineRules } from '../../core/domain-rules';

/** Rules about the action-field catalogue (see core/domain-rules.ts), also where records name action fields. */
export const ACTION_FIELD_RULES = defineRules({
  ACTION_FIELD_EXISTS: { en: 'The action field already exists', de: 'Das Handlungsfeld existiert bereits' },
  ACTION_FIELD_NAME_TAKEN: { en: 'Another action field has this name', de: 'Ein anderes Handlungsfeld trägt diesen Namen' },
  ACTION_FIELD_UNKNOWN: { en: 'The action field is not in the catalogue', de: 'Das Handlungsfeld steht nicht im Katalog' },
});

declare module '../../core/domain-rules' {
  interface DomainRuleCatalogues {
    catalogue: typeof ACTION_FIELD_RULES;
  }
}
