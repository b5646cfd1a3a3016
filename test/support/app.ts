import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type AppConfig, loadConfig } from '../../src/config/config';
import { createApp, shutdown } from '../../src/main';
import { withTestAuth } from './auth';

/**
 * End-to-end helpers: the application in-process (`startApp`) or the built server as a child process
 * (`startServerProcess`), each with a small GraphQL client.
 */

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SERVER_ENTRY = join(REPO_ROOT, 'dist', 'src', 'main.js');

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLBody<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export interface GqlResponse<T> {
  status: number;
  body: GraphQLBody<T>;
}

export type GqlClient = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<GqlResponse<T>>;

/** POSTs a GraphQL operation; the body is parsed as JSON whatever the status (errors come as JSON too). */
export function gqlClient(url: string): GqlClient {
  return async <T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: GraphQLBody<T>;
    try {
      body = JSON.parse(text) as GraphQLBody<T>;
    } catch {
      throw new Error(`Response ${response.status} is not JSON: ${text.slice(0, 500)}`);
    }
    return { status: response.status, body };
  };
}

/** The data of a response that must have succeeded; throws with the errors otherwise. */
export function dataOf<T>(response: GqlResponse<T>): T {
  if (response.body.errors?.length || response.body.data === undefined || response.body.data === null) {
    throw new Error(`GraphQL operation failed (HTTP ${response.status}): ${JSON.stringify(response.body)}`);
  }
  return response.body.data;
}

export function newDataDir(prefix = 'stadtteil-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** GraphQL endpoint. */
  url: string;
  dataDir: string;
  gql: GqlClient;
  /** Graceful shutdown (drain commands, stop projections, close stores). Keeps the data directory. Idempotent. */
  stop(): Promise<void>;
  /** Stops (if still running) and removes the data directory. */
  cleanup(): Promise<void>;
}

/**
 * Starts the application in this process on 127.0.0.1 and a free port. Without DATA_DIR in `env` a fresh
 * temporary directory under os.tmpdir() is used; pass the DATA_DIR of an earlier app to restart on its data.
 * Tokens are signed with TEST_JWT_SECRET, and outside production requests without one act as `dev-admin`
 * (see ./auth: `JWT_SECRET: ''` / `DEV_ACTOR: ''` turn either off).
 */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? newDataDir();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', ...withTestAuth(env), DATA_DIR: dataDir });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('The server has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= shutdown(app, config));
  return {
    app,
    config,
    baseUrl,
    url: `${baseUrl}/graphql`,
    dataDir,
    gql: gqlClient(`${baseUrl}/graphql`),
    stop,
    async cleanup() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  url: string;
  dataDir: string;
  gql: GqlClient;
  /** Every stdout line so far (JSON log lines). */
  stdout: string[];
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
  /** Resolves once the process has exited (also when it exited before the call). */
  waitForExit(timeoutMs?: number): Promise<ExitInfo>;
}

/**
 * Spawns the built server (`node dist/src/main.js`) with PORT=0 on 127.0.0.1 and resolves once it logged
 * "listening"; the port is read from that line's graphql URL. Without DATA_DIR a temp dir is made. LOG_LEVEL is
 * info (or debug when asked), since the "listening" line is logged at info. Authentication as for startApp.
 */
export function startServerProcess(
  env: Record<string, string> = {},
  startTimeoutMs = 30_000,
  nodeOptions: readonly string[] = [],
): Promise<ServerProcess> {
  const dataDir = env.DATA_DIR ?? newDataDir();
  const child = spawn(process.execPath, [...nodeOptions, SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      ...withTestAuth(env),
      // The "listening" line is logged at info: a higher level would hide it.
      LOG_LEVEL: env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  const exited = new Promise<ExitInfo>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });

  return new Promise<ServerProcess>((resolveStart, rejectStart) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rejectStart(new Error(`${reason}\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`The server did not log "listening" within ${startTimeoutMs} ms`), startTimeoutMs);

    const onLine = (line: string) => {
      stdout.push(line);
      if (settled) return;
      let entry: { message?: unknown; graphql?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.message !== 'listening' || typeof entry.graphql !== 'string') return;
      const port = Number(new URL(entry.graphql).port);
      if (!Number.isInteger(port) || port <= 0) return fail(`Cannot read the port from ${line}`);
      settled = true;
      clearTimeout(timer);
      // The log names "localhost"; the server is bound to 127.0.0.1 (localhost may resolve to ::1).
      const baseUrl = `http://127.0.0.1:${port}`;
      resolveStart({
        child,
        pid: child.pid!,
        port,
        baseUrl,
        url: `${baseUrl}/graphql`,
        dataDir,
        gql: gqlClient(`${baseUrl}/graphql`),
        stdout,
        stderr: () => stderr,
        kill: (signal) => {
          child.kill(signal);
        },
        waitForExit: (timeoutMs = 60_000) =>
          new Promise<ExitInfo>((resolveWait, rejectWait) => {
            const waitTimer = setTimeout(
              () => rejectWait(new Error(`Server process ${child.pid} did not exit within ${timeoutMs} ms`)),
              timeoutMs,
            );
            void exited.then((info) => {
              clearTimeout(waitTimer);
              resolveWait(info);
            });
          }),
      });
    };

    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onLine(line);
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', (error) => fail(`Could not spawn the server: ${error.message}`));
    void exited.then(({ code, signal }) => fail(`The server exited before listening (code ${code}, signal ${signal})`));
  });
}
