import { API_KEY_EVENT_TYPES } from '../../../src/api-keys/domain/api-keys.events';
import { WEBHOOK_EVENT_TYPES } from '../../../src/webhooks/domain/webhooks.events';
import type { RecordedEvent } from '../../../src/core/envelope';
import { EVENT_CATEGORIES, EVENT_TYPES } from '../../../src/event-registry';
import {
  matchesIntegrationFilter,
  storeFilterOf,
  validIntegrationFilter,
  type IntegrationFilter,
} from '../../../src/integration/integration-filter';
import { ALL_EVENT_TYPES as AUDITED_EVENT_TYPES } from '../../../src/event-registry';
import { DomainError } from '../../../src/core/domain-error';
import { testMetadata } from '../../support/events';

const DISTRICT = 'd1';

function event(type: string, streamId: string, data: RecordedEvent['data'] = {}): RecordedEvent {
  const eventId = `${streamId}/${type}`;
  return { eventId, type, streamId, streamVersion: 0, position: '1', data, metadata: testMetadata() };
}

function refusal(filter: IntegrationFilter): DomainError {
  try {
    validIntegrationFilter(filter);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('the filter was accepted');
}

describe('integration filter', () => {
  it('knows every event type the domain records and every stream category; the service\'s own records stay out', () => {
    const ownRecords: readonly string[] = [...API_KEY_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES];
    const domainTypes = AUDITED_EVENT_TYPES.filter((type) => !ownRecords.includes(type));
    expect([...EVENT_TYPES].sort()).toEqual([...domainTypes].sort());
    expect(EVENT_TYPES.filter((type) => ownRecords.includes(type))).toEqual([]);
    expect([...EVENT_CATEGORIES].sort()).toEqual(
      ['body', 'catalogue', 'district', 'goal', 'grant', 'measure', 'measurecode', 'receipt'].sort(),
    );
  });

  it('accepts CloudEvents types, categories and a district, dropping empty lists and repeats', () => {
    expect(
      validIntegrationFilter({
        types: ['stadtteil-ledger.GrantApproved', 'stadtteil-ledger.GrantApproved'],
        categories: [],
        districtId: DISTRICT,
      }),
    ).toEqual({ types: ['stadtteil-ledger.GrantApproved'], districtId: DISTRICT });
    expect(validIntegrationFilter(undefined)).toEqual({});
  });

  it('refuses unknown types (also without the prefix), unknown categories and malformed districts', () => {
    const badInputOn = (field: string) => ({ code: 'BAD_USER_INPUT', details: { field } });
    expect(refusal({ types: ['GrantApproved'] })).toMatchObject(badInputOn('types'));
    expect(refusal({ types: ['stadtteil-ledger.Nope'] }).message).toContain('stadtteil-ledger.Nope');
    expect(refusal({ categories: ['grants'] })).toMatchObject(badInputOn('categories'));
    expect(refusal({ districtId: 'a b' })).toMatchObject(badInputOn('districtId'));
  });

  it('refuses a district with only categories that belong to no district: it could never match', () => {
    expect(refusal({ districtId: DISTRICT, categories: ['catalogue'] }).message).toMatch(/belong to a district/);
    expect(validIntegrationFilter({ districtId: DISTRICT, categories: ['catalogue', 'grant'] })).toBeTruthy();
  });

  it('hands types and categories to the store, never more than the domain\'s; a district narrows them to district-bound ones', () => {
    expect(storeFilterOf({})).toEqual({ streamCategories: EVENT_CATEGORIES });
    expect(storeFilterOf({ types: ['stadtteil-ledger.GoalDefined'], categories: ['goal'] })).toEqual({
      eventTypes: ['GoalDefined'],
      streamCategories: ['goal'],
    });
    expect(storeFilterOf({ districtId: DISTRICT })).toEqual({
      streamCategories: ['district', 'body', 'goal', 'measure', 'grant', 'receipt'],
    });
    expect(storeFilterOf({ districtId: DISTRICT, categories: ['catalogue', 'grant'] })).toEqual({
      streamCategories: ['grant'],
    });
  });

  it('matches the district through the resolver, for events that do not name it', async () => {
    const districts = new Map([['grant-g1', DISTRICT], ['grant-g2', 'd2']]);
    const districtOf = (e: RecordedEvent) =>
      Promise.resolve(e.streamId.startsWith('district-') ? e.streamId.slice(9) : (districts.get(e.streamId) ?? null));
    const filter = validIntegrationFilter({ districtId: DISTRICT });
    const matches = (e: RecordedEvent, f: IntegrationFilter) => matchesIntegrationFilter(e, f, districtOf);
    await expect(matches(event('GrantApproved', 'grant-g1'), filter)).resolves.toBe(true);
    await expect(matches(event('GrantApproved', 'grant-g2'), filter)).resolves.toBe(false);
    await expect(matches(event('DistrictRegistered', `district-${DISTRICT}`), filter)).resolves.toBe(true);
    await expect(matches(event('ActionFieldAdded', 'catalogue-action-fields'), filter)).resolves.toBe(false);
    const typed = validIntegrationFilter({ types: ['stadtteil-ledger.GrantClosed'], districtId: DISTRICT });
    await expect(matches(event('GrantApproved', 'grant-g1'), typed)).resolves.toBe(false);
  });
});
