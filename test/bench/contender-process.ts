import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchSizes } from './bench-config';
import type { CatchUpResult, CommandsResult, Contender, Durability, RateResult, ReadResult } from './workloads';

/**
 * A contender in a Node process of its own (see ts-hook.mjs for why): the same Contender interface, each call sent
 * over IPC and run there; timings are taken inside that process.
 */

const REPO_ROOT = resolve(__dirname, '..', '..');
const HOOK = join(__dirname, 'ts-hook.mjs');
const HOST = join(__dirname, 'contender-host.ts');

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

const decode = <T>(value: unknown): T =>
  JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    v !== null && typeof v === 'object' && '$map' in v ? new Map((v as { $map: [string, number][] }).$map) : v,
  ) as T;

export class ContenderProcess implements Contender {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private stderr = '';

  private constructor(
    readonly name: Contender['name'],
    private readonly child: ChildProcess,
  ) {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`${name}: ${reply.error}`));
    });
    child.once('exit', (code, signal) => {
      for (const waiter of this.pending.values()) {
        waiter.reject(new Error(`${name} process exited (code ${code}, signal ${signal}):\n${this.stderr}`));
      }
      this.pending.clear();
    });
  }

  static start(name: Contender['name']): Promise<ContenderProcess> {
    const child = spawn(process.execPath, ['--import', pathToFileURL(HOOK).href, '--eval', `require(${JSON.stringify(HOST)})`], {
      cwd: REPO_ROOT,
      env: { ...process.env, BENCH_CONTENDER: name },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const contender = new ContenderProcess(name, child);
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(contender));
      child.once('exit', (code) => reject(new Error(`${name} process failed to start (code ${code}):\n${contender.stderr}`)));
    });
  }

  durability(dir: string): Promise<Durability> {
    return this.call('durability', [dir]);
  }

  commands(dir: string, sizes: BenchSizes): Promise<CommandsResult> {
    return this.call('commands', [dir, sizes]);
  }

  batchAppend(dir: string, appendsFile: string): Promise<RateResult> {
    return this.call('batchAppend', [dir, appendsFile]);
  }

  readAll(dir: string): Promise<ReadResult> {
    return this.call('readAll', [dir]);
  }

  prepareCatchUp(dir: string, mixFile: string): Promise<number> {
    return this.call('prepareCatchUp', [dir, mixFile]);
  }

  catchUp(dir: string, run: number, sizes: BenchSizes): Promise<CatchUpResult> {
    return this.call('catchUp', [dir, run, sizes]);
  }

  /** Ends the process; resolves once it has exited. */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }

  private call<T>(method: string, args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, method, args });
    }).then((value) => decode<T>(value));
  }
}
