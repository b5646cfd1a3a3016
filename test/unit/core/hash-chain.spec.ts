import { canonicalJson } from '../../../src/core/canonical-json';
import { sealEvents } from '../../../src/core/handle-command';
import { type HashableEvent, verifyChain } from '../../../src/core/hash-chain';
import { deterministicUuid, isUuid } from '../../../src/core/ids';
import { context } from '../../support/decider-spec';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });
});

describe('deterministic ids', () => {
  it('gives the same UUID for the same parts and another for other parts', () => {
    const a = deterministicUuid('cmd', 'stream', 0);
    expect(isUuid(a)).toBe(true);
    expect(deterministicUuid('cmd', 'stream', 0)).toBe(a);
    expect(deterministicUuid('cmd', 'stream', 1)).not.toBe(a);
  });
});

describe('hash chain', () => {
  const streamId = 'district-1';
  const command = { type: 'X', data: {}, context: context({ reason: 'because' }) };
  const chain = (): HashableEvent[] => {
    const first = sealEvents(1, streamId, command, [{ type: 'A', data: { n: 1 } }, { type: 'B', data: { n: 2 } }], undefined);
    return first.map((e, i) => ({ ...e, streamId, streamVersion: i }));
  };

  it('links each event to the previous one and verifies', () => {
    const events = chain();
    expect(events[0].metadata.prevHash).toBe('');
    expect(events[1].metadata.prevHash).toBe(events[0].metadata.hash);
    expect(events[0].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events[0].metadata).toMatchObject({ actorId: 'user-1', commandId: command.context.commandId, reason: 'because' });
    expect(verifyChain(events)).toBeNull();
  });

  it('reports the first broken link when data, metadata or order is altered', () => {
    const altered = chain();
    altered[1] = { ...altered[1], data: { n: 3 } };
    expect(verifyChain(altered)).toMatchObject({ streamVersion: 1, problem: 'hash_mismatch' });

    const reattributed = chain();
    reattributed[0] = { ...reattributed[0], metadata: { ...reattributed[0].metadata, actorId: 'someone-else' } };
    expect(verifyChain(reattributed)).toMatchObject({ streamVersion: 0, problem: 'hash_mismatch' });

    const [a, b] = chain();
    expect(verifyChain([b])).toMatchObject({ problem: 'version_gap' });
    expect(verifyChain([a, { ...b, metadata: { ...b.metadata, prevHash: 'x' } }])).toMatchObject({ problem: 'prev_hash_mismatch' });
  });
});
