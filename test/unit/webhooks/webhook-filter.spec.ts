import { webhookFilterFor } from '../../../src/integration/webhooks/application/webhook-filter';

describe('webhook filter', () => {
  const everywhere = { districts: null };
  const halle = 'c0ffee00-1111-4222-8333-444455556666';
  const magdeburg = 'c0ffee00-7777-4888-9999-aaaabbbbcccc';

  it('records the validated integration filter without empty parts', () => {
    expect(webhookFilterFor(undefined, everywhere)).toEqual({});
    expect(webhookFilterFor({ types: [], categories: ['grant', 'grant'], districtId: halle }, everywhere)).toEqual({
      categories: ['grant'],
      districtId: halle,
    });
    expect(() => webhookFilterFor({ categories: ['webhook'] }, everywhere)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('holds a caller limited to some districts to one of them, since deliveries run without the caller', () => {
    const scoped = { districts: [halle] };
    expect(webhookFilterFor({ districtId: halle }, scoped)).toEqual({ districtId: halle });
    for (const filter of [undefined, {}, { districtId: magdeburg }, { categories: ['catalogue'] }]) {
      expect(() => webhookFilterFor(filter, scoped)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    }
  });
});
