import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { dataOf, type GqlResponse, REPO_ROOT, startApp, type TestApp } from '../support/app';
import { authHeaders, bearer, type TestUser } from '../support/auth';
import { countEvents } from '../support/events';
import { announceSkip } from '../support/skip-notice';
import { rewriteEvent, tamperWith } from '../support/tamper';

/**
 * The signed checkpoint of the whole log over HTTP and GraphQL: a funder exports it, checks its signature as the
 * README says (plain node:crypto, and openssl), and later has the log verified against her copy. Between the two
 * visits someone with access to the data folder rewrites an event and recomputes its stream's hashes.
 */

jest.setTimeout(90_000);

const AUDITOR: TestUser = { id: 'pruefer-1', role: 'auditor' };
const INTEGRATOR: TestUser = { id: 'integrator-1', role: 'integrator' };

const REGISTER = `mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId streamId position } }`;
const UPDATE = `mutation($input: UpdateDistrictProfileInput!) { updateDistrictProfile(input: $input) { position } }`;
const KEYS = `{ logSigningKeys { keyId publicKey current } }`;
const VERIFY = `query($against: JSON, $streamId: String) {
  verifyEventLog(against: $against, streamId: $streamId) {
    checkedEvents ok firstBreak { streamId }
    checkpoint { source position keyId signature truncated rewritten findingCount findings { kind streamId expected found } }
  }
}`;
const SIGN = `mutation { signLogCheckpoint { position eventCount streamCount headHash createdAt keyId } }`;

interface CheckpointFile {
  checkpoint: { position: string; eventCount: number; headHash: string; keyId: string; streams: { streamId: string; version: number; hash: string }[] };
  algorithm: string;
  signature: string;
  publicKey: string;
}

/** The two recipes of the README's "For the auditor" block: the `node -e` script and the OpenSSL commands. */
function auditorRecipes(): { node: string; openssl: string } {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /\*\*For the auditor\.\*\*[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  const [, node, openssl] = /(node -e '[\s\S]*?\n')\n# OpenSSL[^\n]*\n([\s\S]*)/.exec(block ?? '') ?? [];
  if (!node || !openssl) throw new Error('The README has no auditor recipes where this test looks for them');
  return { node, openssl: `set -e\n${openssl}` };
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

describe('signed checkpoint of the event log (export, verification recipe, verifyEventLog against it)', () => {
  let root: string;
  let env: Record<string, string>;
  let t: TestApp;
  let asAuditor: Record<string, string>;
  let district: { districtId: string; streamId: string };

  const get = (headers: Record<string, string>) => fetch(`${t.baseUrl}/exports/log-checkpoint.json`, { headers });
  const exportCheckpoint = async (): Promise<CheckpointFile> => {
    const response = await get(asAuditor);
    expect(response.status).toBe(200);
    return (await response.json()) as CheckpointFile;
  };
  const verifyLog = async (variables: Record<string, unknown> = {}) =>
    dataOf(await t.gql<{ verifyEventLog: Record<string, unknown> }>(VERIFY, variables, asAuditor)).verifyEventLog;
  const register = async (name: string) =>
    dataOf(
      await t.gql<{ registerDistrict: { districtId: string; streamId: string } }>(REGISTER, {
        input: {
          name,
          municipality: 'Halle (Saale)',
          municipalityKey: '15002000',
          programmes: ['Sozialer Zusammenhalt'],
          designation: { number: 'VII/2019/01234', date: '2019-06-26' },
        },
      }),
    ).registerDistrict;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-checkpoint-e2e-'));
    env = { DATA_DIR: join(root, 'data'), LOG_SIGNING_KEY_FILE: join(root, 'secrets', 'log-signing-key.pem') };
    t = await startApp(env);
    asAuditor = await bearer(AUDITOR);
    district = await register('Halle-Neustadt');
    await t.gql(UPDATE, { input: { districtId: district.districtId, name: 'Neustadt' } });
    await register('Silberhöhe');
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('exports a checkpoint the auditor verifies with plain node:crypto against the published public key', async () => {
    const response = await get(asAuditor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="log-checkpoint-\d{16}\.json"$/);
    const file = (await response.json()) as CheckpointFile;
    expect(file.checkpoint).toMatchObject({
      eventCount: await countEvents(t.app.get<EventStore>(EVENT_STORE)),
      streams: expect.arrayContaining([expect.objectContaining({ streamId: district.streamId, version: 1 })]),
    });

    const [key] = dataOf(await t.gql<{ logSigningKeys: { keyId: string; publicKey: string; current: boolean }[] }>(KEYS, {}, asAuditor)).logSigningKeys;
    expect(key.current).toBe(true);
    // The README's recipe: the key she trusts, its fingerprint, and the signature over the checkpoint as written.
    const publicKey = createPublicKey(key.publicKey);
    expect(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')).toBe(file.checkpoint.keyId);
    const signed = Buffer.from(JSON.stringify(file.checkpoint));
    expect(verify(null, signed, publicKey, Buffer.from(file.signature, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from(JSON.stringify({ ...file.checkpoint, eventCount: 2 })), publicKey, Buffer.from(file.signature, 'base64'))).toBe(false);

    // Nothing recorded since: the same checkpoint again.
    expect(await exportCheckpoint()).toEqual(file);
  });

  it("verifies with the README's recipes for auditors, run as written there (node, openssl)", async () => {
    const tools = ['openssl', 'jq', 'base64', 'sha256sum'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
    const { node, openssl } = auditorRecipes();
    const file = await exportCheckpoint();
    const dir = mkdtempSync(join(tmpdir(), 'ledger-recipe-'));
    try {
      writeFileSync(join(dir, 'log-checkpoint.json'), JSON.stringify(file, null, 2));
      writeFileSync(join(dir, 'ledger-public-key.pem'), file.publicKey);
      const run = (script: string) => spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
      expect(run(node)).toMatchObject({ status: 0, stdout: `keyId ${file.checkpoint.keyId}\nvalid true\n`, stderr: '' });
      if (tools.length > 0) {
        announceSkip(`The openssl recipe of the README was not run: ${tools.join(', ')} missing`);
        return;
      }
      expect(run(openssl)).toMatchObject({ status: 0, stdout: `${file.checkpoint.keyId}  -\nSignature Verified Successfully\n`, stderr: '' });
      // The same recipe refuses a checkpoint changed after signing.
      writeFileSync(join(dir, 'log-checkpoint.json'), JSON.stringify({ ...file, checkpoint: { ...file.checkpoint, eventCount: 1 } }));
      expect(run(node).stdout).toMatch(/valid false/);
      expect(run(openssl).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the checkpoint only to audit readers for every district', async () => {
    const limited: TestUser = { id: 'stm-halle', role: 'district_manager', districts: [district.districtId] };
    const refused = await get(authHeaders(limited));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN', error: expect.stringMatching(/spans every district/) });
    expect((await get(await bearer(INTEGRATOR))).status).toBe(403);
    expect(codesOf(await t.gql(VERIFY, { against: await exportCheckpoint() }, authHeaders(limited)))).toEqual(['FORBIDDEN']);
  });

  it('refuses what is not a checkpoint file, and a checkpoint together with one stream', async () => {
    const file = await exportCheckpoint();
    const bad = await t.gql(VERIFY, { against: { ...file, checkpoint: { ...file.checkpoint, headHash: 'x' } } }, asAuditor);
    expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors![0]).toMatchObject({ extensions: { field: 'checkpoint.headHash' } });
    expect(codesOf(await t.gql(VERIFY, { against: [1] }, asAuditor))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await t.gql(VERIFY, { against: file, streamId: district.streamId }, asAuditor))).toEqual(['BAD_USER_INPUT']);
  });

  it("reports the funder's copy rewritten after an event was edited and its stream's hashes recomputed", async () => {
    const kept = await exportCheckpoint();
    expect(await verifyLog({ against: kept })).toMatchObject({ ok: true, checkpoint: { source: 'SUPPLIED', signature: 'VALID', findingCount: 0 } });

    await t.stop();
    tamperWith(join(env.DATA_DIR, 'events.db'), (db) => rewriteEvent(db, district.streamId, 0, (data) => ({ ...data, name: 'Altstadt' })));
    t = await startApp(env);

    const tip = kept.checkpoint.streams.find((stream) => stream.streamId === district.streamId)!;
    const rewrite = {
      ok: false,
      firstBreak: null,
      checkpoint: {
        signature: 'VALID',
        truncated: false,
        rewritten: true,
        findingCount: 2,
        findings: [
          { kind: 'HEAD_HASH_MISMATCH', streamId: null, expected: kept.checkpoint.headHash, found: expect.any(String) },
          { kind: 'STREAM_TIP_MISMATCH', streamId: district.streamId, expected: tip.hash, found: expect.any(String) },
        ],
      },
    };
    expect(await verifyLog({ against: kept })).toMatchObject({ ...rewrite, checkpoint: { ...rewrite.checkpoint, source: 'SUPPLIED' } });
    expect(await verifyLog()).toMatchObject({ ...rewrite, checkpoint: { ...rewrite.checkpoint, source: 'STORED' } });

    // Later checkpoints continue from the signed one, so they never bless the rewrite.
    await register('Heide-Nord');
    const later = dataOf(await t.gql<{ signLogCheckpoint: { eventCount: number } }>(SIGN)).signLogCheckpoint;
    expect(later.eventCount).toBe(kept.checkpoint.eventCount + 1);
    expect(await verifyLog()).toMatchObject({ ok: false, checkpoint: { source: 'STORED', position: expect.any(String), rewritten: true } });
  });
});
