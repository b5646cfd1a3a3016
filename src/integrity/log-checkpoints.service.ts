import { setImmediate as nextTurn } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CLOCK, type Clock } from '../core/clock';
import { DomainError, ruleViolated } from '../core/domain-error';
import { LOGGER, type JsonLogger } from '../core/logger';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ChainTips } from './chain-tips';
import { LOG_CHECKPOINT_STORE, type LogCheckpointStore } from './checkpoint-store/log-checkpoint-store.port';
import { checkSignature, HEAD_HASH_START, nextHeadHash, signCheckpoint, type SignedLogCheckpoint } from './log-checkpoint';
import type { LogSigningKeys, PublicSigningKey } from './log-signing-keys';

export const LOG_SIGNING_KEYS = Symbol('LOG_SIGNING_KEYS');

/** Events read per page while a checkpoint is computed. */
const PAGE_SIZE = 1000;

/**
 * Makes signed checkpoints of the event log: every LOG_CHECKPOINT_INTERVAL_MS (and once shortly after start) when
 * events were recorded since the last one, and on demand (admin mutation, checkpoint export). A new checkpoint
 * continues from the latest stored one, which must verify: only the events after it are read, their hash-chain
 * links checked, and a log that broke or ends before the latest checkpoint is not signed.
 */
@Injectable()
export class LogCheckpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: Promise<SignedLogCheckpoint> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOG_CHECKPOINT_STORE) private readonly checkpoints: LogCheckpointStore,
    @Inject(LOG_SIGNING_KEYS) private readonly keys: LogSigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  /** The current key first, then earlier ones still trusted. */
  signingKeys(): PublicSigningKey[] {
    const { current, trusted } = this.keys;
    return [current, ...[...trusted.values()].filter((key) => key.keyId !== current.keyId)];
  }

  get trustedKeys(): LogSigningKeys['trusted'] {
    return this.keys.trusted;
  }

  latest(): Promise<SignedLogCheckpoint | null> {
    return this.checkpoints.latest();
  }

  /**
   * A checkpoint of the log as it is now: the latest stored one when no event was recorded since, else a new one.
   * One computation at a time; callers asking meanwhile share it. DOMAIN_RULE when the log cannot be signed.
   */
  checkpointNow(): Promise<SignedLogCheckpoint> {
    this.running ??= this.create().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.logSigning.checkpointIntervalMs > 0) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => {
          // A log that cannot be signed is what the tamper check is for: the operator must see it.
          if (error instanceof DomainError) this.logger.write('warn', 'log checkpoint not made', { reason: error.message });
          else this.logger.write('error', 'log checkpoint failed', { message: error instanceof Error ? error.message : String(error) });
        })
        .finally(() => {
          if (!this.stopped) this.schedule(this.config.logSigning.checkpointIntervalMs);
        });
    }, delayMs);
  }

  /** A scheduled run: nothing to do (and nothing to report) while the log is empty. */
  private async tick(): Promise<void> {
    if ((await this.store.headPosition()) === null && (await this.checkpoints.latest()) === null) return;
    await this.checkpointNow();
  }

  private async create(): Promise<SignedLogCheckpoint> {
    // The checkpoint before the head: read the other way round, another process's newer checkpoint could lie ahead.
    const base = await this.checkpoints.latest();
    const head = await this.store.headPosition();
    if (head === null && base === null) throw ruleViolated('LOG_EMPTY', 'The event log is empty: there is nothing to sign yet');
    if (base) {
      const signature = checkSignature(base, this.keys.trusted);
      if (signature !== 'VALID') {
        throw ruleViolated(
          'LOG_CHECKPOINT_INVALID',
          `The latest stored checkpoint (position ${base.checkpoint.position}) does not verify (${signature}); ` +
            'check the log with verifyEventLog before signing it again',
        );
      }
      if (head === base.checkpoint.position) return base;
      if (head === null || head < base.checkpoint.position) {
        throw ruleViolated(
          'LOG_TRUNCATED',
          `${head === null ? 'The event log is empty' : `The event log ends at ${head}`}, before the latest checkpoint at ` +
            `${base.checkpoint.position}: events were removed; not signed`,
        );
      }
    }

    const last = head!;
    const tips = new ChainTips(base?.checkpoint.streams);
    let headHash = base?.checkpoint.headHash ?? HEAD_HASH_START;
    let eventCount = base?.checkpoint.eventCount ?? 0;
    let after = base?.checkpoint.position;
    for (;;) {
      if (this.stopped) throw new DomainError('SERVICE_UNAVAILABLE', 'The service is shutting down');
      const page = await this.store.readAll({ after, maxCount: PAGE_SIZE });
      for (const event of page.events) {
        if (event.position > last) break;
        const broken = tips.check(event);
        if (broken) {
          throw ruleViolated(
            'LOG_CHAIN_BROKEN',
            `The hash chain of ${broken.streamId} breaks at version ${broken.streamVersion} (position ${event.position}, ` +
              `${broken.problem}): not signed; see verifyEventLog`,
          );
        }
        headHash = nextHeadHash(headHash, event.metadata.hash);
        eventCount += 1;
      }
      if (page.isEnd || page.events.length === 0 || page.lastPosition === null || page.lastPosition >= last) break;
      after = page.lastPosition;
      await nextTurn();
    }

    const signed = signCheckpoint(
      { createdAt: this.clock.now().toISOString(), position: last, eventCount, headHash, streams: tips.streamTips() },
      this.keys.current,
    );
    await this.checkpoints.add(signed);
    this.logger.write('info', 'log checkpoint signed', { position: last, eventCount, keyId: signed.checkpoint.keyId });
    return signed;
  }
}
