import { dataOf, type GqlClient, gqlClient, startServerProcess } from '../support/app';
import { subscribeEvents, type EventSubscriber } from '../support/event-subscriber';

// Delay from append to subscriber: the built service runs as its own process on the embedded SQLite store;
// BENCH_SUBSCRIBERS (default 100) graphql-ws clients in this process subscribe live; a writer records one district
// per mutation at BENCH_RATE mutations/s (default 50) until BENCH_WRITES (default 500) events were recorded. The
// delay of each delivery is the client's receipt time minus the event's `time` (when the service recorded it, just
// before the append and its fsync), both from this machine's clock. Not part of `npm test`; needs `npx nest build`.
// BENCH_URL measures a service that is already running instead (it needs DEV_ACTOR, or tokens, for the writer).

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100);
const WRITES = Number(process.env.BENCH_WRITES ?? 500);
const RATE = Number(process.env.BENCH_RATE ?? 50);

const REGISTER = `
  mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { position } }`;

const districtInput = (n: number) => ({
  name: `Quartier ${n}`,
  municipality: 'Halle (Saale)',
  municipalityKey: '15002000',
  programmes: ['Sozialer Zusammenhalt'],
  designation: { number: `V/${n}`, date: '2020-05-27' },
  areaHectares: 100,
});

/** The built service in a child process, or the one BENCH_URL names (e.g. started with `node --cpu-prof`). */
async function serviceUnderTest(): Promise<{ url: string; gql: GqlClient; stop(): Promise<unknown> }> {
  const url = process.env.BENCH_URL;
  if (url) return { url, gql: gqlClient(url), stop: async () => undefined };
  const server = await startServerProcess({ DEV_ACTOR: 'dev-admin:admin' });
  return { ...server, stop: () => (server.kill('SIGTERM'), server.waitForExit()) };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

describe('subscription delay', () => {
  it(`delivers appended events to ${SUBSCRIBERS} subscribers`, async () => {
    const server = await serviceUnderTest();
    const subscribers: EventSubscriber[] = [];
    try {
      // Warm-up: one event every subscriber must see before measuring, so all of them are live.
      const register = (n: number) =>
        server.gql<{ registerDistrict: { position: string } }>(REGISTER, { input: districtInput(n) }).then(dataOf);
      const head = (await register(0)).registerDistrict.position;
      const delays: number[] = [];
      for (let i = 0; i < SUBSCRIBERS; i++) {
        subscribers.push(
          subscribeEvents(server.url, {
            after: head,
            onEvent: (event) => delays.push(Date.now() - Date.parse(event.time)),
          }),
        );
      }
      await register(1);
      await Promise.all(subscribers.map((s) => s.waitForCount(1, 60_000)));
      delays.length = 0;

      const started = Date.now();
      const writes: Promise<unknown>[] = [];
      for (let n = 0; n < WRITES; n++) {
        const due = started + (n * 1000) / RATE;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        writes.push(register(n + 2));
      }
      await Promise.all(writes);
      await Promise.all(subscribers.map((s) => s.waitForCount(1 + WRITES, 120_000)));
      const seconds = (Date.now() - started) / 1000;

      expect(delays.length).toBe(SUBSCRIBERS * WRITES);
      const sorted = [...delays].sort((a, b) => a - b);
      process.stdout.write(
        `\nsubscription delay, append → subscriber: ${SUBSCRIBERS} subscribers × ${WRITES} events ` +
          `(${RATE} appends/s, ${delays.length} deliveries in ${seconds.toFixed(1)} s): ` +
          `p50 ${percentile(sorted, 50)} ms, p90 ${percentile(sorted, 90)} ms, p99 ${percentile(sorted, 99)} ms, ` +
          `max ${sorted[sorted.length - 1]} ms\n`,
      );
    } finally {
      await Promise.all(subscribers.map((s) => s.dispose()));
      await server.stop();
    }
  });
});
