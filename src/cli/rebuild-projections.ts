import 'reflect-metadata';
import { ALL_PROJECTIONS } from '../../projections/projections.module';
import { ProjectionManager } from '../../projections/runner/projection-manager';
import { ConfigError, loadConfig } from '../config/config';
import { createEventStore } from '../event-store/event-store.module';
import { createReadStore } from '../read-store/read-store.module';

const USAGE = `Usage: npm run projections:rebuild -- <name ...> | --all

Replays projections from the event log into fresh collections and switches over once they have caught up.
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
  try {
    await manager.start();
    for (const name of names) {
      const started = Date.now();
      out.write(`rebuilding ${name} …\n`);
      await manager.rebuild(name);
      const status = (await manager.status()).find((s) => s.name === name);
      out.write(`rebuilt ${name} up to ${status?.checkpoint ?? '(empty log)'} in ${Date.now() - started} ms\n`);
    }
    return 0;
  } finally {
    clearInterval(progress);
    await manager.stop();
    await readStore.close();
    await events.close();
  }
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
