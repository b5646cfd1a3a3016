import 'reflect-metadata';
import { ALL_PROJECTIONS } from '../../projections/projections.module';
import { ProjectionManager } from '../../projections/runner/projection-manager';
import { ConfigError, loadConfig } from '../config/config';
import { createEventStore } from '../event-store/event-store.module';
import { createReadStore } from '../read-store/read-store.module';
import type { ReadStore } from '../read-store/read-store.port';
import { canonicalJson } from '../core/canonical-json';

const USAGE = `Usage: npm run projections:rebuild -- <name ...> | --all  [--verify]

Replays projections from the event log into fresh collections and switches over once they have caught up.
With --verify, every document is compared before and after: the command fails (exit 3) if a rebuild differs from
the incrementally built read model (run it while no events are written, e.g. with the service stopped).
Readers keep seeing the current read model until the switch. Known projections: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}

While the service runs, the admin mutation rebuildProjection(name) does the same inside the service. Running this
command beside the service is safe: every document records the last event applied to it, so no event is applied
twice.`;

/** Rebuilds the named projections, printing progress every second. Returns the process exit code. */
export async function rebuildProjections(args: readonly string[], out = process.stdout): Promise<number> {
  const names = args.includes('--all') ? ALL_PROJECTIONS.map((p) => p.name) : args.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !ALL_PROJECTIONS.some((p) => p.name === n));
  if (names.length === 0 || unknown.length > 0 || args.includes('--help')) {
    if (unknown.length > 0) process.stderr.write(`Unknown projection: ${unknown.join(', ')}\n\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const events = await createEventStore(config);
  const readStore = await createReadStore(config);
  const manager = new ProjectionManager(events, readStore, ALL_PROJECTIONS, {
    batchSize: config.projectionBatchSize,
    log: (level, message, fields) => {
      if (level !== 'info') process.stderr.write(`${level}: ${message} ${JSON.stringify(fields ?? {})}\n`);
    },
  });
  const progress = setInterval(() => {
    void manager.status().then((statuses) => {
      for (const s of statuses.filter((st) => st.rebuild)) {
        out.write(`  ${s.name}: at ${s.rebuild?.checkpoint ?? 'start'} of head ${s.head ?? '(empty log)'}\n`);
      }
    });
  }, 1000);
  const verify = args.includes('--verify');
  let differing = 0;
  try {
    await manager.start();
    // Compare like with like: the incremental read models first catch up with the log as it stands.
    const head = await events.headPosition();
    if (verify && head && !(await manager.waitFor(head, 600_000))) {
      out.write('the read models did not catch up with the log within 10 minutes; nothing verified\n');
      return 3;
    }
    for (const name of names) {
      const started = Date.now();
      const collections = ALL_PROJECTIONS.find((p) => p.name === name)!.collections.map((c) => c.name);
      const before = verify ? await snapshot(readStore, collections) : null;
      out.write(`rebuilding ${name} …\n`);
      await manager.rebuild(name);
      const status = (await manager.status()).find((s) => s.name === name);
      out.write(`rebuilt ${name} up to ${status?.checkpoint ?? '(empty log)'} in ${Date.now() - started} ms\n`);
      if (before) {
        // New events between the two snapshots would show up as differences that are none: say so instead.
        if ((await events.headPosition()) !== head) {
          out.write(`  could not verify ${name}: events were appended meanwhile; run again when the log is quiet\n`);
          differing += 1;
          continue;
        }
        const differences = compare(before, await snapshot(readStore, collections));
        differing += differences.length;
        for (const line of differences.slice(0, 20)) out.write(`  DIFFERS ${line}\n`);
        out.write(`  verified ${name}: ${differences.length === 0 ? 'identical to the incremental build' : `${differences.length} documents differ`}\n`);
      }
    }
    return differing === 0 ? 0 : 3;
  } finally {
    clearInterval(progress);
    await manager.stop();
    await readStore.close();
    await events.close();
  }
}

type Snapshot = Map<string, string>;

/** Every document of the collections, as canonical JSON keyed by collection and id. */
async function snapshot(readStore: ReadStore, collections: readonly string[]): Promise<Snapshot> {
  const docs: Snapshot = new Map();
  for (const collection of collections) {
    let after: string | undefined;
    do {
      const page = await readStore.find(collection, { limit: 1000, after });
      for (const doc of page.items) docs.set(`${collection}/${doc.id}`, canonicalJson(doc));
      after = page.hasNextPage ? (page.endCursor ?? undefined) : undefined;
    } while (after);
  }
  return docs;
}

function compare(before: Snapshot, after: Snapshot): string[] {
  const differences: string[] = [];
  for (const [key, doc] of before) if (after.get(key) !== doc) differences.push(`${key} ${after.has(key) ? 'changed' : 'missing after the rebuild'}`);
  for (const key of after.keys()) if (!before.has(key)) differences.push(`${key} only after the rebuild`);
  return differences;
}

if (require.main === module) {
  rebuildProjections(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : String(error);
      process.stderr.write(`${error instanceof Error && !(error instanceof ConfigError) ? error.stack : message}\n`);
      process.exit(1);
    },
  );
}
