import { randomBytes } from 'node:crypto';
import { InvalidCursorError } from '../../src/read-store/read-store.cursor';
import type {
  Doc,
  Filter,
  FindOptions,
  ReadStore,
  ReadStoreSession,
  Scalar,
  SortField,
} from '../../src/read-store/read-store.port';

/**
 * The behaviour every ReadStore adapter must show. Store-agnostic: each test works in fresh, randomly named
 * collections and never assumes anything about other collections.
 */
export function describeReadStoreContract(
  adapterName: string,
  open: () => Promise<{ store: ReadStore; cleanup: () => Promise<void> }>,
): void {
  describe(`ReadStore contract: ${adapterName}`, () => {
    let store: ReadStore;
    let cleanup: () => Promise<void>;
    const created: string[] = [];

    /** A fresh collection name, dropped again after the test. */
    const fresh = (): string => {
      const name = `c_${randomBytes(6).toString('hex')}`;
      created.push(name);
      return name;
    };

    const putAll = async (collection: string, docs: readonly Doc[]): Promise<void> => {
      await Promise.all(docs.map((doc) => store.put(collection, doc)));
    };

    /** Every document matching `options`, walking all pages. */
    const findAll = async (collection: string, options: FindOptions = {}): Promise<Doc[]> => {
      const items: Doc[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.find(collection, { ...options, after });
        items.push(...page.items);
        if (!page.hasNextPage) return items;
        after = page.endCursor ?? undefined;
      }
    };

    const ids = (docs: readonly Doc[]): string[] => docs.map((doc) => doc.id);
    const sortedIds = (docs: readonly Doc[]): string[] => ids(docs).sort();

    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });

    afterEach(async () => {
      for (const name of created.splice(0)) await store.dropCollection(name);
    });

    afterAll(async () => {
      await cleanup();
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('keeps every document when it purges what replaced and deleted documents left behind', async () => {
      const c = fresh();
      await store.put(c, { id: 'kept', v: 1 });
      await store.put(c, { id: 'kept', v: 2 });
      await store.put(c, { id: 'gone', v: 1 });
      await store.delete(c, 'gone');
      await expect(store.purgeOverwritten()).resolves.toBe(true);
      expect(await store.get(c, 'kept')).toEqual({ id: 'kept', v: 2 });
      expect(await store.get(c, 'gone')).toBeNull();
    });

    describe('documents', () => {
      it('puts and gets a document, nested values included', async () => {
        const c = fresh();
        const doc = { id: 'd1', name: 'Nordstadt', totals: { approved: 3, pending: 0 }, tags: ['a', 'b'], note: null };
        await store.put(c, doc);
        expect(await store.get(c, 'd1')).toEqual(doc);
      });

      it('returns null for a missing id and for a missing collection', async () => {
        const c = fresh();
        await store.put(c, { id: 'present' });
        expect(await store.get(c, 'absent')).toBeNull();
        expect(await store.get(fresh(), 'absent')).toBeNull();
      });

      it('replaces the whole document on put', async () => {
        const c = fresh();
        await store.put(c, { id: 'd1', a: 1, b: { c: 2 } });
        await store.put(c, { id: 'd1', z: true });
        expect(await store.get(c, 'd1')).toEqual({ id: 'd1', z: true });
      });

      it('stores the JSON form of a document', async () => {
        const c = fresh();
        await store.put(c, { id: 'd1', at: new Date('2024-05-01T10:00:00.000Z'), gone: undefined });
        expect(await store.get(c, 'd1')).toEqual({ id: 'd1', at: '2024-05-01T10:00:00.000Z' });
      });

      it('never exposes an _id field', async () => {
        const c = fresh();
        await store.put(c, { id: 'd1', v: 1 });
        const found = [await store.get(c, 'd1'), ...(await store.getMany(c, ['d1'])), ...(await store.find(c)).items];
        for (const doc of found) expect(Object.keys(doc ?? {}).sort()).toEqual(['id', 'v']);
      });

      it('deletes a document; deleting a missing one is fine', async () => {
        const c = fresh();
        await putAll(c, [{ id: 'a' }, { id: 'b' }]);
        await store.delete(c, 'a');
        await store.delete(c, 'a');
        await store.delete(fresh(), 'a');
        expect(await store.get(c, 'a')).toBeNull();
        expect(await store.get(c, 'b')).toEqual({ id: 'b' });
      });

      it('getMany returns the documents found and ignores missing ids', async () => {
        const c = fresh();
        await putAll(c, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 3 }]);
        expect(sortedIds(await store.getMany(c, ['c', 'missing', 'a']))).toEqual(['a', 'c']);
        expect(await store.getMany(c, [])).toEqual([]);
        expect(await store.getMany(fresh(), ['a'])).toEqual([]);
      });

      it('writes to a collection that was never ensured', async () => {
        const c = fresh();
        await store.put(c, { id: 'a' });
        expect(ids((await store.find(c)).items)).toEqual(['a']);
      });

      it('rejects documents without a string id or with an _id field', async () => {
        const c = fresh();
        await expect(store.put(c, { id: '' })).rejects.toThrow(/id/);
        await expect(store.put(c, { id: 7 } as unknown as Doc)).rejects.toThrow(/id/);
        await expect(store.put(c, { id: 'a', _id: 'b' })).rejects.toThrow(/_id/);
      });
    });

    describe('filters', () => {
      const districts: Doc[] = Array.from({ length: 10 }, (_, i) => ({
        id: `d${i}`,
        n: i,
        s: String.fromCharCode(97 + i), // 'a'..'j'
        flag: i % 3 === 0,
        meta: { score: i * 10, tag: i % 2 === 0 ? 'even' : 'odd' },
      }));

      const matching = async (filter: Filter): Promise<string[]> => {
        const c = fresh();
        await putAll(c, districts);
        return sortedIds(await findAll(c, { filter }));
      };

      it.each<[string, Filter, string[]]>([
        ['implicit equality', { n: 3 }, ['d3']],
        ['$eq', { s: { $eq: 'e' } }, ['d4']],
        ['$ne', { n: { $ne: 3 } }, ['d0', 'd1', 'd2', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9']],
        ['$gt', { n: { $gt: 7 } }, ['d8', 'd9']],
        ['$gte', { n: { $gte: 7 } }, ['d7', 'd8', 'd9']],
        ['$lt', { n: { $lt: 2 } }, ['d0', 'd1']],
        ['$lte', { n: { $lte: 2 } }, ['d0', 'd1', 'd2']],
        ['a range on one field', { n: { $gte: 3, $lt: 6 } }, ['d3', 'd4', 'd5']],
        ['string ranges', { s: { $gt: 'b', $lte: 'd' } }, ['d2', 'd3']],
        ['$in', { s: { $in: ['a', 'c', 'zz'] } }, ['d0', 'd2']],
        ['an empty $in', { n: { $in: [] } }, []],
        ['booleans', { flag: true }, ['d0', 'd3', 'd6', 'd9']],
        ['dotted equality', { 'meta.tag': 'odd' }, ['d1', 'd3', 'd5', 'd7', 'd9']],
        ['dotted range', { 'meta.score': { $gte: 50, $lt: 80 } }, ['d5', 'd6', 'd7']],
        ['dotted $in', { 'meta.score': { $in: [0, 90, 95] } }, ['d0', 'd9']],
        ['dotted $ne', { 'meta.tag': { $ne: 'odd' } }, ['d0', 'd2', 'd4', 'd6', 'd8']],
        ['several fields (AND)', { 'meta.tag': 'even', n: { $gt: 2 }, flag: false }, ['d4', 'd8']],
        ['id equality', { id: 'd4' }, ['d4']],
        ['id $in', { id: { $in: ['d1', 'd2', 'nope'] } }, ['d1', 'd2']],
        ['id range', { id: { $gte: 'd7' } }, ['d7', 'd8', 'd9']],
        ['undefined operands (ignored)', { s: { $eq: undefined, $lt: 'c' } }, ['d0', 'd1']],
        ['undefined conditions (ignored)', { n: undefined, s: 'b' } as unknown as Filter, ['d1']],
      ])('%s', async (_name, filter, expected) => {
        expect(await matching(filter)).toEqual(expected);
      });

      it('returns an empty page for a missing collection', async () => {
        const page = await store.find(fresh(), { filter: { n: 1 } });
        expect(page).toEqual({ items: [], cursors: [], endCursor: null, hasNextPage: false });
      });
    });

    describe('null, missing and typed values', () => {
      // The same semantics in every adapter (MongoDB's): missing equals null; comparisons never cross JSON types.
      const values: Doc[] = [
        { id: 'num1', v: 1 },
        { id: 'null', v: null },
        { id: 'missing' },
        { id: 'str_x', v: 'x' },
        { id: 'true', v: true },
        { id: 'num0', v: 0 },
        { id: 'false', v: false },
        { id: 'str_1', v: '1' },
        { id: 'object', v: { n: 1 } },
      ];
      const all = ids(values).sort();
      const except = (...excluded: string[]) => all.filter((id) => !excluded.includes(id));

      it.each<[string, Filter, string[]]>([
        ['equality with null matches null and missing', { v: null }, ['missing', 'null']],
        ['$eq null matches null and missing', { v: { $eq: null } }, ['missing', 'null']],
        ['$ne null matches present values only', { v: { $ne: null } }, except('missing', 'null')],
        ['$ne a value matches null and missing too', { v: { $ne: 1 } }, except('num1')],
        ['$in with null matches missing', { v: { $in: [null, 'x'] } }, ['missing', 'null', 'str_x']],
        ['1 equals neither true nor "1"', { v: 1 }, ['num1']],
        ['0 does not equal false', { v: 0 }, ['num0']],
        ['true equals only true', { v: true }, ['true']],
        ['false equals only false', { v: { $eq: false } }, ['false']],
        ['"1" equals only the string', { v: '1' }, ['str_1']],
        ['$ne true', { v: { $ne: true } }, except('true')],
        ['$in mixes types without crossing them', { v: { $in: [1, true] } }, ['num1', 'true']],
        ['numeric ranges match numbers only', { v: { $gte: 0 } }, ['num0', 'num1']],
        ['$gt 0 skips true', { v: { $gt: 0 } }, ['num1']],
        ['$lt 1 skips false and null', { v: { $lt: 1 } }, ['num0']],
        ['string ranges match strings only', { v: { $gte: '' } }, ['str_1', 'str_x']],
        ['an object never equals its JSON text', { v: '{"n":1}' }, []],
      ])('%s', async (_name, filter, expected) => {
        const c = fresh();
        await putAll(c, values);
        expect(sortedIds(await findAll(c, { filter }))).toEqual([...expected].sort());
      });

      it('treats a path below a missing or scalar parent as missing', async () => {
        const c = fresh();
        await putAll(c, [
          { id: 'scored', meta: { score: 5 } },
          { id: 'nullScore', meta: { score: null } },
          { id: 'noScore', meta: {} },
          { id: 'noMeta' },
          { id: 'scalarMeta', meta: 5 },
        ]);
        expect(sortedIds(await findAll(c, { filter: { 'meta.score': null } }))).toEqual([
          'noMeta',
          'noScore',
          'nullScore',
          'scalarMeta',
        ]);
        expect(ids(await findAll(c, { filter: { 'meta.score': { $ne: null } } }))).toEqual(['scored']);
      });
    });

    describe('sorting', () => {
      const sortedBy = async (docs: readonly Doc[], sort: SortField[], filter?: Filter): Promise<string[]> => {
        const c = fresh();
        await putAll(c, docs);
        return ids((await store.find(c, { sort, filter })).items);
      };

      it('sorts by id ascending when no sort is given', async () => {
        expect(await sortedBy([{ id: 'b' }, { id: 'c' }, { id: 'a' }], [])).toEqual(['a', 'b', 'c']);
      });

      it('sorts on several fields, mixing directions, with id as the final tie-breaker', async () => {
        const docs: Doc[] = [
          { id: 'e', g: 'x', n: 1 },
          { id: 'a', g: 'y', n: 2 },
          { id: 'd', g: 'x', n: 2 },
          { id: 'b', g: 'y', n: 2 },
          { id: 'c', g: 'x', n: 1 },
        ];
        expect(await sortedBy(docs, [{ field: 'g', direction: 'asc' }, { field: 'n', direction: 'desc' }])).toEqual([
          'd',
          'c',
          'e',
          'a',
          'b',
        ]);
        expect(await sortedBy(docs, [{ field: 'g', direction: 'desc' }, { field: 'n', direction: 'asc' }])).toEqual([
          'a',
          'b',
          'c',
          'e',
          'd',
        ]);
      });

      it('breaks ties by id ascending even when sorting descending', async () => {
        const docs: Doc[] = [{ id: 'b', g: 1 }, { id: 'c', g: 2 }, { id: 'a', g: 1 }];
        expect(await sortedBy(docs, [{ field: 'g', direction: 'desc' }])).toEqual(['c', 'a', 'b']);
      });

      it('puts null and missing first ascending and last descending', async () => {
        const docs: Doc[] = [{ id: 'n2', v: 2 }, { id: 'null', v: null }, { id: 'n1', v: 1 }, { id: 'missing' }];
        expect(await sortedBy(docs, [{ field: 'v', direction: 'asc' }])).toEqual(['missing', 'null', 'n1', 'n2']);
        expect(await sortedBy(docs, [{ field: 'v', direction: 'desc' }])).toEqual(['n2', 'n1', 'missing', 'null']);
      });

      it('sorts on dotted paths', async () => {
        const docs: Doc[] = [{ id: 'a', t: { n: 3 } }, { id: 'b', t: { n: 1 } }, { id: 'c', t: { n: 2 } }];
        expect(await sortedBy(docs, [{ field: 't.n', direction: 'asc' }])).toEqual(['b', 'c', 'a']);
      });

      it('sorts strings by code point (binary), numbers numerically and booleans false first', async () => {
        const strings: Doc[] = ['b', 'B', 'a', 'A', 'ä'].map((s, i) => ({ id: `s${i}`, s }));
        expect(await sortedBy(strings, [{ field: 's', direction: 'asc' }])).toEqual(['s3', 's1', 's2', 's0', 's4']);
        const numbers: Doc[] = [10, 9, -1, 2.5].map((n, i) => ({ id: `n${i}`, n }));
        expect(await sortedBy(numbers, [{ field: 'n', direction: 'asc' }])).toEqual(['n2', 'n3', 'n1', 'n0']);
        const flags: Doc[] = [true, false, true].map((b, i) => ({ id: `b${i}`, b }));
        expect(await sortedBy(flags, [{ field: 'b', direction: 'asc' }])).toEqual(['b1', 'b0', 'b2']);
      });

      it('sorts by id when asked, in either direction', async () => {
        const docs: Doc[] = [{ id: 'b' }, { id: 'c' }, { id: 'a' }];
        expect(await sortedBy(docs, [{ field: 'id', direction: 'desc' }])).toEqual(['c', 'b', 'a']);
      });

      it('rejects invalid sorts', async () => {
        const c = fresh();
        await expect(store.find(c, { sort: [{ field: 'a-b', direction: 'asc' }] })).rejects.toThrow(/field path/);
        await expect(
          store.find(c, { sort: [{ field: 'a', direction: 'up' as 'asc' }] }),
        ).rejects.toThrow(/direction/);
        await expect(
          store.find(c, {
            sort: [
              { field: 'a', direction: 'asc' },
              { field: 'a', direction: 'desc' },
            ],
          }),
        ).rejects.toThrow(/twice/);
      });
    });

    describe('pagination', () => {
      /** 250 documents; `group` repeats (0..6) and is null or missing for some, `score` repeats too. */
      const docs: Doc[] = Array.from({ length: 250 }, (_, i) => {
        const id = `${randomBytes(3).toString('hex')}-${String(i).padStart(3, '0')}`;
        if (i % 10 === 0) return { id, score: i % 4 };
        if (i % 15 === 0) return { id, group: null, score: i % 4 };
        return { id, group: i % 7, score: i % 4 };
      });

      /** The order every adapter must produce: null/missing lowest, then by value, `id` ascending last. */
      const expectedOrder = (sort: readonly SortField[], subset: readonly Doc[] = docs): string[] => {
        const rank = (value: unknown): number => (value === null || value === undefined ? 0 : 1);
        const compareValues = (a: unknown, b: unknown): number => {
          if (rank(a) !== rank(b)) return rank(a) - rank(b);
          if (rank(a) === 0) return 0;
          return (a as number) - (b as number);
        };
        return [...subset]
          .sort((a, b) => {
            for (const { field, direction } of sort) {
              const order = compareValues(a[field], b[field]);
              if (order !== 0) return direction === 'asc' ? order : -order;
            }
            return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
          })
          .map((doc) => doc.id);
      };

      let c: string;
      beforeEach(async () => {
        c = fresh();
        await store.ensureCollection({ name: c, indexes: [['group'], ['group', 'score']] });
        await putAll(c, docs);
      });

      const walk = async (options: FindOptions, limit: number) => {
        const pages: { ids: string[]; hasNextPage: boolean; endCursor: string | null }[] = [];
        let after: string | undefined;
        for (let guard = 0; guard < 100; guard += 1) {
          const page = await store.find(c, { ...options, limit, after });
          pages.push({ ids: ids(page.items), hasNextPage: page.hasNextPage, endCursor: page.endCursor });
          if (!page.hasNextPage) break;
          expect(page.endCursor).not.toBeNull();
          after = page.endCursor ?? undefined;
        }
        return pages;
      };

      it('gives every item its own cursor: resuming after any of them continues right behind it', async () => {
        const sort: SortField[] = [{ field: 'group', direction: 'desc' }];
        const all = await store.find(c, { sort, limit: 1000 });
        const page = await store.find(c, { sort, limit: 10 });
        expect(page.cursors).toHaveLength(10);
        expect(page.endCursor).toBe(page.cursors[9]);
        const resumed = await store.find(c, { sort, limit: 3, after: page.cursors[4] });
        expect(ids(resumed.items)).toEqual(ids(all.items).slice(5, 8));
      });

      it.each<[string, SortField[], number]>([
        // 33 documents have no group: limit 20 puts a page boundary among them.
        ['a non-unique field ascending', [{ field: 'group', direction: 'asc' }], 20],
        ['a non-unique field descending', [{ field: 'group', direction: 'desc' }], 33],
        [
          'two fields in mixed directions',
          [
            { field: 'group', direction: 'desc' },
            { field: 'score', direction: 'asc' },
          ],
          17,
        ],
        [
          'a field with nulls after a repeating one',
          [
            { field: 'score', direction: 'desc' },
            { field: 'group', direction: 'asc' },
          ],
          7,
        ],
        ['id only', [], 64],
      ])('walks every page sorted by %s: every document once, in order', async (_name, sort, limit) => {
        const pages = await walk({ sort }, limit);
        const walked = pages.flatMap((page) => page.ids);
        expect(walked).toHaveLength(250);
        expect(new Set(walked).size).toBe(250);
        expect(walked).toEqual(expectedOrder(sort));
        expect(pages).toHaveLength(Math.ceil(250 / limit));
        pages.slice(0, -1).forEach((page) => {
          expect(page.ids).toHaveLength(limit);
          expect(page.hasNextPage).toBe(true);
        });
        expect(pages.at(-1)?.hasNextPage).toBe(false);
      });

      it('walks a filtered collection', async () => {
        const sort: SortField[] = [{ field: 'score', direction: 'desc' }];
        const filter: Filter = { group: { $in: [1, 2, null] } };
        const subset = docs.filter((doc) => [1, 2, null, undefined].includes(doc.group as number | null | undefined));
        const walked = (await walk({ sort, filter }, 9)).flatMap((page) => page.ids);
        expect(walked).toEqual(expectedOrder(sort, subset));
      });

      it('knows exactly whether there is a next page', async () => {
        const exact = await walk({ sort: [{ field: 'group', direction: 'asc' }] }, 50);
        expect(exact.map((page) => page.ids.length)).toEqual([50, 50, 50, 50, 50]);
        expect(exact.map((page) => page.hasNextPage)).toEqual([true, true, true, true, false]);
        expect((await store.find(c, { limit: 250 })).hasNextPage).toBe(false);
        expect((await store.find(c, { limit: 249 })).hasNextPage).toBe(true);
      });

      it('returns an empty last page with a null cursor', async () => {
        const empty = await store.find(c, { filter: { group: 99 } });
        expect(empty).toEqual({ items: [], cursors: [], endCursor: null, hasNextPage: false });
      });

      it('defaults to 100 items', async () => {
        const page = await store.find(c);
        expect(page.items).toHaveLength(100);
        expect(page.hasNextPage).toBe(true);
      });

      it('rejects malformed cursors with InvalidCursorError', async () => {
        const sort: SortField[] = [{ field: 'group', direction: 'asc' }];
        const good = (await store.find(c, { sort, limit: 5 })).endCursor ?? '';
        const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
        const [version, signature, id] = JSON.parse(Buffer.from(good, 'base64url').toString()) as unknown[];
        const malformed = [
          '',
          'not a cursor!',
          'abc',
          forge({ after: 'x' }),
          forge([version, signature, id, { $gt: 1 }]),
          forge([version, signature, 17, 1]),
          forge([version, signature, id]),
          forge([99, signature, id, 1]),
          good.slice(0, -3),
          'A'.repeat(5000),
        ];
        for (const after of malformed) {
          const attempt = store.find(c, { sort, after });
          await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
          await expect(attempt).rejects.toMatchObject({ name: 'InvalidCursorError', message: /cursor/i });
        }
        // A cursor made for another sort is rejected as well.
        const otherSort: SortField[] = [{ field: 'score', direction: 'asc' }];
        await expect(store.find(c, { sort: otherSort, after: good })).rejects.toMatchObject({
          name: 'InvalidCursorError',
        });
        await expect(store.find(c, { sort, after: good })).resolves.toMatchObject({ hasNextPage: true });
      });

      it('rejects a limit that is not a positive integer', async () => {
        for (const limit of [0, -1, 1.5, Number.NaN]) {
          await expect(store.find(c, { limit })).rejects.toBeInstanceOf(RangeError);
        }
      });
    });

    it('caps the page size at 1000', async () => {
      const c = fresh();
      await putAll(
        c,
        Array.from({ length: 1005 }, (_, i) => ({ id: `d${String(i).padStart(4, '0')}`, i })),
      );
      const page = await store.find(c, { limit: 5000 });
      expect(page.items).toHaveLength(1000);
      expect(page.hasNextPage).toBe(true);
      const rest = await store.find(c, { limit: 5000, after: page.endCursor ?? undefined });
      expect(ids(rest.items)).toEqual(['d1000', 'd1001', 'd1002', 'd1003', 'd1004']);
      expect(rest.hasNextPage).toBe(false);
    }, 30_000);

    describe('transactions', () => {
      /** A promise plus the function that resolves it, to hold a transaction open at a known point. */
      const gate = () => {
        let open!: () => void;
        const opened = new Promise<void>((resolve) => (open = resolve));
        return { open, opened };
      };

      it('commits all writes together and returns the result of work', async () => {
        const c = fresh();
        const checkpoints = fresh();
        await putAll(c, [{ id: 'old', v: 1 }]);
        const result = await store.transaction(async (session) => {
          await session.put(c, { id: 'a', v: 1 });
          await session.put(c, { id: 'b', v: 2 });
          await session.delete(c, 'old');
          await session.put(checkpoints, { id: 'projection', position: '42' });
          return 'done';
        });
        expect(result).toBe('done');
        expect(sortedIds(await findAll(c))).toEqual(['a', 'b']);
        expect(await store.get(checkpoints, 'projection')).toEqual({ id: 'projection', position: '42' });
      });

      it('writes nothing when work throws, and rethrows the error', async () => {
        const c = fresh();
        const elsewhere = fresh();
        await putAll(c, [{ id: 'keep', v: 1 }]);
        const failure = new Error('projection failed');
        await expect(
          store.transaction(async (session) => {
            await session.put(c, { id: 'new', v: 1 });
            await session.put(c, { id: 'keep', v: 2 });
            await session.delete(c, 'keep');
            await session.put(elsewhere, { id: 'elsewhere' });
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await findAll(c)).toEqual([{ id: 'keep', v: 1 }]);
        expect(await store.get(elsewhere, 'elsewhere')).toBeNull();
      });

      it('lets reads inside the transaction see its own writes', async () => {
        const c = fresh();
        await putAll(c, [{ id: 'a', status: 'open' }, { id: 'b', status: 'open' }]);
        await store.transaction(async (session) => {
          await session.put(c, { id: 'c', status: 'open' });
          await session.put(c, { id: 'a', status: 'closed' });
          await session.delete(c, 'b');
          expect(await session.get(c, 'a')).toEqual({ id: 'a', status: 'closed' });
          expect(await session.get(c, 'b')).toBeNull();
          expect(sortedIds(await session.getMany(c, ['a', 'b', 'c']))).toEqual(['a', 'c']);
          const open = await session.find(c, { filter: { status: 'open' } });
          expect(ids(open.items)).toEqual(['c']);
        });
      });

      it('hides uncommitted writes from readers outside the transaction', async () => {
        const c = fresh();
        await store.ensureCollection({ name: c }); // no collection creation racing the transaction
        const wrote = gate();
        const release = gate();
        const tx = store.transaction(async (session) => {
          await session.put(c, { id: 'pending' });
          wrote.open();
          await release.opened;
        });
        await wrote.opened;
        expect(await store.get(c, 'pending')).toBeNull();
        release.open();
        await tx;
        expect(await store.get(c, 'pending')).toEqual({ id: 'pending' });
      });

      it('keeps a concurrent write outside the transaction when the transaction rolls back', async () => {
        const c = fresh();
        await store.ensureCollection({ name: c }); // no collection creation racing the transaction
        const wrote = gate();
        const release = gate();
        const tx = store.transaction(async (session) => {
          await session.put(c, { id: 'inside' });
          wrote.open();
          await release.opened;
          throw new Error('rollback');
        });
        await wrote.opened;
        const outside = store.put(c, { id: 'outside' });
        release.open();
        await expect(tx).rejects.toThrow('rollback');
        await outside;
        expect(ids(await findAll(c))).toEqual(['outside']);
      });

      it('serialises concurrent read-modify-write transactions without losing updates', async () => {
        const c = fresh();
        await store.put(c, { id: 'counter', n: 0 });
        await Promise.all(
          Array.from({ length: 8 }, () =>
            store.transaction(async (session) => {
              const counter = await session.get<{ id: string; n: number }>(c, 'counter');
              await session.put(c, { id: 'counter', n: (counter?.n ?? 0) + 1 });
            }),
          ),
        );
        expect(await store.get(c, 'counter')).toEqual({ id: 'counter', n: 8 });
      }, 30_000);

      it('rejects writes through the store (not the session) inside work', async () => {
        const c = fresh();
        await store.ensureCollection({ name: c }); // no collection creation racing the transaction
        await expect(
          store.transaction(async (session) => {
            await session.put(c, { id: 'viaSession' });
            await store.put(c, { id: 'viaStore' });
          }),
        ).rejects.toThrow(/session/);
        await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toThrow(/session/);
        expect(await findAll(c)).toEqual([]);
      });

      it('refuses a session used after its transaction ended', async () => {
        const c = fresh();
        let leaked: ReadStoreSession | undefined;
        await store.transaction(async (session) => {
          leaked = session;
        });
        await expect(leaked?.put(c, { id: 'late' })).rejects.toThrow(/transaction ended/);
        expect(await store.get(c, 'late')).toBeNull();
      });
    });

    describe('collections', () => {
      it('ensureCollection is idempotent and keeps existing documents', async () => {
        const c = fresh();
        const spec = { name: c, indexes: [['status'], ['totals.approved', 'status']] };
        await store.ensureCollection(spec);
        await store.put(c, { id: 'a', status: 'open', totals: { approved: 1 } });
        await store.ensureCollection(spec);
        await store.ensureCollection({ name: c, indexes: [...spec.indexes, ['createdAt']] });
        await store.ensureCollection({ name: c });
        expect(await store.get(c, 'a')).toEqual({ id: 'a', status: 'open', totals: { approved: 1 } });
        const found = await store.find(c, {
          filter: { 'totals.approved': 1 },
          sort: [{ field: 'status', direction: 'asc' }],
        });
        expect(ids(found.items)).toEqual(['a']);
      });

      it('dropCollection removes every document; dropping a missing collection is fine', async () => {
        const c = fresh();
        await store.ensureCollection({ name: c, indexes: [['v']] });
        await putAll(c, [{ id: 'a', v: 1 }, { id: 'b', v: 2 }]);
        await store.dropCollection(c);
        await store.dropCollection(c);
        expect(await store.get(c, 'a')).toBeNull();
        expect((await store.find(c)).items).toEqual([]);
        await store.put(c, { id: 'c' });
        expect(ids(await findAll(c))).toEqual(['c']);
      });

      it('replaceCollection swaps the rebuilt collection in and removes the source', async () => {
        const target = fresh();
        const source = fresh();
        const spec = { name: target, indexes: [['status'], ['meta.rank']] };
        await store.ensureCollection(spec);
        await putAll(target, [{ id: 'old1', status: 'stale' }, { id: 'shared', status: 'stale' }]);
        await store.ensureCollection({ ...spec, name: source });
        await putAll(source, [
          { id: 'shared', status: 'fresh', meta: { rank: 2 } },
          { id: 'new1', status: 'fresh', meta: { rank: 1 } },
        ]);

        await store.replaceCollection(source, target, spec);

        expect(await findAll(target)).toEqual([
          { id: 'new1', status: 'fresh', meta: { rank: 1 } },
          { id: 'shared', status: 'fresh', meta: { rank: 2 } },
        ]);
        expect(await store.get(target, 'old1')).toBeNull();
        expect(await findAll(source)).toEqual([]);
        expect(await store.get(source, 'shared')).toBeNull();

        // The swapped-in collection is fully usable, and ensureCollection on it is still idempotent.
        await store.ensureCollection(spec);
        await store.put(target, { id: 'later', status: 'fresh', meta: { rank: 0 } });
        const ranked = await store.find(target, {
          filter: { status: 'fresh' },
          sort: [{ field: 'meta.rank', direction: 'asc' }],
        });
        expect(ids(ranked.items)).toEqual(['later', 'new1', 'shared']);
      });

      it('replaceCollection works when the target does not exist yet', async () => {
        const target = fresh();
        const source = fresh();
        await store.ensureCollection({ name: source, indexes: [['v']] });
        await store.put(source, { id: 'a', v: 1 });
        await store.replaceCollection(source, target, { name: target, indexes: [['v']] });
        expect(await findAll(target)).toEqual([{ id: 'a', v: 1 }]);
        expect(await findAll(source)).toEqual([]);
      });

      it('replaceCollection fails without touching the target when the source is missing', async () => {
        const target = fresh();
        await store.put(target, { id: 'keep' });
        await expect(store.replaceCollection(fresh(), target, { name: target })).rejects.toThrow(/does not exist/);
        await expect(store.replaceCollection(target, target, { name: target })).rejects.toThrow(/itself/);
        expect(ids(await findAll(target))).toEqual(['keep']);
      });
    });

    describe('input validation', () => {
      it.each(['bad-name', 'x; DROP TABLE rm_x; --', '', 'a.b', 'x"y', 'a'.repeat(65)])(
        'rejects the collection name %j',
        async (name) => {
          await expect(store.get(name, 'a')).rejects.toThrow(/collection name/);
          await expect(store.put(name, { id: 'a' })).rejects.toThrow(/collection name/);
          await expect(store.find(name)).rejects.toThrow(/collection name/);
          await expect(store.ensureCollection({ name })).rejects.toThrow(/collection name/);
          await expect(store.dropCollection(name)).rejects.toThrow(/collection name/);
        },
      );

      it.each(["a') OR 1=1 --", 'a..b', '.a', 'a.', 'a b', '_id', '0', 'a.1', ''])(
        'rejects the field path %j',
        async (field) => {
          const c = fresh();
          await expect(store.find(c, { filter: { [field]: 1 } })).rejects.toThrow(/field path/);
          await expect(store.find(c, { sort: [{ field, direction: 'asc' }] })).rejects.toThrow(/field path/);
          await expect(store.ensureCollection({ name: c, indexes: [[field]] })).rejects.toThrow(/field path/);
        },
      );

      it('rejects unsupported operators and operand types', async () => {
        const c = fresh();
        const bad: unknown[] = [
          { v: { $regex: 'a' } },
          { v: { $where: 'true' } },
          { v: { constructor: 1 } },
          { v: [1, 2] },
          { v: { $in: 'a' } },
          { v: { $in: [{ a: 1 }] } },
          { v: { $gt: null } },
          { v: { $gt: true } },
          { v: { $eq: { a: 1 } } },
          { v: Number.POSITIVE_INFINITY },
        ];
        for (const filter of bad) {
          await expect(store.find(c, { filter: filter as Filter })).rejects.toBeInstanceOf(TypeError);
        }
      });

      it('treats collection names and values as data, never as query syntax', async () => {
        const c = fresh();
        const tricky: Scalar[] = ["'; DROP TABLE x; --", '{"$ne":null}', '$ne', '%', '_'];
        await putAll(c, tricky.map((v, i) => ({ id: `t${i}`, v })));
        for (const [i, v] of tricky.entries()) {
          expect(ids(await findAll(c, { filter: { v } }))).toEqual([`t${i}`]);
        }
        expect(await store.get(c, "' OR '1'='1")).toBeNull();
      });
    });
  });
}
