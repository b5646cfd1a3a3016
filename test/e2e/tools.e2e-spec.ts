import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startApp, type TestApp } from '../support/app';
import { recordedActor, TEST_JWT_SECRET } from '../support/auth';

/**
 * The npm scripts of the tools (token, backup, demo, projections:rebuild) run the compiled output as it is: they
 * compile nothing first, so a token is minted in well under two seconds, and a checkout that was never built gets
 * an instruction instead of a stack trace. Needs `npm run build` first.
 */

jest.setTimeout(60_000);

const TOOLS = ['token', 'backup', 'demo', 'projections:rebuild'] as const;
const GUARD = join('src', 'cli', 'require-build.cjs');

function npmRun(cwd: string, script: string, args: string[], env: Record<string, string> = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync('npm', ['run', '-s', script, '--', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

describe('tools run from the build', () => {
  it('each tool script runs its compiled file and has no pre-hook that compiles', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const tool of TOOLS) {
      expect(scripts[`pre${tool}`]).toBeUndefined();
      expect(scripts[tool]).toMatch(/^node -r \.\/src\/cli\/require-build\.cjs dist\/src\/cli\/[\w-]+\.js$/);
    }
  });

  it('in a checkout that was never built, each tool says to build first: exit 1, no stack trace', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'stadtteil-unbuilt-'));
    try {
      copyFileSync(join(REPO_ROOT, 'package.json'), join(checkout, 'package.json'));
      mkdirSync(join(checkout, 'src', 'cli'), { recursive: true });
      copyFileSync(join(REPO_ROOT, GUARD), join(checkout, GUARD));
      for (const tool of TOOLS) {
        const run = npmRun(checkout, tool, ['--help']);
        expect(run).toMatchObject({ code: 1, stdout: '' });
        expect(run.stderr).toMatch(/^dist\/src\/cli\/[\w-]+\.js is missing: run `npm run build` first\.\n$/);
      }
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });

  describe('npm run -s token on a built checkout', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startApp({ DEV_ACTOR: '' });
    });

    afterAll(async () => {
      await t.cleanup();
    });

    it('prints only a token, in under two seconds, that the service accepts', async () => {
      const run = npmRun(REPO_ROOT, 'token', ['--sub', 'x', '--role', 'viewer'], { JWT_SECRET: TEST_JWT_SECRET });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      // npm's own start-up is most of it; compiling first took 10 s and more.
      expect(run.ms).toBeLessThan(2000);
      const token = run.stdout.trim();
      expect(await recordedActor(t.gql, { authorization: `Bearer ${token}` })).toEqual({ actorId: 'x', actorRole: 'viewer' });
    });
  });
});
