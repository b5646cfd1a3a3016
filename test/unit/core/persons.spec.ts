import {
  actingPerson,
  apiKeyActorId,
  apiKeyIdOf,
  assertAnotherPerson,
  isReservedActorId,
  personOf,
  samePerson,
} from '../../../src/core/persons';

const KEY_ID = '7d1e0c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00';
const KEY = apiKeyActorId(KEY_ID);

describe('persons behind actors', () => {
  it('tells the key behind an actor id, and none behind a token subject', () => {
    expect(apiKeyIdOf(KEY)).toBe(KEY_ID);
    expect(apiKeyIdOf('alice')).toBeNull();
  });

  it('takes an API key for the person it acts for, anyone else for themself', () => {
    expect(actingPerson({ id: KEY, role: 'admin', onBehalfOf: 'alice' })).toBe('alice');
    expect(actingPerson({ id: 'alice', role: 'admin' })).toBe('alice');
    expect(personOf({ actorId: KEY, onBehalfOf: 'alice' })).toBe('alice');
    expect(personOf({ actorId: 'alice' })).toBe('alice');
    expect(personOf({ actorId: 'system' })).toBe('system');
  });

  it('knows no person for a key recorded without one, nor for an event without metadata', () => {
    expect(personOf({ actorId: KEY })).toBeNull();
    expect(personOf({ actorId: KEY.toUpperCase() })).toBeNull();
    expect(personOf(undefined)).toBeNull();
  });

  it('compares people whatever the case or Unicode form of their id', () => {
    expect(samePerson('alice', { id: 'Alice', role: 'admin' })).toBe(true);
    expect(samePerson('alice', { id: KEY, role: 'admin', onBehalfOf: 'ALICE' })).toBe(true);
    expect(samePerson('ａｌｉｃｅ', { id: 'alice', role: 'admin' })).toBe(true); // full-width letters
    expect(samePerson('alice', { id: 'bob', role: 'admin' })).toBe(false);
    expect(samePerson(null, { id: 'bob', role: 'admin' })).toBe(false);
  });

  it('refuses four-eyes to the same person and to an unknown one (fails closed)', () => {
    const bob = { id: 'bob', role: 'funding_officer' };
    expect(() => assertAnotherPerson('alice', bob, 'GRANT_FOUR_EYES', 'refused')).not.toThrow();
    expect(() => assertAnotherPerson('bob', { ...bob, id: KEY, onBehalfOf: 'Bob' }, 'GRANT_FOUR_EYES', 'refused')).toThrow(
      expect.objectContaining({ code: 'DOMAIN_RULE', rule: 'GRANT_FOUR_EYES', message: 'refused', details: { actorId: KEY } }),
    );
    expect(() => assertAnotherPerson(null, bob, 'GRANT_FOUR_EYES', 'refused')).toThrow(expect.objectContaining({ code: 'DOMAIN_RULE' }));
  });

  it('reserves the ids of API keys and of the service, in any case', () => {
    for (const id of [KEY, 'apikey-x', 'APIKEY-x', 'ApiKey-' + KEY_ID, 'system', 'System', 'ＳＹＳＴＥＭ']) {
      expect([id, isReservedActorId(id)]).toEqual([id, true]);
    }
    for (const id of ['alice', 'apikey', 'systems', 'my-apikey-1', 'f3c1e2d4-5b6a-4c7d-8e9f-0a1b2c3d4e5f']) {
      expect([id, isReservedActorId(id)]).toEqual([id, false]);
    }
  });
});
