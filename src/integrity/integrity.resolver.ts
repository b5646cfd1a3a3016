import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { IsObject, IsOptional, Matches } from 'class-validator';
import type { ChainBreak } from '../core/hash-chain';
import { badInput, notFound } from '../core/domain-error';
import { assertEveryDistrict } from '../auth/district-scope';
import { streamVisibleTo } from '../stream-visibility';
import type { Principal } from '../core/principal';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { JSONScalar } from '../graphql/json.scalar';
import { CurrentActor } from '../graphql/request-context';
import { type CheckpointFindingKind, REWRITE_KINDS, TRUNCATION_KINDS } from './checkpoint-comparison';
import { EventLogVerifier, type EventLogVerification } from './event-log-verifier.service';
import { parseSignedCheckpoint, type SignatureCheck } from './log-checkpoint';
import { LogCheckpoints } from './log-checkpoints.service';

/** Stored as lower-case words (src/core/hash-chain.ts); GraphQL shows them in capitals. */
export const ChainBreakProblemEnum = {
  HASH_MISMATCH: 'hash_mismatch',
  PREV_HASH_MISMATCH: 'prev_hash_mismatch',
  VERSION_GAP: 'version_gap',
} as const satisfies Record<string, ChainBreak['problem']>;
registerEnumType(ChainBreakProblemEnum, {
  name: 'ChainBreakProblem',
  description: 'Why a link is broken',
  valuesMap: {
    HASH_MISMATCH: { description: 'The event no longer matches its own hash: it was altered' },
    PREV_HASH_MISMATCH: { description: 'The event does not link to the hash of the event before it' },
    VERSION_GAP: { description: 'A stream version is missing or out of order: an event was removed or moved' },
  },
});

const CheckpointSourceEnum = { STORED: 'STORED', SUPPLIED: 'SUPPLIED' } as const;
registerEnumType(CheckpointSourceEnum, {
  name: 'CheckpointSource',
  valuesMap: {
    STORED: { description: 'The latest checkpoint the service stored' },
    SUPPLIED: { description: 'The checkpoint handed in with `against`' },
  },
});

const CheckpointSignatureEnum = { VALID: 'VALID', INVALID: 'INVALID', UNKNOWN_KEY: 'UNKNOWN_KEY' } as const satisfies Record<
  SignatureCheck,
  SignatureCheck
>;
registerEnumType(CheckpointSignatureEnum, {
  name: 'CheckpointSignature',
  description: 'Only a checkpoint with a VALID signature is compared with the log',
  valuesMap: {
    VALID: { description: 'Signed by the current or an earlier signing key of this service' },
    INVALID: { description: 'The signature does not match the checkpoint: it was altered or forged' },
    UNKNOWN_KEY: { description: 'Signed by a key this service does not know (never had, or was not told to keep)' },
  },
});

const CheckpointFindingKindEnum = Object.fromEntries(
  [...TRUNCATION_KINDS, ...REWRITE_KINDS].map((kind) => [kind, kind]),
) as Record<CheckpointFindingKind, CheckpointFindingKind>;
registerEnumType(CheckpointFindingKindEnum, {
  name: 'CheckpointFindingKind',
  description: 'How the log differs from a signed checkpoint',
  valuesMap: {
    LOG_ENDS_BEFORE_CHECKPOINT: { description: 'Truncation: the log ends before the checkpoint position (expected: that position, found: the head)' },
    EVENTS_MISSING: { description: 'Truncation: fewer events up to the checkpoint position than it counted' },
    STREAM_MISSING: { description: 'Truncation: a stream the checkpoint names has no event up to its position' },
    STREAM_SHORTER: { description: "Truncation: a stream's last version up to the checkpoint position is lower than recorded" },
    EVENTS_ADDED: { description: 'Rewrite: more events up to the checkpoint position than it counted' },
    HEAD_HASH_MISMATCH: { description: 'Rewrite: as many events as counted, but they are not the ones signed' },
    STREAM_LONGER: { description: "Rewrite: a stream's last version up to the checkpoint position is higher than recorded" },
    STREAM_TIP_MISMATCH: { description: "Rewrite: a stream's last event has the recorded version but another hash" },
    STREAM_NOT_IN_CHECKPOINT: { description: 'Rewrite: a stream has events up to the checkpoint position the checkpoint does not name' },
  },
});

@ObjectType('EventChainBreak', { description: 'The first event whose hash-chain link does not hold' })
export class EventChainBreakView {
  @Field()
  streamId!: string;
  @Field(() => Int)
  streamVersion!: number;
  @Field(() => ID)
  eventId!: string;
  @Field({ description: 'Opaque position in the whole log' })
  position!: string;
  @Field(() => ChainBreakProblemEnum)
  problem!: ChainBreak['problem'];
}

@ObjectType('CheckpointFinding')
export class CheckpointFindingView {
  @Field(() => CheckpointFindingKindEnum)
  kind!: CheckpointFindingKind;
  @Field(() => String, { nullable: true, description: 'The stream concerned; null for the whole log' })
  streamId!: string | null;
  @Field(() => String, { nullable: true, description: 'What the checkpoint says: a position, an event count, a stream version or a hash' })
  expected!: string | null;
  @Field(() => String, { nullable: true, description: 'What the log says now, in the same terms; null when there is nothing' })
  found!: string | null;
}

@ObjectType('CheckpointVerification', { description: 'The log compared with a signed checkpoint' })
export class CheckpointVerificationView {
  @Field(() => CheckpointSourceEnum)
  source!: 'STORED' | 'SUPPLIED';
  @Field({ description: 'Position of the last event the checkpoint covers' })
  position!: string;
  @Field()
  createdAt!: string;
  @Field({ description: 'SHA-256 (hex) of the signing public key (DER)' })
  keyId!: string;
  @Field(() => CheckpointSignatureEnum)
  signature!: SignatureCheck;
  @Field({ description: 'Events the checkpoint covered are gone' })
  truncated!: boolean;
  @Field({ description: 'What the checkpoint covered reads differently now' })
  rewritten!: boolean;
  @Field(() => [CheckpointFindingView], { description: 'The first 100 differences' })
  findings!: CheckpointFindingView[];
  @Field(() => Int, { description: 'All differences found' })
  findingCount!: number;
}

@ObjectType('EventLogVerification', { description: 'Result of recomputing the hash chains of the event log' })
export class EventLogVerificationView {
  @Field(() => Int, { description: 'Events checked (up to the first broken link, or up to the checkpoint if it lies further)' })
  checkedEvents!: number;
  @Field(() => Int)
  checkedStreams!: number;
  @Field({ description: 'True when every checked chain holds and the checkpoint, if any, verifies and still matches' })
  ok!: boolean;
  @Field(() => EventChainBreakView, { nullable: true, description: 'The first broken link in log order' })
  firstBreak!: EventChainBreakView | null;
  @Field(() => CheckpointVerificationView, {
    nullable: true,
    description: 'The log against the checkpoint handed in, else the latest stored one; null when there is none',
  })
  checkpoint!: CheckpointVerificationView | null;
}

@ObjectType('LogSigningKey', { description: 'A public key that signs (or signed) checkpoints of the event log' })
export class LogSigningKeyView {
  @Field({ description: 'SHA-256 (hex) of the public key in DER (SubjectPublicKeyInfo)' })
  keyId!: string;
  @Field({ description: 'Ed25519 public key, PEM (SubjectPublicKeyInfo)' })
  publicKey!: string;
  @Field({ description: 'True for the key that signs new checkpoints' })
  current!: boolean;
}

@ObjectType('LogCheckpoint', { description: 'A signed checkpoint of the whole event log (the file: GET /exports/log-checkpoint.json)' })
export class LogCheckpointView {
  @Field()
  position!: string;
  @Field(() => Int)
  eventCount!: number;
  @Field(() => Int)
  streamCount!: number;
  @Field()
  headHash!: string;
  @Field()
  createdAt!: string;
  @Field()
  keyId!: string;
}

@ArgsType()
class VerifyEventLogArgs {
  @Field({ nullable: true, description: 'One stream `<category>-<id>`; omitted: every stream of the log' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*-[A-Za-z0-9-]{1,100}$/, { message: 'streamId must look like <category>-<id>' })
  streamId?: string;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'A checkpoint file kept from GET /exports/log-checkpoint.json, to check the whole log against it',
  })
  @IsOptional()
  @IsObject({ message: 'against must be the checkpoint file (a JSON object)' })
  against?: Record<string, unknown>;
}

@Resolver()
export class IntegrityResolver {
  constructor(
    private readonly verifier: EventLogVerifier,
    private readonly checkpoints: LogCheckpoints,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Query(() => EventLogVerificationView, {
    description:
      'Tamper check: recomputes the hash chains of one stream or of the whole log and reports the first broken ' +
      'link, and compares the log with a signed checkpoint (the one handed in, else the latest stored): truncation ' +
      'and rewrites of what it covered. On a big log this takes a while (about the time of a projection rebuild).',
  })
  async verifyEventLog(@CurrentActor() actor: Principal, @Args() args: VerifyEventLogArgs): Promise<EventLogVerification> {
    if (!args.streamId) {
      assertEveryDistrict(actor, 'The check of the whole log');
      const supplied = args.against && parseSignedCheckpoint(args.against, (position) => this.events.isPosition(position));
      return this.verifier.verifyAll(supplied);
    }
    if (args.against) throw badInput('against checks the whole log: omit streamId', { field: 'against' });
    // A stream of another district is as unknown as one without events.
    if (!(await streamVisibleTo(this.events, actor, args.streamId))) throw notFound('Stream', args.streamId);
    return this.verifier.verifyStream(args.streamId);
  }

  @Query(() => [LogSigningKeyView], {
    description: 'The public keys that verify checkpoints of the event log: the current one first, then earlier ones',
  })
  logSigningKeys(): LogSigningKeyView[] {
    return this.checkpoints.signingKeys().map((key, i) => ({ keyId: key.keyId, publicKey: key.publicKeyPem, current: i === 0 }));
  }

  @Mutation(() => LogCheckpointView, {
    description: 'Signs a checkpoint of the whole log now (admin); the latest one when no event was recorded since',
  })
  async signLogCheckpoint(): Promise<LogCheckpointView> {
    const { checkpoint } = await this.checkpoints.checkpointNow();
    const { position, eventCount, headHash, createdAt, keyId, streams } = checkpoint;
    return { position, eventCount, streamCount: streams.length, headHash, createdAt, keyId };
  }
}
