import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decider } from '../../src/core/decider';
import { apiKeysDecider } from '../../src/api-keys/domain/api-keys.decider';
import type { CommandContext, ScopedActor } from '../../src/core/decider';
import { apiKeyActorId } from '../../src/core/persons';
import type { GrantCommand } from '../../src/funding/domain/grants.commands';
import { grantsDecider } from '../../src/funding/domain/grants.decider';
import { handleCommand, MAX_ATTEMPTS } from '../../src/core/handle-command';
import { verifyChain } from '../../src/core/hash-chain';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import type { EventStore } from '../../src/event-store/event-store.port';
import { context } from '../support/decider-spec';

// A counter stream: small enough to see the pipeline's behaviour, with one rule to refuse on.
type Increment = { type: 'Increment'; data: { by: number; max: number }; context: ReturnType<typeof context> };
type Incremented = { type: 'Incremented'; data: { by: number; total: number } };
const counter: Decider<{ total: number }, Increment, Incremented> = {
  category: 'counter',
  schemaVersion: 1,
  initialState: () => ({ total: 0 }),
  evolve: (_s, e) => ({ total: e.data.total }),
  decide: (c, s) => {
    if (s.total + c.data.by > c.data.max) throw Object.assign(new Error('over max'), { code: 'DOMAIN_RULE' });
    return [{ type: 'Incremented', data: { by: c.data.by, total: s.total + c.data.by } }];
  },
};
const increment = (
  commandId: string,
  by = 1,
  max = 1_000_000,
  extra: Pick<CommandContext, 'expectedVersion' | 'requestHash'> = {},
): Increment => ({
  type: 'Increment',
  data: { by, max },
  context: context({ commandId, ...extra }),
});

describe('command pipeline on the SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStoreAdapter;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
    store = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends decided events with envelope metadata and a verifiable hash chain', async () => {
    const first = await handleCommand(store, counter, 'counter-a', increment('c0000000-0000-4000-8000-000000000001'));
    const second = await handleCommand(store, counter, 'counter-a', increment('c0000000-0000-4000-8000-000000000002', 2));
    expect(first).toMatchObject({ streamVersion: 0, repeated: false });
    expect(second).toMatchObject({ streamVersion: 1, repeated: false });
    expect(second.position! > first.position!).toBe(true);
    const events = await store.readStream('counter-a');
    expect(events.map((e) => e.data)).toEqual([{ by: 1, total: 1 }, { by: 2, total: 3 }]);
    expect(events[1].metadata).toMatchObject({
      actorId: 'user-1',
      actorRole: 'district_manager',
      commandId: 'c0000000-0000-4000-8000-000000000002',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      schemaVersion: 1,
      prevHash: events[0].metadata.hash,
    });
    expect(verifyChain(events)).toBeNull();
  });

  it('answers a repeated command id with the first outcome, not the stream\'s current version, and appends nothing', async () => {
    const id = 'c0000000-0000-4000-8000-000000000003';
    const first = await handleCommand(store, counter, 'counter-b', increment(id));
    await handleCommand(store, counter, 'counter-b', increment('c0000000-0000-4000-8000-000000000004'));
    const again = await handleCommand(store, counter, 'counter-b', increment(id));
    expect(again).toMatchObject({ repeated: true, streamId: 'counter-b', streamVersion: 0, position: first.position });
    expect(first.streamVersion).toBe(0);
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(await store.readStream('counter-b')).toHaveLength(2);
  });

  it('refuses a command id sent again with another request (CONFLICT, COMMAND_ID_REUSED) and appends nothing', async () => {
    const id = 'c0000000-0000-4000-8000-000000000005';
    const hashOf = (text: string) => text.repeat(64).slice(0, 64);
    await handleCommand(store, counter, 'counter-k', increment(id, 1, 1_000_000, { requestHash: hashOf('a') }));
    await expect(handleCommand(store, counter, 'counter-k', increment(id, 2, 1_000_000, { requestHash: hashOf('b') }))).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { conflict: 'COMMAND_ID_REUSED', commandId: id },
    });
    expect(await handleCommand(store, counter, 'counter-k', increment(id, 1, 1_000_000, { requestHash: hashOf('a') }))).toMatchObject({
      repeated: true,
      streamVersion: 0,
    });
    // A command the service issued itself carries no request hash: nothing to compare, the first outcome.
    expect(await handleCommand(store, counter, 'counter-k', increment(id))).toMatchObject({ repeated: true });
    const events = await store.readStream('counter-k');
    expect(events.map((e) => e.metadata.requestHash)).toEqual([hashOf('a')]);
  });

  it('re-decides on a version conflict, so concurrent commands all land and rules see the latest state', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, (_, i) =>
        handleCommand(store, counter, 'counter-c', increment(`c0000000-0000-4000-8000-10000000000${i}`, 1, 2)),
      ),
    );
    // Max is 2: two land, the third is re-decided against total 2 and refused by the rule, not by a conflict.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'DOMAIN_RULE' });
    expect((await store.readStream('counter-c')).map((e) => e.data.total)).toEqual([1, 2]);
  });

  it(`gives up with CONFLICT after ${MAX_ATTEMPTS} lost races`, async () => {
    // A store whose stream moves on between every read and append.
    let sabotage = 0;
    const racing: EventStore = Object.create(store) as EventStore;
    racing.append = async (streamId, events, expected) => {
      sabotage += 1;
      await handleCommand(store, counter, streamId, increment(`d0000000-0000-4000-8000-00000000000${sabotage}`));
      return store.append(streamId, events, expected);
    };
    await expect(handleCommand(racing, counter, 'counter-d', increment('c0000000-0000-4000-8000-000000000009'))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(sabotage).toBe(MAX_ATTEMPTS);
    const events = await store.readStream('counter-d');
    expect(events.every((e) => e.metadata.commandId !== 'c0000000-0000-4000-8000-000000000009')).toBe(true);
  });

  it('folds on from what it kept, including what another process appended meanwhile', async () => {
    await handleCommand(store, counter, 'counter-f', increment('c0000000-0000-4000-8000-00000000000b'));
    const otherProcess = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db') });
    try {
      await handleCommand(otherProcess, counter, 'counter-f', increment('c0000000-0000-4000-8000-00000000000c', 2));
    } finally {
      await otherProcess.close();
    }
    const third = await handleCommand(store, counter, 'counter-f', increment('c0000000-0000-4000-8000-00000000000d', 3));
    expect(third).toMatchObject({ streamVersion: 2, repeated: false });
    const events = await store.readStream('counter-f');
    expect(events.map((e) => e.data.total)).toEqual([1, 3, 6]);
    expect(verifyChain(events)).toBeNull();
    // The other process's command is known here as well: repeating it records nothing.
    const repeated = await handleCommand(store, counter, 'counter-f', increment('c0000000-0000-4000-8000-00000000000c', 2));
    expect(repeated).toMatchObject({ repeated: true, streamVersion: 1, position: events[1].position });
  });

  describe('expectedVersion (the version the client last saw)', () => {
    it('decides at the expected version; at any other it answers CONFLICT with the current version and appends nothing', async () => {
      const created = await handleCommand(store, counter, 'counter-g', increment('e0000000-0000-4000-8000-000000000001', 1, 99, { expectedVersion: -1 }));
      expect(created.streamVersion).toBe(0);
      const applied = await handleCommand(store, counter, 'counter-g', increment('e0000000-0000-4000-8000-000000000002', 1, 99, { expectedVersion: 0 }));
      expect(applied).toMatchObject({ streamVersion: 1, repeated: false });
      for (const stale of [-1, 0, 2]) {
        await expect(
          handleCommand(store, counter, 'counter-g', increment(`e0000000-0000-4000-8000-00000000001${stale + 1}`, 1, 99, { expectedVersion: stale })),
        ).rejects.toMatchObject({
          code: 'CONFLICT',
          details: { streamId: 'counter-g', expectedVersion: stale, currentVersion: 1 },
        });
      }
      expect(await store.readStream('counter-g')).toHaveLength(2);
    });

    it('is compared before the rules: a stale command that would also break one answers CONFLICT', async () => {
      await handleCommand(store, counter, 'counter-h', increment('e0000000-0000-4000-8000-000000000021', 1));
      await expect(
        handleCommand(store, counter, 'counter-h', increment('e0000000-0000-4000-8000-000000000022', 5, 1, { expectedVersion: -1 })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('answers a repeated command id with the first outcome although the stream has moved on', async () => {
      const id = 'e0000000-0000-4000-8000-000000000031';
      const first = await handleCommand(store, counter, 'counter-i', increment(id, 1, 99, { expectedVersion: -1 }));
      await handleCommand(store, counter, 'counter-i', increment('e0000000-0000-4000-8000-000000000032'));
      const again = await handleCommand(store, counter, 'counter-i', increment(id, 1, 99, { expectedVersion: -1 }));
      expect(again).toMatchObject({ repeated: true, position: first.position, streamVersion: first.streamVersion });
    });

    it('does not re-decide after losing a race: the command was made for the state that is gone', async () => {
      let sabotage = 0;
      const racing: EventStore = Object.create(store) as EventStore;
      racing.append = async (streamId, events, expected) => {
        sabotage += 1;
        await handleCommand(store, counter, streamId, increment(`e0000000-0000-4000-8000-00000000004${sabotage}`));
        return store.append(streamId, events, expected);
      };
      await handleCommand(store, counter, 'counter-j', increment('e0000000-0000-4000-8000-000000000040'));
      await expect(
        handleCommand(racing, counter, 'counter-j', increment('e0000000-0000-4000-8000-000000000049', 1, 99, { expectedVersion: 0 })),
      ).rejects.toMatchObject({ code: 'CONFLICT', details: { expectedVersion: 0, currentVersion: 1 } });
      expect(sabotage).toBe(1);
      expect(await store.readStream('counter-j')).toHaveLength(2);
    });
  });

  it('a rejected command appends nothing', async () => {
    await expect(handleCommand(store, counter, 'counter-e', increment('c0000000-0000-4000-8000-00000000000a', 5, 1))).rejects.toMatchObject({
      code: 'DOMAIN_RULE',
    });
    expect(await store.readStream('counter-e')).toEqual([]);
    expect(await store.headPosition()).toBeNull();
  });
  describe('four-eyes through API keys: the person behind a key reaches the deciders', () => {
    const grantId = '7d0e7c1a-2b3c-4d5e-8f90-1234567890ab';
    const districtId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
    const ALICE: ScopedActor = { id: 'alice', role: 'admin', districts: null };
    const BOB: ScopedActor = { id: 'bob', role: 'funding_officer', districts: null };
    let commands = 0;
    const as = (actor: ScopedActor) => context({ actor, commandId: `c0000000-0000-4000-8000-2${String(++commands).padStart(11, '0')}` });

    /** Issues a key as `issuer`; the key then acts as `apikey-<keyId>` for `onBehalfOf` (none: as keys did before). */
    async function keyIssuedBy(issuer: ScopedActor, keyId: string, onBehalfOf?: string): Promise<ScopedActor> {
      await handleCommand(store, apiKeysDecider, apiKeyActorId(keyId), {
        type: 'IssueApiKey',
        data: { keyId, name: keyId, role: 'admin', districts: null, expiresOn: null, secretHash: 'b'.repeat(64) },
        context: as(issuer),
      });
      return { id: apiKeyActorId(keyId), role: 'admin', districts: null, ...(onBehalfOf ? { onBehalfOf } : {}) };
    }
    const submit = (actor: ScopedActor): GrantCommand => ({
      type: 'SubmitGrantApplication',
      data: {
        grantId,
        programmeId: 'biwaq',
        districtId,
        measureIds: ['a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'],
        requestedAmount: 80_000_00,
        plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
        period: { from: '2026-01-01', to: '2027-12-31' },
        earlyStartRequested: false,
        references: { programme: { level: 'FEDERAL', fund: 'ESF Plus' }, district: 'active', unknownMeasureIds: [], measures: [] },
      },
      context: as(actor),
    });
    const approve = (actor: ScopedActor): GrantCommand => ({
      type: 'ApproveGrant',
      data: {
        grantId,
        referenceNumber: 'BIWAQ-2026-017',
        authority: 'Bundesamt für Bauwesen und Raumordnung',
        approvedOn: '2026-03-15',
        purpose: 'Qualifizierung',
        financingType: 'SHARE',
        maximumAmount: 60_000_00,
        eligibleExpenditure: 100_000_00,
        approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
        reportDeadlines: [],
      },
      context: as(actor),
    });
    const grantStream = `grant-${grantId}`;
    const refusedAndNothingAppended = async (actor: ScopedActor) => {
      const before = await store.readStream(grantStream);
      await expect(handleCommand(store, grantsDecider, grantStream, approve(actor))).rejects.toMatchObject({
        code: 'DOMAIN_RULE',
        message: expect.stringMatching(/four-eyes/),
      });
      expect(await store.readStream(grantStream)).toEqual(before);
    };

    it('records the key and the person it acts for in the hashed metadata; the person cannot decide through the key', async () => {
      const aliceKey = await keyIssuedBy(ALICE, '0a000000-0000-4000-8000-000000000001', 'alice');
      const chained = await keyIssuedBy(aliceKey, '0a000000-0000-4000-8000-000000000002', 'alice');
      await handleCommand(store, grantsDecider, grantStream, submit(ALICE));
      await refusedAndNothingAppended(aliceKey);
      await refusedAndNothingAppended(chained);

      const [issuedByKey] = await store.readStream(chained.id);
      expect(issuedByKey.metadata).toMatchObject({ actorId: aliceKey.id, onBehalfOf: 'alice' });
      expect(verifyChain([issuedByKey])).toBeNull();
      // A person acting directly is recorded without onBehalfOf.
      const [submitted] = await store.readStream(grantStream);
      expect(submitted.metadata.actorId).toBe('alice');
      expect(submitted.metadata).not.toHaveProperty('onBehalfOf');
    });

    it('resolves events keys recorded before events named the person, through the keys’ issue, without changing them', async () => {
      const legacyKey = await keyIssuedBy(ALICE, '0b000000-0000-4000-8000-000000000001');
      const legacyChained = await keyIssuedBy(legacyKey, '0b000000-0000-4000-8000-000000000002');
      await handleCommand(store, grantsDecider, grantStream, submit(legacyChained));
      const stored = await store.readStream(grantStream);
      expect(stored[0].metadata.actorId).toBe(legacyChained.id);
      expect(stored[0].metadata).not.toHaveProperty('onBehalfOf');

      await refusedAndNothingAppended(ALICE);
      await refusedAndNothingAppended({ ...ALICE, id: 'ALICE' });
      const approved = await handleCommand(store, grantsDecider, grantStream, approve(BOB));
      expect(approved.events.map((e) => e.type)).toEqual(['GrantApproved']);
      const after = await store.readStream(grantStream);
      expect(after[0]).toEqual(stored[0]);
      expect(verifyChain(after)).toBeNull();
    });

    it('fails closed when a key that recorded an event without its person cannot be traced', async () => {
      await handleCommand(store, grantsDecider, grantStream, submit({ id: apiKeyActorId('0c000000-0000-4000-8000-000000000001'), role: 'admin', districts: null }));
      await refusedAndNothingAppended(BOB);
    });
  });
});
