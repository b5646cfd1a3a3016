import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The rule set of `npm run lint` run on a tiny tree: clean as given, and each forbidden import added alone is
// reported under its rule. Runs the real CLI and the real folder-cycle script, so a rule that stops biting fails here.
// Each case runs the real CLI once or twice (about 2 s each on a shared machine).
jest.setTimeout(30_000);

const root = path.resolve(__dirname, '../../..');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const folderCycles = path.join(root, 'test/support/folder-cycles.mjs');

const clean: Record<string, string> = {
  'src/core/decider.ts': 'export type Decider = { name: string };\n',
  'src/event-store/event-store.port.ts': "import type { Decider } from '../core/decider';\nexport type Port = Decider;\n",
  'src/read-store/sqlite/sqlite-read-store.adapter.ts': 'export const adapter = 1;\n',
  'src/read-store/read-store.module.ts': "import { adapter } from './sqlite/sqlite-read-store.adapter';\nexport const module = adapter;\n",
  'src/bodies/domain/bodies.events.ts': 'export type BodyFacts = { bodyId: string };\n',
  'src/districts/domain/districts.decider.ts':
    "import type { Decider } from '../../core/decider';\nimport type { BodyFacts } from '../../bodies/domain/bodies.events';\nimport type { Port } from '../../event-store/event-store.port';\nexport type D = [Decider, BodyFacts, Port];\n",
  'src/districts/districts.enums.ts': "import type { D } from './domain/districts.decider';\nexport const DistrictEnum = { A: 'a' } as const;\nexport type E = D;\n",
  'src/districts/api/districts.resolver.ts': "import { DistrictEnum } from '../districts.enums';\nexport const resolver = DistrictEnum;\n",
  'src/auth/roles.ts': "import type { Decider } from '../core/decider';\nexport type Role = Decider['name'];\n",
  'projections/districts/districts.projection.ts': "import { DistrictEnum } from '../../src/districts/districts.enums';\nexport const projection = DistrictEnum;\n",
};

const forbidden: Array<{ rule: string; file: string; source: string; to: string }> = [
  { rule: 'domain-is-pure', file: 'src/districts/domain/nest.ts', source: "import '@nestjs/common';\n", to: '@nestjs/common' },
  {
    rule: 'domain-no-adapters',
    file: 'src/districts/domain/api.ts',
    source: "import '../api/districts.resolver';\n",
    to: 'src/districts/api/districts.resolver.ts',
  },
  { rule: 'domain-no-foreign-internals', file: 'src/districts/domain/roles.ts', source: "import '../../auth/roles';\n", to: 'src/auth/roles.ts' },
  {
    rule: 'projections-read-side-only',
    file: 'projections/districts/districts.query.ts',
    source: "import '../../src/districts/api/districts.resolver';\n",
    to: 'src/districts/api/districts.resolver.ts',
  },
  {
    rule: 'adapters-only-by-their-module',
    file: 'src/auth/store.ts',
    source: "import '../read-store/sqlite/sqlite-read-store.adapter';\n",
    to: 'src/read-store/sqlite/sqlite-read-store.adapter.ts',
  },
  { rule: 'no-file-cycles', file: 'src/core/decider.ts', source: "import '../event-store/event-store.port';\nexport type Decider = { name: string };\n", to: 'src/event-store/event-store.port.ts' },
];

type Violation = { type: string; from: string; to: string; unresolvedTo?: string; rule: { name: string } };

describe('layer rules (npm run lint)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'layers-'));
    cpSync(path.join(root, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true }, include: ['src', 'projections'] }));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, dependencies: { '@nestjs/common': '*' } }));
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const [file, source] of Object.entries(clean)) write(file, source);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(file: string, source: string): void {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }

  function cruise(): { status: number | null; violations: Violation[] } {
    // One cruise as lint runs it would need a second run for the exit code; the json report carries the violations.
    const run = spawnSync(process.execPath, [depcruise, 'src', 'projections', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const result = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
    return { status: run.status, violations: result.summary.violations };
  }

  function cycles() {
    return spawnSync(process.execPath, [folderCycles, '.dependency-cruiser.cjs', 'src', 'projections'], { cwd: dir, encoding: 'utf8' });
  }

  it('passes a tree that keeps the layers', () => {
    expect(cruise()).toEqual({ status: 0, violations: [] });
    expect(cycles().status).toBe(0);
  });

  it.each(forbidden)('reports $rule for $file', ({ rule, file, source, to }) => {
    write(file, source);
    // The json reporter exits 0 either way (lint uses the err reporter, which fails on any violation).
    // A package resolves through the symlinked node_modules: compare what the import said.
    const reported = cruise().violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to.includes('node_modules/') ? v.unresolvedTo : v.to }));
    expect(reported).toContainEqual({ rule, from: file, to });
  });

  it('reports a cycle between top-level folders that no file cycle shows', () => {
    // auth → districts (a different file than the one districts imports back): no file cycle, still a folder knot.
    write('src/auth/scope.ts', "import '../districts/domain/districts.decider';\n");
    write('src/districts/application/plan.ts', "import '../../auth/roles';\n");
    expect(cruise().violations).toEqual([]);
    const run = cycles();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no-folder-cycles: src/auth, src/districts');
  });
});
