import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SYSTEM_ACTOR } from '../../../core/persons';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { CLOCK, type Clock } from '../../../core/clock';
import { CommandDispatch } from '../../../core/command-dispatch';
import type { CommandOutcome } from '../../../core/handle-command';
import { deterministicUuid } from '../../../core/ids';
import { LOGGER, type JsonLogger } from '../../../core/logger';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { STATE_STORE, type StateStore } from '../../../state-store/state-store.port';
import { ProjectionsService } from '../../../../projections/runner/projections.service';
import { API_KEY_STATUS_LOOKUP, type ApiKeyStatusLookup } from '../../../webhooks/ports/api-key-status.port';
import { WEBHOOK_ENDPOINTS, type WebhookEndpoints } from '../../../webhooks/ports/webhook-endpoints.port';
import { StreamDistricts } from '../../stream-districts';
import { WebhookSecrets } from '../application/webhook-secrets';
import type { GiveUpWebhook } from '../../../webhooks/domain/webhooks.commands';
import { webhooksDecider } from '../../../webhooks/domain/webhooks.decider';
import {
  DELIVERY_COLLECTIONS,
  WEBHOOK_CHECKPOINTS_COLLECTION,
  WEBHOOK_DELIVERIES_COLLECTION,
  type WebhookDeliveryDoc,
} from './delivery-records';
import { EndpointWorker, type WorkerServices } from './endpoint-worker';

const HOUR_MS = 3_600_000;
/** How long giving up waits for the endpoint list to show the endpoint disabled. */
const PROJECTION_WAIT_MS = 5000;

/**
 * Runs one EndpointWorker per active endpoint. Every WEBHOOK_POLL_INTERVAL_MS it reads the endpoint list and the
 * head of the store: it starts workers for endpoints that became active, tells workers about changed endpoints and
 * new events, and forgets the secrets and checkpoint of removed endpoints. Events themselves are only ever read
 * from the store, by the workers, from their checkpoints.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers = new Map<string, EndpointWorker>();
  /** Endpoint version each worker last heard of. */
  private readonly seenVersions = new Map<string, number>();
  private readonly cleanedUp = new Set<string>();
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  private readonly services: WorkerServices;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private lastPrune = 0;
  private lastSequence = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WEBHOOK_ENDPOINTS) private readonly endpointList: WebhookEndpoints,
    @Inject(API_KEY_STATUS_LOOKUP) apiKeys: ApiKeyStatusLookup,
    @Inject(STATE_STORE) private readonly stateStore: StateStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    private readonly secrets: WebhookSecrets,
    private readonly dispatch: CommandDispatch,
    private readonly projections: ProjectionsService,
    streamDistricts: StreamDistricts,
  ) {
    const { webhooks } = config;
    this.services = {
      store,
      endpoints: endpointList,
      apiKeys,
      stateStore,
      secrets,
      config: webhooks,
      sender: { timeoutMs: webhooks.timeoutMs, allowPrivateNetworks: webhooks.allowPrivateNetworks, agents: this.agents },
      eventSource: config.eventSource,
      districtOf: streamDistricts.districtOf,
      clock,
      nextSequence: () => this.nextSequence(),
      giveUp: (data) => this.giveUp(data),
      log: (level, message, fields) => this.log(level, message, fields),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const { sealed, purged } = await this.secrets.prepare();
    if (sealed > 0) this.log('info', 'encrypted webhook signing secrets with the current key', { secrets: sealed });
    if (!purged) {
      this.log('warn', 'replaced webhook signing secrets stay in the state store files until its next checkpoint', {
        reason: 'another process was reading the state store',
      });
    }
    for (const spec of DELIVERY_COLLECTIONS) await this.stateStore.ensureCollection(spec);
    await this.endpointList.prepare();
    if (this.config.webhooks.allowPrivateNetworks && this.config.production) {
      this.log('warn', 'WEBHOOK_ALLOW_PRIVATE_NETWORKS is on: webhooks may call private, loopback and link-local addresses', {});
    }
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((error: unknown) =>
          this.log('error', 'webhook dispatch failed; retrying', { error: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => {
          this.ticking = null;
          if (!this.stopped) this.schedule(this.config.webhooks.pollIntervalMs);
        });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    const head = await this.store.headPosition();
    for (const endpoint of await this.endpointList.all()) {
      if (this.stopped) return;
      const worker = this.workers.get(endpoint.id);
      const changed = this.seenVersions.get(endpoint.id) !== endpoint.version;
      this.seenVersions.set(endpoint.id, endpoint.version);
      if (worker) {
        if (changed) worker.endpointChanged();
        else if (head !== null && (worker.cursor === null || worker.cursor < head)) worker.newEvents();
      } else if (endpoint.status === 'ACTIVE') {
        this.startWorker(endpoint.id);
      } else if (endpoint.status === 'REMOVED' && !this.cleanedUp.has(endpoint.id)) {
        await this.forget(endpoint.id);
      }
    }
    if (this.clock.now().getTime() - this.lastPrune >= HOUR_MS) await this.pruneDeliveryLog();
  }

  private startWorker(webhookId: string): void {
    const worker = new EndpointWorker(webhookId, this.services, () => {
      if (this.workers.get(webhookId) === worker) this.workers.delete(webhookId);
    });
    this.workers.set(webhookId, worker);
    worker.start();
  }

  /** A removed endpoint's secrets and checkpoint go; its delivery log ages out like any other. */
  private async forget(webhookId: string): Promise<void> {
    await this.secrets.removeAll(webhookId);
    await this.stateStore.delete(WEBHOOK_CHECKPOINTS_COLLECTION, webhookId);
    this.cleanedUp.add(webhookId);
  }

  private async pruneDeliveryLog(): Promise<void> {
    const now = this.clock.now().getTime();
    this.lastPrune = now;
    const cutoff = new Date(now - this.config.webhooks.deliveryLogRetentionDays * 24 * HOUR_MS).toISOString();
    for (;;) {
      const page = await this.stateStore.find<WebhookDeliveryDoc>(WEBHOOK_DELIVERIES_COLLECTION, {
        filter: { attemptedAt: { $lt: cutoff } },
        limit: 1000,
      });
      if (page.items.length === 0) return;
      await this.stateStore.transaction(async (session) => {
        for (const doc of page.items) await session.delete(WEBHOOK_DELIVERIES_COLLECTION, doc.id);
      });
      if (!page.hasNextPage) return;
    }
  }

  /** Strictly increasing, and later after a restart (it starts from the clock). */
  private nextSequence(): number {
    this.lastSequence = Math.max(this.lastSequence + 1, this.clock.now().getTime() * 1000);
    return this.lastSequence;
  }

  private async giveUp(data: GiveUpWebhook['data']): Promise<void> {
    // One command id per endpoint configuration: repeating the decision records nothing new.
    const commandId = deterministicUuid('webhook-give-up', data.webhookId, data.configVersion);
    const outcome: CommandOutcome = await this.dispatch.decide(webhooksDecider, data.webhookId, {
      type: 'GiveUpWebhook',
      data,
      context: {
        commandId,
        actor: SYSTEM_ACTOR,
        now: this.clock.now(),
        correlationId: commandId,
        causationId: commandId,
        reason: data.reason,
      },
    });
    if (outcome.events.length > 0 && !outcome.repeated) {
      this.log('warn', 'webhook endpoint disabled', { webhookId: data.webhookId, cause: data.cause, reason: data.reason });
    }
    if (outcome.position !== null) await this.projections.manager.waitFor(outcome.position, PROJECTION_WAIT_MS);
  }

  private log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    this.logger.write(level, message, { component: 'webhooks', ...fields });
  }
}
