import { jsonSize } from '../../../src/core/json-size';

const utf8JsonLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('jsonSize', () => {
  it('is about the UTF-8 length of the JSON, counting multi-byte characters in full', () => {
    const plan = {
      districtId: '0f0e8f3c-1c0a-4d7e-9a53-3f1f7c7c2a01',
      actionFieldId: 'housing-environment',
      revision: 3,
      situation: 'Ausgangslage: '.padEnd(10_000, '€'),
      potentials: 'Grünflächen, Begegnungsorte',
      obstacles: '',
      tags: ['a', 'b', null, true, false],
      nested: { empty: {}, list: [] },
    };
    const exact = utf8JsonLength(plan);
    expect(exact).toBeGreaterThan(29_000);
    expect(Math.abs(jsonSize(plan) - exact)).toBeLessThan(40);
  });

  it('leaves out undefined members, as JSON does', () => {
    expect(jsonSize({ a: 'x', b: undefined })).toBe(jsonSize({ a: 'x' }));
  });
});
