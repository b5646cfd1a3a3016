/**
 * Batched look-ups for field resolvers. GraphQL resolves a field of every item of a list in the same turn, so a
 * loader that waits until that turn is over (setImmediate: after every promise job and nextTick, also those of
 * guards and interceptors) sees the keys of the whole page and fetches them in one read instead of one per item.
 */
export class BatchLoader<V> {
  private readonly answers = new Map<string, Promise<V | null>>();
  private pending: { key: string; resolve: (value: V | null) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly fetch: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>) {}

  /** The value for `key`, or null when there is none. Each key is fetched once per loader. */
  load(key: string): Promise<V | null> {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = new Promise<V | null>((resolve, reject) => {
        if (this.pending.length === 0) setImmediate(() => void this.dispatch());
        this.pending.push({ key, resolve, reject });
      });
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** The values of the keys that have one, in the order of the keys. */
  async loadMany(keys: readonly string[]): Promise<V[]> {
    const values: (V | null)[] = await Promise.all(keys.map((key) => this.load(key)));
    return values.filter((value): value is V => value !== null);
  }

  private async dispatch(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const found = await this.fetch(batch.map(({ key }) => key));
      for (const { key, resolve } of batch) resolve(found.get(key) ?? null);
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }
}

/**
 * One loader per GraphQL request (its context object), so answers are shared by every field of one response and
 * never between requests or callers.
 */
export function loaderPerRequest<V>(
  fetch: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
): (context: object) => BatchLoader<V> {
  const loaders = new WeakMap<object, BatchLoader<V>>();
  return (context) => {
    let loader = loaders.get(context);
    if (loader === undefined) loaders.set(context, (loader = new BatchLoader(fetch)));
    return loader;
  };
}
