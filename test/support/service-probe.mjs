// Samples a service process from outside the test's own process (whose event loop is busy receiving a flood):
// its resident memory (VmRSS, and the peak VmHWM) from /proc, and how long GET /health takes. One JSON line per
// sample on stdout: { at, rssKb, hwmKb, healthMs }; a probe that gets no answer within 10 s reports healthMs null.
// Usage: node service-probe.mjs <pid> <base URL> [interval ms]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
/* global fetch, AbortSignal */

const [pid, baseUrl, intervalArg] = process.argv.slice(2);
const intervalMs = Number(intervalArg ?? 100);

function memoryKb() {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

async function healthMs() {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(10_000) });
    await response.text();
    return response.ok ? performance.now() - started : null;
  } catch {
    return null;
  }
}

for (;;) {
  const started = performance.now();
  let memory;
  try {
    memory = memoryKb();
  } catch {
    break; // the process is gone
  }
  const health = await healthMs();
  process.stdout.write(`${JSON.stringify({ at: Date.now(), ...memory, healthMs: health })}\n`);
  const rest = intervalMs - (performance.now() - started);
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
}
