import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { recordedActor } from '../support/auth';
import { newDataDir, REPO_ROOT, type ServerProcess, startServerProcess } from '../support/app';

/**
 * The built service on the embedded default with no JWT_SECRET: the first start creates DATA_DIR/jwt-secret (mode
 * 0600) and logs one admin token, once; a restart logs none and the token keeps working; a secret file others may
 * read stops the start. `npm run token` (node dist/src/cli/token.js) signs tokens with that file. Needs
 * `npm run build` first.
 */

jest.setTimeout(120_000);

const TOKEN_CLI = join(REPO_ROOT, 'dist', 'src', 'cli', 'token.js');
const DISTRICTS = ['6f1c2b0e-3c1d-4c7a-9a55-0e4f3d1b2a10', '0b7e4a52-9d1f-4c3e-8a6b-2f5d7c9e1a34'];
const EMBEDDED_DEFAULT = { JWT_SECRET: '', DEV_ACTOR: '' };

const as = (token: string) => ({ authorization: `Bearer ${token}` });

function firstStartLines(server: ServerProcess): { adminToken: string; secretFile: string; level: string }[] {
  return server.stdout
    .map((line) => JSON.parse(line) as { message: string; adminToken: string; secretFile: string; level: string })
    .filter((entry) => entry.message.startsWith('FIRST START'));
}

function token(args: string[], env: Record<string, string>) {
  const run = spawnSync(process.execPath, [TOKEN_CLI, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('first start on the embedded default, and npm run token', () => {
  const dataDir = newDataDir('stadtteil-first-start-');
  let server: ServerProcess | null = null;
  let adminToken: string;

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.kill('SIGTERM');
      await server.waitForExit();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function stop(): Promise<void> {
    server!.kill('SIGTERM');
    expect((await server!.waitForExit()).code).toBe(0);
    server = null;
  }

  it('creates the secret file with mode 0600 and logs one admin token that works', async () => {
    server = await startServerProcess({ ...EMBEDDED_DEFAULT, DATA_DIR: dataDir });
    const lines = firstStartLines(server);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', secretFile: join(dataDir, 'jwt-secret') });
    adminToken = lines[0].adminToken;
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);

    const claims = decodeJwt(adminToken);
    expect(claims).toMatchObject({ sub: 'admin', role: 'admin', iss: 'stadtteil-ledger', aud: 'stadtteil-ledger' });
    expect(claims.exp! - claims.iat!).toBe(30 * 24 * 3600);
    expect(await recordedActor(server.gql, as(adminToken))).toEqual({ actorId: 'admin', actorRole: 'admin' });

    // No development identity: a request without a token is refused.
    const anonymous = await server.gql('{ actionFields { id } }');
    expect(anonymous.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('npm run token signs with the data folder’s secret and prints only the token', async () => {
    const minted = token(['--sub', 'alice', '--role', 'district_manager', '--districts', DISTRICTS.join(','), '--expires-in', '8h'], {
      DATA_DIR: dataDir,
    });
    expect(minted).toMatchObject({ code: 0, stderr: '' });
    expect(minted.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const jwt = minted.stdout.trim();
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ sub: 'alice', role: 'district_manager', districts: DISTRICTS });
    expect(claims.exp! - claims.iat!).toBe(8 * 3600);
    expect(await recordedActor(server!.gql, as(jwt))).toEqual({ actorId: 'alice', actorRole: 'district_manager' });

    const viewer = token(['--sub', 'dashboard', '--role', 'viewer'], { DATA_DIR: dataDir });
    expect(viewer.code).toBe(0);
    expect(decodeJwt(viewer.stdout.trim()).exp! - decodeJwt(viewer.stdout.trim()).iat!).toBe(3600);
  });

  it('npm run token refuses unknown roles, bad district ids, bad lifetimes, reserved subjects and a missing secret', () => {
    const refused = (args: string[], env: Record<string, string>, code: number, message: RegExp) => {
      const run = token(args, env);
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
    };
    const withSecret = { DATA_DIR: dataDir };
    refused(['--sub', 'alice', '--role', 'superuser'], withSecret, 2, /--role must be one of admin, district_manager/);
    refused(['--sub', 'alice', '--role', 'district_manager', '--districts', `${DISTRICTS[0]},halle`], withSecret, 2, /not one: halle/);
    refused(['--sub', 'alice', '--role', 'viewer', '--expires-in', '8 hours'], withSecret, 2, /--expires-in/);
    refused(['--role', 'viewer'], withSecret, 2, /--sub/);
    // A subject spelled like an API key or the service would pass for another principal.
    refused(['--sub', 'apikey-7d1e0c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00', '--role', 'funding_officer'], withSecret, 2, /--sub must not/);
    refused(['--sub', 'System', '--role', 'admin'], withSecret, 2, /--sub must not/);
    refused(['--sub', 'alice', '--role', 'viewer', '--colour', 'blue'], withSecret, 2, /colour/);

    const empty = newDataDir('stadtteil-no-secret-');
    try {
      refused(['--sub', 'alice', '--role', 'viewer'], { DATA_DIR: empty }, 1, /No signing secret: set JWT_SECRET/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    refused(
      ['--sub', 'alice', '--role', 'viewer'],
      { JWKS_URL: 'https://sso.example.org/realms/x/protocol/openid-connect/certs', JWT_ISSUER: 'https://sso.example.org/realms/x' },
      1,
      /identity provider/,
    );
    const ownSecret = token(['--sub', 'ci', '--role', 'auditor'], { JWT_SECRET: 'a-configured-secret-of-32-bytes-or-more!' });
    expect(ownSecret.code).toBe(0);
  });

  it('a restart logs no token, and the first one still works', async () => {
    await stop();
    server = await startServerProcess({ ...EMBEDDED_DEFAULT, DATA_DIR: dataDir });
    expect(firstStartLines(server)).toEqual([]);
    expect(server.stdout.join('\n')).not.toContain(adminToken);
    expect(await recordedActor(server.gql, as(adminToken))).toEqual({ actorId: 'admin', actorRole: 'admin' });
  });

  it('refuses to start when other users may read the secret file', async () => {
    await stop();
    chmodSync(join(dataDir, 'jwt-secret'), 0o644);
    await expect(startServerProcess({ ...EMBEDDED_DEFAULT, DATA_DIR: dataDir })).rejects.toThrow(
      /jwt-secret is accessible to other users \(mode 644\); restrict it with: chmod 600/,
    );
  });
});
