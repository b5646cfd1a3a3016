import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mintToken } from '../auth/jwt';
import { scriptSigningSecret, SigningSecretError } from '../auth/signing-secret';
import { type AppConfig, ConfigError, loadConfig } from '../config/config';
import { createApp, shutdown } from '../main';
import { DemoClient, DemoRequestError, type DemoTokens, type MutationOutcome } from './demo/demo-client';
import { ACTORS, DEMO_SECTIONS, type DemoSection, demoCommandId } from './demo/demo-data';
import { DEMO_PROFILES } from './demo/demo-people';

/**
 * `npm run demo`: loads the German demo data set (Halle-Neustadt, Magdeburg Neustädter Feld) through the GraphQL
 * API, exactly as users would. It talks to the service at DEMO_URL (default http://localhost:$PORT/graphql) when
 * one answers there; otherwise it starts the application in-process with the same configuration (DATA_DIR …),
 * loads, waits for the read models and shuts it down. Every step has a fixed command id, so a second run records
 * nothing. Its people (the four-eyes rules need several) send short-lived tokens signed like `npm run token` signs
 * them: with JWT_SECRET or the secret file in DATA_DIR, so it works against a service started with plain
 * `npm start` on the same DATA_DIR. Production is refused: the data are made up.
 */

type Env = Record<string, string | undefined>;

export interface DemoOptions {
  /** GraphQL endpoint; default DEMO_URL, else http://localhost:${PORT ?? 3000}/graphql. */
  url?: string;
  /** Environment for the URL and for the in-process configuration (default: process.env). */
  env?: Env;
  /** Start the service in-process when nothing answers at the URL (default true). */
  startInProcess?: boolean;
  /** Progress output, one line per call (default: stdout). */
  write?: (line: string) => void;
  /** The data set (default: the demo data set); tests may pass another. */
  sections?: readonly DemoSection[];
}

export interface SectionSummary {
  name: string;
  steps: number;
  recorded: number;
  repeated: number;
  /** Accepted without recording anything and not a repeat (e.g. an unchanged plan). */
  unchanged: number;
}

export interface DemoSummary {
  /** The GraphQL endpoint the data was sent to. */
  url: string;
  inProcess: boolean;
  steps: number;
  recorded: number;
  repeated: number;
  unchanged: number;
  /** Head of the event log once the read models caught up. */
  head: string | null;
  elapsedMs: number;
  sections: SectionSummary[];
}

/** A step the service refused, or that could not be sent. */
export class DemoStepError extends Error {
  constructor(
    readonly label: string,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`Step "${label}" failed: ${code}: ${detail}`);
    this.name = 'DemoStepError';
  }
}

/** Refused before anything was sent (production, unusable service, configuration). */
export class DemoRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRefusedError';
  }
}

/** How long to wait for the read models to reach the head after loading. */
const READ_MODEL_TIMEOUT_MS = 30_000;
/** Lifetime of the tokens of the demo's people: far longer than a run, far shorter than a working day. */
const DEMO_TOKEN_SECONDS = 15 * 60;

export async function runDemo(options: DemoOptions = {}): Promise<DemoSummary> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const sections = options.sections ?? DEMO_SECTIONS;

  if (env.NODE_ENV === 'production') {
    throw new DemoRefusedError(
      'The demo is not loaded when NODE_ENV=production: its data are made up and belong in a development or test service.',
    );
  }
  assertUniqueLabels(sections);

  const configuredUrl = options.url ?? env.DEMO_URL ?? `http://localhost:${env.PORT || 3000}/graphql`;
  const tokens = demoTokens(env);
  let client = new DemoClient(configuredUrl, tokens);
  let inProcess: { app: NestExpressApplication; config: AppConfig } | null = null;

  if (!(await client.answers())) {
    if (options.startInProcess === false) throw new DemoRefusedError(`No service answers at ${configuredUrl}`);
    write(`No service answers at ${configuredUrl}; starting the application in-process.`);
    inProcess = await startInProcess(env);
    client = new DemoClient(urlOf(inProcess.app), tokens);
    const { dataDir, eventStore, readStore } = inProcess.config;
    write(`  data directory: ${dataDir} (event store ${eventStore.kind}, read store ${readStore.kind})`);
  }

  try {
    await assertTokensAccepted(client);
    write(`Loading the demo data set (Halle-Neustadt, Magdeburg Neustädter Feld) into ${client.url}`);
    await recordProfiles(client, write);
    const summaries: SectionSummary[] = [];
    for (const section of sections) {
      const summary: SectionSummary = { name: section.name, steps: 0, recorded: 0, repeated: 0, unchanged: 0 };
      for (const step of section.steps) {
        let outcome: MutationOutcome;
        try {
          outcome = await client.mutate(step.mutation, step.input, { ...step.options, commandId: demoCommandId(step.label) }, step.actor);
        } catch (error) {
          write(`  ${section.name.padEnd(24, ' ')} … ${describeSection(summary)}, then failed at "${step.label}"`);
          if (error instanceof DemoRequestError) throw new DemoStepError(step.label, error.code, error.message);
          throw error;
        }
        summary.steps += 1;
        if (outcome.repeated) summary.repeated += 1;
        else if (outcome.eventCount > 0) summary.recorded += 1;
        else summary.unchanged += 1;
      }
      summaries.push(summary);
      write(`  ${section.name.padEnd(24, ' ')} … ${describeSection(summary)}`);
    }

    const head = await waitForReadModels(client);
    const total = (key: 'steps' | 'recorded' | 'repeated' | 'unchanged') => summaries.reduce((sum, s) => sum + s[key], 0);
    const result: DemoSummary = {
      url: client.url,
      inProcess: inProcess !== null,
      steps: total('steps'),
      recorded: total('recorded'),
      repeated: total('repeated'),
      unchanged: total('unchanged'),
      head,
      elapsedMs: Date.now() - started,
      sections: summaries,
    };
    writeSummary(result, env, write);
    return result;
  } finally {
    if (inProcess) await shutdown(inProcess.app, inProcess.config);
  }
}

/** The people behind the user ids go into the user directory, never into events (recording again only updates). */
async function recordProfiles(client: DemoClient, write: (line: string) => void): Promise<void> {
  for (const profile of DEMO_PROFILES) {
    try {
      await client.recordUserProfile({ ...profile }, ACTORS.admin);
    } catch (error) {
      if (error instanceof DemoRequestError) throw new DemoStepError(`user profile ${profile.userId}`, error.code, error.message);
      throw error;
    }
  }
  write(`  ${'user directory'.padEnd(24, ' ')} … ${DEMO_PROFILES.length} profiles (outside the event log)`);
}

async function startInProcess(env: Env): Promise<{ app: NestExpressApplication; config: AppConfig }> {
  const loaded = loadConfig(env);
  // The service's JSON log would drown the progress lines; LOG_LEVEL set explicitly still wins.
  const config: AppConfig = { ...loaded, logLevel: env.LOG_LEVEL ? loaded.logLevel : 'warn' };
  const app = await createApp(config);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  return { app, config };
}

function urlOf(app: NestExpressApplication): string {
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('The in-process server has no TCP address');
  return `http://127.0.0.1:${address.port}/graphql`;
}

/**
 * Tokens for the demo's people, minted on first use: the secret is read only then, after an in-process service
 * has created it on its first start.
 */
function demoTokens(env: Env): DemoTokens {
  let signing: { config: AppConfig; secret: string } | null = null;
  const minted = new Map<string, Promise<string>>();
  return async (actor) => {
    if (!signing) {
      const config = loadConfig(env);
      try {
        signing = { config, secret: scriptSigningSecret(config) };
      } catch (error) {
        if (error instanceof SigningSecretError) throw new DemoRefusedError(`Cannot sign the demo's tokens: ${error.message}`);
        throw error;
      }
    }
    const { config, secret } = signing;
    let token = minted.get(actor.id);
    if (!token) {
      const subject = { subject: actor.id, role: actor.role, districts: actor.districts ?? null };
      token = mintToken(config.auth, secret, subject, DEMO_TOKEN_SECONDS);
      minted.set(actor.id, token);
    }
    return token;
  };
}

/** The service must accept the demo's tokens: it has to check them with the same secret. */
async function assertTokensAccepted(client: DemoClient): Promise<void> {
  try {
    await client.projectionStatus(ACTORS.admin);
  } catch (error) {
    if (error instanceof DemoRequestError && error.code === 'UNAUTHENTICATED') {
      throw new DemoRefusedError(
        `The service at ${client.url} refuses the demo's tokens (${error.message}); run the demo with the service's ` +
          'JWT_SECRET or DATA_DIR',
      );
    }
    if (error instanceof DemoRequestError) {
      throw new DemoRefusedError(`The service at ${client.url} cannot be used: ${error.code}: ${error.message}`);
    }
    throw error;
  }
}

/** Waits until every read model has processed the head of the log, so queries show the whole data set. */
async function waitForReadModels(client: DemoClient): Promise<string | null> {
  const [first] = await client.projectionStatus(ACTORS.admin);
  const head = first?.head ?? null;
  if (head === null) return null;
  await client.waitForPosition(head, ACTORS.admin, READ_MODEL_TIMEOUT_MS);
  const failed = (await client.projectionStatus(ACTORS.admin)).filter((p) => p.state === 'failed');
  if (failed.length > 0) {
    const details = failed.map((p) => `${p.name} at ${p.error?.position ?? '?'}: ${p.error?.message ?? 'failed'}`);
    throw new Error(`Read models failed: ${details.join('; ')}`);
  }
  return head;
}

function assertUniqueLabels(sections: readonly DemoSection[]): void {
  const seen = new Set<string>();
  for (const step of sections.flatMap((s) => s.steps)) {
    if (seen.has(step.label)) throw new DemoRefusedError(`The data set names step "${step.label}" twice`);
    seen.add(step.label);
  }
}

function describeSection(s: SectionSummary): string {
  const parts = [`${s.recorded} recorded`];
  if (s.repeated > 0) parts.push(`${s.repeated} already present`);
  if (s.unchanged > 0) parts.push(`${s.unchanged} unchanged`);
  return `${parts.join(', ')} (${s.steps} ${s.steps === 1 ? 'step' : 'steps'})`;
}

function writeSummary(s: DemoSummary, env: Env, write: (line: string) => void): void {
  const seconds = (s.elapsedMs / 1000).toFixed(1);
  write(
    `Done: ${s.steps} steps in ${seconds} s — ${s.recorded} recorded, ${s.repeated} already present` +
      (s.unchanged > 0 ? `, ${s.unchanged} unchanged` : '') +
      '.',
  );
  if (s.inProcess) {
    const browse = env.DEMO_URL ?? `http://localhost:${env.PORT || 3000}/graphql`;
    write(`The in-process service has stopped. Start the service (npm start) and open ${browse} to browse the data.`);
  } else {
    write(`GraphQL: ${s.url}`);
  }
}

if (require.main === module) {
  runDemo().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof DemoStepError) {
        process.stderr.write(`Demo failed at step "${error.label}"\n  ${error.code}: ${error.detail}\n`);
      } else if (error instanceof DemoRefusedError || error instanceof ConfigError) {
        process.stderr.write(`Demo not loaded: ${error.message}\n`);
      } else {
        process.stderr.write(`Demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
      process.exit(1);
    },
  );
}
