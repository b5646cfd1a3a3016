import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../src/core/domain-error';
import { handleCommand } from '../../src/core/handle-command';
import type { DistrictCommand } from '../../src/districts/domain/districts.commands';
import { districtsDecider } from '../../src/districts/domain/districts.decider';
import type { DistrictProfile } from '../../src/districts/domain/districts.events';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import type { Doc } from '../../src/read-store/read-store.port';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import { RecordAsOfHandler, RecordAsOfQuery } from '../../src/time-travel/record-as-of.query';
import { TimeTravelService } from '../../src/time-travel/time-travel.service';
import { DISTRICTS_COLLECTION, type DistrictDoc, districtsProjection } from '../../projections/districts/districts.projection';
import type { Projection } from '../../projections/runner/projection';
import { ProjectionManager } from '../../projections/runner/projection-manager';
import { context } from '../support/decider-spec';
import { testEvent } from '../support/events';

/**
 * Time travel over the SQLite event store: the record as of a recording time is folded from the log through the
 * projection's own apply, so it equals the read model at the same point.
 */

const T = (iso: string) => new Date(iso);
const REGISTERED_AT = '2025-03-01T09:00:00.000Z';
const UPDATED_AT = '2025-03-10T15:30:00.000Z';

const profile: DistrictProfile = {
  name: 'Halle-Neustadt',
  municipality: 'Halle (Saale)',
  municipalityKey: '15002000',
  programmes: ['Sozialer Zusammenhalt'],
  designation: { number: 'VII/2019/01234', date: '2019-06-26' },
  areaHectares: 180,
  startDate: '2020-01-01',
  expectedEndDate: '2030-12-31',
};

describe('time travel on the SQLite event store', () => {
  let dir: string;
  let events: SqliteEventStoreAdapter;
  let timeTravel: TimeTravelService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'time-travel-'));
    events = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db') });
    timeTravel = new TimeTravelService(events);
  });
  afterEach(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const districtCommand = (command: Omit<DistrictCommand, 'context'>, now: string): DistrictCommand =>
    ({ ...command, context: context({ commandId: randomUUID(), now: T(now) }) }) as DistrictCommand;

  /** Registers a district and later renames it and changes its area. */
  async function registerAndUpdate(): Promise<string> {
    const districtId = randomUUID();
    const stream = `district-${districtId}`;
    await handleCommand(events, districtsDecider, stream, districtCommand({ type: 'RegisterDistrict', data: { districtId, ...profile } }, REGISTERED_AT));
    await handleCommand(
      events,
      districtsDecider,
      stream,
      districtCommand({ type: 'UpdateDistrictProfile', data: { districtId, changes: { name: 'Neustadt', areaHectares: 195 } } }, UPDATED_AT),
    );
    return districtId;
  }

  const districtAsOf = (districtId: string, at: string) =>
    timeTravel.asOf<DistrictDoc>(districtsProjection, districtId, [`district-${districtId}`], T(at));

  it('shows the old values before a revision and the new ones from its recording time on', async () => {
    const districtId = await registerAndUpdate();

    const atRegistration = await districtAsOf(districtId, REGISTERED_AT);
    expect(atRegistration).toMatchObject({ id: districtId, name: 'Halle-Neustadt', areaHectares: 180, version: 0, updatedAt: REGISTERED_AT });

    const justBefore = await districtAsOf(districtId, '2025-03-10T15:29:59.999Z');
    expect(justBefore).toEqual(atRegistration);

    const atUpdate = await districtAsOf(districtId, UPDATED_AT);
    expect(atUpdate).toMatchObject({ name: 'Neustadt', areaHectares: 195, version: 1, updatedAt: UPDATED_AT });
    // Business data of the record is shown as recorded, whatever the moment asked about.
    expect(atUpdate).toMatchObject({ startDate: '2020-01-01', designation: { date: '2019-06-26' } });
  });

  it('answers null before the record existed (and for a record that never existed); the query says NOT_FOUND', async () => {
    const districtId = await registerAndUpdate();
    expect(await districtAsOf(districtId, '2025-03-01T08:59:59.999Z')).toBeNull();
    expect(await districtAsOf(randomUUID(), UPDATED_AT)).toBeNull();

    const handler = new RecordAsOfHandler(timeTravel);
    const query = new RecordAsOfQuery({
      projection: districtsProjection,
      entity: 'District',
      id: districtId,
      streams: [`district-${districtId}`],
      at: T('2025-02-28T00:00:00Z'),
    });
    const refusal = await handler.execute(query).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'NOT_FOUND', details: { id: districtId, asOf: '2025-02-28T00:00:00.000Z' } });
  });

  it('equals the read model built by the projection runner when asked as of now', async () => {
    const districtId = await registerAndUpdate();
    const reads = new SqliteReadStoreAdapter({ filename: join(dir, 'read-models.db') });
    const manager = new ProjectionManager(events, reads, [districtsProjection], { batchSize: 50, log: () => undefined });
    try {
      await manager.start();
      expect(await manager.waitFor((await events.headPosition())!, 5000)).toBe(true);
      const readModel = await reads.get<DistrictDoc>(DISTRICTS_COLLECTION, districtId);
      expect(readModel).not.toBeNull();
      expect(await districtAsOf(districtId, new Date().toISOString())).toEqual(readModel);
    } finally {
      await manager.stop();
      await reads.close();
    }
  });

  it('folds several streams in store order, each cut at the moment, and skips event types the projection ignores', async () => {
    // A document fed by two streams: it lists the notes of both, in the order the log holds them.
    const notes: Projection = {
      name: 'notes',
      version: 1,
      eventTypes: ['Noted'],
      collections: [{ name: 'notes' }],
      documentsFor: () => [{ collection: 'notes', id: 'board' }],
      apply: (event, docs) => {
        const current = docs.get<Doc & { notes: string[] }>('notes', 'board');
        return [{ collection: 'notes', doc: { id: 'board', notes: [...(current?.notes ?? []), String(event.data.note)] } }];
      },
    };
    const note = (note: string, recordedAt: string, type = 'Noted') => [testEvent({ type, data: { note }, metadata: { recordedAt } })];
    await events.append('alpha-1', note('a1', '2025-01-01T00:00:00Z'), 'any');
    await events.append('beta-1', note('b1', '2025-01-02T00:00:00Z'), 'any');
    await events.append('beta-1', note('ignored', '2025-01-02T12:00:00Z', 'Other'), 'any');
    await events.append('alpha-1', note('a2', '2025-01-03T00:00:00Z'), 'any');
    await events.append('beta-1', note('b2', '2025-01-04T00:00:00Z'), 'any');

    const board = (at: string) => timeTravel.asOf<Doc & { notes: string[] }>(notes, 'board', ['alpha-1', 'beta-1'], T(at));
    expect(await board('2024-12-31T23:59:59Z')).toBeNull();
    expect((await board('2025-01-02T12:00:00Z'))?.notes).toEqual(['a1', 'b1']);
    expect((await board('2025-01-03T00:00:00Z'))?.notes).toEqual(['a1', 'b1', 'a2']);
    expect((await board('2026-01-01T00:00:00Z'))?.notes).toEqual(['a1', 'b1', 'a2', 'b2']);
    // A stream not named is not folded.
    expect((await timeTravel.asOf<Doc & { notes: string[] }>(notes, 'board', ['beta-1'], T('2026-01-01T00:00:00Z')))?.notes).toEqual(['b1', 'b2']);
  });
});
