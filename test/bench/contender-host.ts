import type { Contender } from './workloads';

/**
 * Child-process side of contender-process.ts: loads one contender (BENCH_CONTENDER) and runs the workload calls it receives
 * over IPC, one at a time, answering with their results.
 */

interface Request {
  id: number;
  method: keyof Omit<Contender, 'name'>;
  args: unknown[];
}

async function load(name: string): Promise<Contender> {
  if (name === 'ours') return (await import('./ours.js')).ours;
  if (name === 'peer') return (await import('./emmett-peer.js')).peer;
  if (name === 'limit') return (await import('./raw-sqlite.js')).limit;
  throw new Error(`Unknown contender ${name}`);
}

/** Maps (failure tallies) do not survive JSON: they travel as entry lists. */
const encode = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? { $map: [...v] } : v)));

async function main(): Promise<void> {
  const contender = await load(process.env.BENCH_CONTENDER ?? '');
  let queue = Promise.resolve();
  process.on('message', (request: Request) => {
    queue = queue.then(async () => {
      try {
        const call = contender[request.method] as (...args: unknown[]) => Promise<unknown>;
        const result = await call.apply(contender, request.args);
        process.send!({ id: request.id, ok: true, result: encode(result) });
      } catch (error) {
        process.send!({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    });
  });
  process.send!({ ready: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
