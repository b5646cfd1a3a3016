import { apiKeyIdOf } from '../../../core/persons';
import type { WebhookConfig } from '../../../config/config';
import type { Clock } from '../../../core/clock';
import type { RecordedEvent } from '../../../core/envelope';
import type { EventStore } from '../../../event-store/event-store.port';
import type { StateStore } from '../../../state-store/state-store.port';
import type { ApiKeyStatusLookup } from '../../../webhooks/ports/api-key-status.port';
import type { WebhookDoc, WebhookEndpoints } from '../../../webhooks/ports/webhook-endpoints.port';
import { toIntegrationEvent } from '../../cloud-event';
import { type DistrictOfEvent, matchesDistrict, storeFilterOf } from '../../integration-filter';
import type { WebhookSecrets } from '../application/webhook-secrets';
import type { GiveUpWebhook } from '../../../webhooks/domain/webhooks.commands';
import {
  type FailureStreak,
  WEBHOOK_CHECKPOINTS_COLLECTION,
  WEBHOOK_DELIVERIES_COLLECTION,
  type WebhookCheckpointDoc,
  type WebhookDeliveryDoc,
} from './delivery-records';
import { retryAfterMs, retryDelayMs } from './retry-schedule';
import { postWebhook, type SenderOptions, type WebhookResponse } from './webhook-sender';

/** Events read from the store per page; each is delivered on its own, in order. */
const PAGE_SIZE = 100;

export interface WorkerServices {
  store: EventStore;
  endpoints: WebhookEndpoints;
  apiKeys: ApiKeyStatusLookup;
  /** Delivery checkpoints and log. */
  stateStore: StateStore;
  secrets: WebhookSecrets;
  config: WebhookConfig;
  sender: SenderOptions;
  eventSource: string;
  districtOf: DistrictOfEvent;
  clock: Clock;
  nextSequence(): number;
  /** Disables the endpoint by command and returns once the projection shows it. */
  giveUp(data: GiveUpWebhook['data']): Promise<void>;
  log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void;
}

type AttemptResult = 'delivered' | 'failed' | 'stopped';

/**
 * Delivers the events of one endpoint, in store order, one at a time: an event is sent until it is acknowledged
 * (2xx), and only then does the checkpoint move past it. Every event comes from the store, read from the
 * checkpoint, so a restart resumes exactly where the last acknowledged delivery left off. Each endpoint has its own
 * worker, so a slow or failing endpoint holds up only itself.
 */
export class EndpointWorker {
  private stopping = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private waitingForEvents = false;
  /** The endpoint changed since it was read (settings, status, redelivery): re-read before the next attempt. */
  private stale = false;
  /** Position of the last event this worker handled, for the dispatcher's "anything new?" check. */
  cursor: string | null = null;

  constructor(
    readonly webhookId: string,
    private readonly services: WorkerServices,
    private readonly onExit: () => void,
  ) {}

  start(): void {
    this.loop ??= this.run()
      .catch((error: unknown) => {
        this.services.log('error', 'webhook delivery stopped on an unexpected error; it restarts from its checkpoint', {
          webhookId: this.webhookId,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(this.onExit);
  }

  /** New events were recorded: an idle worker looks for them (a worker waiting out a backoff keeps waiting). */
  newEvents(): void {
    if (this.waitingForEvents) this.wakeUp?.();
  }

  /** The endpoint's settings, status or redelivery request changed: re-read it now, even in the middle of a backoff. */
  endpointChanged(): void {
    this.stale = true;
    this.wakeUp?.();
  }

  /** Cuts a request in flight short (it is neither counted nor acknowledged) and waits for the loop to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.stale = false;
      const endpoint = await this.services.endpoints.get(this.webhookId);
      if (!endpoint || endpoint.status !== 'ACTIVE') return;
      const checkpoint = await this.prepareCheckpoint(endpoint);
      this.cursor = checkpoint.cursor;

      const waitMs = checkpoint.failures ? Date.parse(checkpoint.failures.nextAttemptAt) - this.now().getTime() : 0;
      if (waitMs > 0) {
        await this.pause(waitMs, false);
        continue;
      }

      const page = await this.services.store.readAll({
        ...(checkpoint.cursor === null ? {} : { after: checkpoint.cursor }),
        maxCount: PAGE_SIZE,
        filter: storeFilterOf(endpoint.filter),
      });
      let interrupted = false;
      for (const event of page.events) {
        if (!(await matchesDistrict(event, endpoint.filter, this.services.districtOf))) continue;
        const result = await this.attempt(endpoint, checkpoint, event);
        if (result !== 'delivered' || this.stale) {
          interrupted = true;
          break;
        }
      }
      if (interrupted) continue;
      // Events the filter passed over need no acknowledgement: move past them.
      if (page.lastPosition !== null && (checkpoint.cursor === null || page.lastPosition > checkpoint.cursor)) {
        await this.saveCheckpoint({ ...checkpoint, cursor: page.lastPosition, updatedAt: this.now().toISOString() });
        this.cursor = page.lastPosition;
      }
      if (page.isEnd) await this.pause(Number.POSITIVE_INFINITY, true);
    }
  }

  /**
   * The checkpoint as delivery continues from it: created at the registration, moved to a requested redelivery
   * cursor, and cleared of failures counted against an earlier configuration of the endpoint.
   */
  private async prepareCheckpoint(endpoint: WebhookDoc): Promise<WebhookCheckpointDoc> {
    const saved = await this.services.stateStore.get<WebhookCheckpointDoc>(WEBHOOK_CHECKPOINTS_COLLECTION, endpoint.id);
    let checkpoint: WebhookCheckpointDoc = saved ?? {
      id: endpoint.id,
      cursor: endpoint.registeredCursor,
      redeliveryApplied: null,
      failures: null,
      updatedAt: this.now().toISOString(),
    };
    const request = endpoint.redelivery;
    if (request && (checkpoint.redeliveryApplied === null || request.requestCursor > checkpoint.redeliveryApplied)) {
      checkpoint = { ...checkpoint, cursor: request.fromCursor, redeliveryApplied: request.requestCursor, failures: null };
      this.services.log('info', 'webhook redelivery starts', { webhookId: endpoint.id, fromCursor: request.fromCursor });
    }
    if (checkpoint.failures && checkpoint.failures.configVersion !== endpoint.configVersion) {
      checkpoint = { ...checkpoint, failures: null };
    }
    if (checkpoint !== saved) await this.saveCheckpoint({ ...checkpoint, updatedAt: this.now().toISOString() });
    return checkpoint;
  }

  private async attempt(endpoint: WebhookDoc, checkpoint: WebhookCheckpointDoc, event: RecordedEvent): Promise<AttemptResult> {
    const ownerLapse = await this.ownerLapse(endpoint);
    if (ownerLapse !== null) {
      await this.services.giveUp({
        webhookId: endpoint.id,
        configVersion: endpoint.configVersion,
        cause: 'OWNER_REVOKED',
        reason: ownerLapse,
        lastFailure: null,
      });
      return 'stopped';
    }
    const secrets = await this.secretsOf(endpoint);
    if (secrets.length === 0) {
      await this.services.giveUp({
        webhookId: endpoint.id,
        configVersion: endpoint.configVersion,
        cause: 'SECRET_MISSING',
        reason: 'The signing secret is no longer stored (the read store was restored without it); rotate the secret, then enable the endpoint',
        lastFailure: null,
      });
      return 'stopped';
    }
    const body = JSON.stringify(toIntegrationEvent(event, this.services.eventSource));
    const attemptedAt = this.now();
    const previous = checkpoint.failures;
    const attempt = (previous?.count ?? 0) + 1;
    const response = await postWebhook(
      { url: endpoint.url, webhookId: event.eventId, body, secrets, timestamp: Math.floor(attemptedAt.getTime() / 1000) },
      this.services.sender,
      this.abort.signal,
    );
    if (response.aborted) return 'stopped';
    if (response.refusedAddress) {
      this.services.log('warn', 'webhook delivery refused: the host resolves to an address webhooks may not call', {
        webhookId: endpoint.id,
        ...response.refusedAddress,
      });
    }
    const entry = this.logEntry(endpoint, event, attempt, attemptedAt, response);

    if (entry.outcome === 'DELIVERED') {
      checkpoint.cursor = event.position;
      checkpoint.failures = null;
      checkpoint.updatedAt = this.now().toISOString();
      await this.saveCheckpoint(checkpoint, entry);
      this.cursor = event.position;
      return 'delivered';
    }

    const since = previous?.since ?? attemptedAt.toISOString();
    const failures: FailureStreak = {
      configVersion: endpoint.configVersion,
      count: attempt,
      since,
      nextAttemptAt: new Date(attemptedAt.getTime() + this.retryDelay(attempt, response, attemptedAt)).toISOString(),
      last: { eventId: event.eventId, cursor: event.position, statusCode: response.statusCode, error: response.error },
    };
    checkpoint.failures = failures;
    checkpoint.updatedAt = this.now().toISOString();
    await this.saveCheckpoint(checkpoint, entry);

    const lastFailure = { ...failures.last, attempts: attempt, failingSince: since };
    if (response.statusCode === 410) {
      await this.services.giveUp({
        webhookId: endpoint.id,
        configVersion: endpoint.configVersion,
        cause: 'ENDPOINT_GONE',
        reason: 'The endpoint answered 410 Gone: it no longer wants deliveries',
        lastFailure,
      });
      return 'stopped';
    }
    const failingForMs = attemptedAt.getTime() - Date.parse(since);
    if (attempt >= this.services.config.maxAttempts || failingForMs >= this.services.config.failureWindowMs) {
      await this.services.giveUp({
        webhookId: endpoint.id,
        configVersion: endpoint.configVersion,
        cause: 'DELIVERY_FAILURES',
        reason: `Delivery failed ${attempt} times in a row over ${Math.round(failingForMs / 1000)} s; last: ${response.error}`,
        lastFailure,
      });
      return 'stopped';
    }
    return 'failed';
  }

  private retryDelay(failedAttempts: number, response: WebhookResponse, now: Date): number {
    const { config } = this.services;
    const jittered = retryDelayMs(failedAttempts, config);
    const asked = retryAfterMs(response.retryAfter, now);
    return asked === null ? jittered : Math.min(config.retryMaxMs, Math.max(jittered, asked));
  }

  /**
   * Why the endpoint's owner may receive nothing more; null while it may. Checked before every attempt: an endpoint
   * registered with an API key must not outlive the key. A token's subject cannot be revoked here.
   */
  private async ownerLapse(endpoint: WebhookDoc): Promise<string | null> {
    const keyId = apiKeyIdOf(endpoint.ownerId);
    if (keyId === null) return null;
    const lapsed = await this.services.apiKeys.lapseOf(keyId, this.now());
    if (lapsed === null) return null;
    const what = { revoked: 'was revoked', expired: `expired after ${lapsed.expiresOn}`, unknown: 'is unknown' }[lapsed.lapse];
    return `The API key ${keyId} that registered the endpoint ${what}; nothing more is delivered to it`;
  }

  /** The current secret, and the rotated-out one while it is still honoured. */
  private async secretsOf(endpoint: WebhookDoc): Promise<string[]> {
    const current = await this.services.secrets.get(endpoint.secretId);
    if (current === null) return [];
    const previous = endpoint.previousSecret;
    if (!previous || previous.validUntil <= this.now().toISOString()) return [current];
    const old = await this.services.secrets.get(previous.secretId);
    return old === null ? [current] : [current, old];
  }

  private logEntry(
    endpoint: WebhookDoc,
    event: RecordedEvent,
    attempt: number,
    attemptedAt: Date,
    response: WebhookResponse,
  ): WebhookDeliveryDoc {
    const sequence = this.services.nextSequence();
    const delivered = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
    return {
      id: `${endpoint.id}:${sequence}`,
      webhookId: endpoint.id,
      sequence,
      attemptedAt: attemptedAt.toISOString(),
      eventId: event.eventId,
      eventType: event.type,
      cursor: event.position,
      attempt,
      outcome: delivered ? 'DELIVERED' : 'FAILED',
      statusCode: response.statusCode,
      error: response.error,
      durationMs: response.durationMs,
    };
  }

  /** The checkpoint and the log entry of the attempt that moved it, in one transaction. */
  private saveCheckpoint(checkpoint: WebhookCheckpointDoc, entry?: WebhookDeliveryDoc): Promise<void> {
    return this.services.stateStore.transaction(async (session) => {
      await session.put(WEBHOOK_CHECKPOINTS_COLLECTION, checkpoint);
      if (entry) await session.put(WEBHOOK_DELIVERIES_COLLECTION, entry);
    });
  }

  /** Waits `ms`, or until stopped, the endpoint changed, or (when `forEvents`) new events were recorded. */
  private pause(ms: number, forEvents: boolean): Promise<void> {
    if (this.stopping || this.stale) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : null;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.wakeUp = null;
        this.waitingForEvents = false;
        resolve();
      };
      this.waitingForEvents = forEvents;
      this.wakeUp = done;
    });
  }

  private now(): Date {
    return this.services.clock.now();
  }
}
