import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import type { ChainBreak } from '../core/hash-chain';
import { notFound } from '../core/domain-error';
import { assertEveryDistrict, streamVisibleTo } from '../auth/district-scope';
import type { Principal } from '../auth/principal';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CurrentActor } from '../graphql/request-context';
import { EventLogVerifier, type EventLogVerification } from './event-log-verifier.service';

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

@ObjectType('EventLogVerification', { description: 'Result of recomputing the hash chains of the event log' })
export class EventLogVerificationView {
  @Field(() => Int, { description: 'Events checked (up to and including the first broken one)' })
  checkedEvents!: number;
  @Field(() => Int)
  checkedStreams!: number;
  @Field({ description: 'True when every checked chain holds' })
  ok!: boolean;
  @Field(() => EventChainBreakView, { nullable: true, description: 'The first broken link in log order; the check stops there' })
  firstBreak!: EventChainBreakView | null;
}

@ArgsType()
class VerifyEventLogArgs {
  @Field({ nullable: true, description: 'One stream `<category>-<id>`; omitted: every stream of the log' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*-[A-Za-z0-9-]{1,100}$/, { message: 'streamId must look like <category>-<id>' })
  streamId?: string;
}

@Resolver()
export class IntegrityResolver {
  constructor(
    private readonly verifier: EventLogVerifier,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Query(() => EventLogVerificationView, {
    description:
      'Tamper check: recomputes the hash chains of one stream or of the whole log and reports the first broken ' +
      'link. On a big log this takes a while (about the time of a projection rebuild).',
  })
  async verifyEventLog(@CurrentActor() actor: Principal, @Args() args: VerifyEventLogArgs): Promise<EventLogVerification> {
    if (!args.streamId) {
      assertEveryDistrict(actor, 'The check of the whole log');
      return this.verifier.verifyAll();
    }
    // A stream of another district is as unknown as one without events.
    if (!(await streamVisibleTo(this.events, actor, args.streamId))) throw notFound('Stream', args.streamId);
    return this.verifier.verifyStream(args.streamId);
  }
}
