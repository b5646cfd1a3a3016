import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../../src/core/envelope';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { districtsOfStream } from '../../src/event-registry';
import { StreamDistricts } from '../../src/integration/stream-districts';
import { testEvent } from '../support/events';

describe('StreamDistricts and districtsOfStream (districts of stored events and streams, from the log)', () => {
  let dir: string;
  let store: SqliteEventStoreAdapter;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-stream-districts-'));
    store = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db') });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function append(streamId: string, type: string, data: RecordedEvent['data']): Promise<RecordedEvent> {
    const { position } = await store.append(streamId, [testEvent({ type, data })], 'any');
    const { events } = await store.readAll({ after: undefined, maxCount: 10_000 });
    return events.find((e) => e.position === position)!;
  }

  it('resolves districts, later events of district-scoped streams, receipts by their grant, and none', async () => {
    const district = randomUUID();
    const grant = randomUUID();
    const districts = new StreamDistricts(store);
    const registered = await append(`district-${district}`, 'DistrictRegistered', { districtId: district });
    const submitted = await append(`grant-${grant}`, 'GrantApplicationSubmitted', {
      grantId: grant,
      districtId: district,
    });
    const approved = await append(`grant-${grant}`, 'GrantApproved', { grantId: grant });
    const receipt = await append(`receipt-${randomUUID()}`, 'ReceiptShareReserved', { grantId: grant });
    const catalogue = await append('catalogue-action-fields', 'ActionFieldAdded', { actionFieldId: 'x' });
    const code = await append(`measurecode-${randomUUID()}`, 'MeasureCodeReserved', {
      measureId: randomUUID(),
    });

    await expect(districts.districtOf(registered)).resolves.toBe(district);
    await expect(districts.districtOf(submitted)).resolves.toBe(district);
    await expect(districts.districtOf(approved)).resolves.toBe(district);
    await expect(districts.districtOf(receipt)).resolves.toBe(district);
    await expect(districts.districtOf(catalogue)).resolves.toBeNull();
    await expect(districts.districtOf(code)).resolves.toBeNull();
  });

  it('answers null for a stream whose creation event is not stored, and learns it once it is', async () => {
    const grant = randomUUID();
    const district = randomUUID();
    const districts = new StreamDistricts(store);
    const orphan = await append(`receipt-${randomUUID()}`, 'ReceiptShareReserved', { grantId: grant });
    await expect(districts.districtOf(orphan)).resolves.toBeNull();
    await append(`grant-${grant}`, 'GrantApplicationSubmitted', { grantId: grant, districtId: district });
    await expect(districts.districtOf(orphan)).resolves.toBe(district);
  });

  it('gives a whole stream the districts of its events: a receipt those of its shares\' grants', async () => {
    const [halle, magdeburg] = [randomUUID(), randomUUID()];
    const [halleGrant, magdeburgGrant] = [randomUUID(), randomUUID()];
    await append(`district-${halle}`, 'DistrictRegistered', { districtId: halle });
    await append(`grant-${halleGrant}`, 'GrantApplicationSubmitted', { grantId: halleGrant, districtId: halle });
    await append(`grant-${halleGrant}`, 'GrantApproved', { grantId: halleGrant });
    await append(`grant-${magdeburgGrant}`, 'GrantApplicationSubmitted', { grantId: magdeburgGrant, districtId: magdeburg });
    const own = `receipt-${randomUUID()}`;
    await append(own, 'ReceiptShareReserved', { grantId: halleGrant });
    await append(own, 'ReceiptShareReleased', { grantId: halleGrant });
    const shared = `receipt-${randomUUID()}`;
    await append(shared, 'ReceiptShareReserved', { grantId: halleGrant });
    await append(shared, 'ReceiptShareReserved', { grantId: magdeburgGrant });
    const orphan = `receipt-${randomUUID()}`;
    await append(orphan, 'ReceiptShareReserved', { grantId: halleGrant });
    await append(orphan, 'ReceiptShareReserved', { grantId: randomUUID() });

    await expect(districtsOfStream(store, `district-${halle}`)).resolves.toEqual([halle]);
    await expect(districtsOfStream(store, `grant-${halleGrant}`)).resolves.toEqual([halle]);
    await expect(districtsOfStream(store, own)).resolves.toEqual([halle]);
    await expect(districtsOfStream(store, shared)).resolves.toEqual([halle, magdeburg]);
    // A share of a grant not stored, a stream not stored, a catalogue: no known district.
    await expect(districtsOfStream(store, orphan)).resolves.toBeNull();
    await expect(districtsOfStream(store, `receipt-${randomUUID()}`)).resolves.toBeNull();
    await expect(districtsOfStream(store, `goal-${randomUUID()}`)).resolves.toBeNull();
    await expect(districtsOfStream(store, 'catalogue-action-fields')).resolves.toBeNull();
  });
});
