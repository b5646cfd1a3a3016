import type { Principal } from '../../../core/principal';
import { type IntegrationFilter, scopedIntegrationFilter } from '../../integration-filter';
import type { WebhookFilter } from '../../../webhooks/domain/webhooks.events';

/**
 * The filter as recorded. Deliveries run later, without the caller, so a caller limited to some districts must
 * name one of them in the filter: the endpoint then never receives another district's events.
 */
export function webhookFilterFor(input: IntegrationFilter | null | undefined, caller: Pick<Principal, 'districts'>): WebhookFilter {
  const { types, categories, districtId } = scopedIntegrationFilter(input, caller);
  return {
    ...(types ? { types: [...types] } : {}),
    ...(categories ? { categories: [...categories] } : {}),
    ...(districtId ? { districtId } : {}),
  };
}
