import { Args, ArgsType, Field, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { BodyKindEnum, BodyStatusEnum, DecisionOutcomeEnum } from '../../src/bodies/bodies.enums';
import type { BodyKind, DecisionOutcome } from '../../src/bodies/domain/bodies.events';
import { assertVisible, districtCondition } from '../../src/auth/district-scope';
import { notFound } from '../../src/core/domain-error';
import type { Principal } from '../../src/core/principal';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { CurrentActor } from '../../src/graphql/request-context';
import { ProjectionsService } from '../runner/projections.service';
import type { BodyDecisionDoc, BodyDoc, BodyMeetingDoc } from './bodies.projection';
import { GetBodyQuery, ListBodiesQuery, ListBodyDecisionsQuery, ListBodyMeetingsQuery } from './bodies.query';

@ObjectType()
export class BodyVotes {
  @Field(() => Int)
  for!: number;
  @Field(() => Int)
  against!: number;
  @Field(() => Int)
  abstentions!: number;
}

@ObjectType({ description: 'A decision (Beschluss) of a body, citable as `<bodyId>/<decisionId>`' })
export class BodyDecision {
  @Field({ description: 'The citation `<bodyId>/<decisionId>`' })
  id!: string;
  @Field()
  decisionId!: string;
  @Field(() => ID)
  bodyId!: string;
  @Field(() => ID)
  districtId!: string;
  @Field()
  meetingId!: string;
  @Field({ description: 'Date of the meeting that took the decision' })
  heldOn!: string;
  @Field()
  subject!: string;
  @Field(() => DecisionOutcomeEnum)
  outcome!: DecisionOutcome;
  @Field(() => BodyVotes, { nullable: true, description: 'Null when the votes were not counted' })
  votes!: BodyVotes | null;
  @Field(() => String, { nullable: true })
  rationale!: string | null;
  @Field()
  recordedAt!: string;
}

@ObjectType({ description: 'Conflicts of interest declared at a meeting: a count and the member ids known' })
export class BodyConflictOfInterest {
  @Field(() => String, { nullable: true, description: 'The decision concerned; null: the whole meeting' })
  decisionId!: string | null;
  @Field(() => Int)
  count!: number;
  @Field(() => [String])
  memberIds!: string[];
}

/** A decision as listed inside its meeting (the meeting gives body, date and id). */
@ObjectType()
export class BodyMeetingDecision {
  @Field()
  decisionId!: string;
  @Field()
  subject!: string;
  @Field(() => DecisionOutcomeEnum)
  outcome!: DecisionOutcome;
  @Field(() => BodyVotes, { nullable: true })
  votes!: BodyVotes | null;
  @Field(() => String, { nullable: true })
  rationale!: string | null;
}

@ObjectType({ description: 'A meeting (Sitzung) of a body' })
export class BodyMeeting {
  @Field()
  meetingId!: string;
  @Field(() => ID)
  bodyId!: string;
  @Field()
  heldOn!: string;
  @Field(() => Int, { description: 'How many attended' })
  attendance!: number;
  @Field(() => [String])
  agendaItems!: string[];
  @Field(() => [BodyMeetingDecision])
  decisions!: BodyMeetingDecision[];
  @Field(() => [BodyConflictOfInterest])
  conflictsOfInterest!: BodyConflictOfInterest[];
  @Field()
  recordedAt!: string;
}

const BodyMeetingConnection = Connection(BodyMeeting, 'BodyMeeting');
const BodyDecisionConnection = Connection(BodyDecision, 'BodyDecision');

@ObjectType({ description: 'A body (Akteursgruppe / Gremium) of a district' })
export class Body {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  districtId!: string;
  @Field(() => BodyKindEnum)
  kind!: BodyKind;
  @Field()
  name!: string;
  @Field(() => String, { nullable: true })
  description!: string | null;
  @Field()
  establishedOn!: string;
  @Field(() => BodyStatusEnum)
  status!: BodyDoc['status'];
  @Field(() => String, { nullable: true })
  dissolvedOn!: string | null;
  @Field(() => String, { nullable: true })
  dissolutionReason!: string | null;
  @Field(() => Int)
  meetingCount!: number;
  @Field(() => Int)
  decisionCount!: number;
  @Field(() => String, { nullable: true })
  lastMeetingOn!: string | null;
  @Field()
  establishedAt!: string;
  @Field()
  updatedAt!: string;
  @Field(() => Int, { description: 'Stream version of the last change: send it as options.expectedVersion of an edit' })
  version!: number;
}

const BodyConnection = Connection(Body, 'Body');

@ArgsType()
class BodiesArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@ArgsType()
class BodyArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

const toBody = (doc: BodyDoc): Body => doc as unknown as Body;
const toMeeting = (doc: BodyMeetingDoc): BodyMeeting => doc as unknown as BodyMeeting;
const toDecision = (doc: BodyDecisionDoc): BodyDecision => doc as unknown as BodyDecision;

@Resolver(() => Body)
export class BodiesResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => BodyConnection, { description: 'The bodies of a district, by name' })
  async bodies(@CurrentActor() actor: Principal, @Args() args: BodiesArgs) {
    const districtId = districtCondition(actor, args.districtId);
    await this.projections.waitForPosition(args.waitForPosition);
    const page = await this.queryBus.execute(new ListBodiesQuery({ districtId, first: args.first, after: args.after }));
    return toConnection(page, toBody);
  }

  @Query(() => Body)
  async body(@CurrentActor() actor: Principal, @Args() args: BodyArgs): Promise<Body> {
    await this.projections.waitForPosition(args.waitForPosition);
    const doc = await this.queryBus.execute(new GetBodyQuery(args.id));
    assertVisible(actor, doc.districtId, () => notFound('Body', args.id));
    return toBody(doc);
  }

  @ResolveField(() => BodyMeetingConnection, { description: 'Meetings, the most recent first' })
  async meetings(@Parent() body: Body, @Args() args: ConnectionArgs) {
    const page = await this.queryBus.execute(
      new ListBodyMeetingsQuery({ bodyId: body.id, first: args.first, after: args.after }),
    );
    return toConnection(page, toMeeting);
  }

  @ResolveField(() => BodyDecisionConnection, { description: 'Decisions, those of the most recent meeting first' })
  async decisions(@Parent() body: Body, @Args() args: ConnectionArgs) {
    const page = await this.queryBus.execute(
      new ListBodyDecisionsQuery({ bodyId: body.id, first: args.first, after: args.after }),
    );
    return toConnection(page, toDecision);
  }
}
