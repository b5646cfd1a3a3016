import { BatchLoader, loaderPerRequest } from '../../../src/graphql/request-batch';

/** Field resolvers of one page share one read: keys asked for in the same turn are fetched together. */

function recordingFetch(values: Record<string, string>) {
  const calls: string[][] = [];
  const fetch = async (keys: readonly string[]) => {
    calls.push([...keys]);
    return new Map(keys.flatMap((key) => (key in values ? [[key, values[key]] as const] : [])));
  };
  return { calls, fetch };
}

describe('BatchLoader', () => {
  it('fetches the keys asked for in the same turn in one call, each key once, null for unknown keys', async () => {
    const { calls, fetch } = recordingFetch({ a: 'Anna', b: 'Bernd' });
    const loader = new BatchLoader(fetch);
    const answers = await Promise.all(['a', 'b', 'a', 'zz', 'b'].map((key) => loader.load(key)));
    expect(answers).toEqual(['Anna', 'Bernd', 'Anna', null, 'Bernd']);
    expect(calls).toEqual([['a', 'b', 'zz']]);
  });

  it('still batches keys that arrive after a few promise jobs (guards, interceptors) and nextTicks', async () => {
    const { calls, fetch } = recordingFetch({ a: 'Anna', b: 'Bernd', c: 'Cem' });
    const loader = new BatchLoader(fetch);
    const later = async (key: string, hops: number) => {
      for (let i = 0; i < hops; i++) await Promise.resolve();
      await new Promise((resolve) => process.nextTick(resolve));
      return loader.load(key);
    };
    expect(await Promise.all([loader.load('a'), later('b', 3), later('c', 10)])).toEqual(['Anna', 'Bernd', 'Cem']);
    expect(calls).toHaveLength(1);
  });

  it('keeps answers: a later turn fetches only keys not asked for before', async () => {
    const { calls, fetch } = recordingFetch({ a: 'Anna', b: 'Bernd' });
    const loader = new BatchLoader(fetch);
    await loader.load('a');
    expect(await loader.loadMany(['a', 'b', 'c'])).toEqual(['Anna', 'Bernd']);
    expect(calls).toEqual([['a'], ['b', 'c']]);
  });

  it('rejects every load of a batch whose fetch failed', async () => {
    const loader = new BatchLoader<string>(() => Promise.reject(new Error('store closed')));
    const results = await Promise.allSettled([loader.load('a'), loader.load('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('gives one loader per request context', () => {
    const loaderOf = loaderPerRequest(recordingFetch({}).fetch);
    const first = {};
    expect(loaderOf(first)).toBe(loaderOf(first));
    expect(loaderOf(first)).not.toBe(loaderOf({}));
  });
});
