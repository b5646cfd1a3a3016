import { Inject } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Principal } from '../../core/principal';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import { deterministicUuid } from '../../core/ids';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import { EstablishBodyCommand } from '../application/establish-body.command';
import { bodiesDecider } from '../domain/bodies.decider';
import { DissolveBodyInput, EstablishBodyInput, RecordMeetingInput } from './bodies.inputs';

@ObjectType()
export class EstablishBodyPayload extends CommandPayload {
  @Field(() => ID)
  bodyId!: string;
}

@ObjectType()
export class RecordMeetingPayload extends CommandPayload {
  @Field()
  meetingId!: string;
}

@Resolver()
export class BodiesMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => EstablishBodyPayload, {
    description: 'Establishes a body (resident forum, working group, steering round, …) in a district',
  })
  async establishBody(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: EstablishBodyInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<EstablishBodyPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    // Derived from the command id, so a retried command without an id lands on the same stream.
    const bodyId = input.bodyId ?? deterministicUuid('body', context.commandId);
    const data = {
      bodyId,
      districtId: input.districtId,
      kind: input.kind,
      name: input.name,
      description: input.description ?? null,
      establishedOn: input.establishedOn,
    };
    const outcome = await this.commandBus.execute(new EstablishBodyCommand(data, context));
    return Object.assign(new EstablishBodyPayload(), CommandPayload.from(context.commandId, outcome), { bodyId });
  }

  @Mutation(() => RecordMeetingPayload, {
    description: 'Records a meeting of a body with its decisions; decisions can then be cited as <bodyId>/<decisionId>',
  })
  async recordMeeting(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RecordMeetingInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<RecordMeetingPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const meetingId = input.meetingId ?? deterministicUuid('meeting', context.commandId);
    const data = {
      bodyId: input.bodyId,
      meetingId,
      heldOn: input.heldOn,
      attendance: input.attendance,
      agendaItems: [...input.agendaItems],
      decisions: input.decisions.map((d) => ({
        decisionId: d.decisionId,
        subject: d.subject,
        outcome: d.outcome,
        votes: d.votes ? { for: d.votes.for, against: d.votes.against, abstentions: d.votes.abstentions } : null,
        rationale: d.rationale ?? null,
      })),
      conflictsOfInterest: input.conflictsOfInterest.map((c) => ({
        decisionId: c.decisionId ?? null,
        count: c.count ?? null,
        memberIds: [...(c.memberIds ?? [])],
      })),
    };
    const outcome = await this.dispatch.decide(bodiesDecider, data.bodyId, { type: 'RecordMeeting', data, context });
    return Object.assign(new RecordMeetingPayload(), CommandPayload.from(context.commandId, outcome), { meetingId });
  }

  @Mutation(() => CommandPayload, { description: 'Dissolves a body; its meetings and decisions stay on record' })
  async dissolveBody(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: DissolveBodyInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const data = { bodyId: input.bodyId, dissolvedOn: input.dissolvedOn, reason: input.reason };
    const outcome = await this.dispatch.decide(bodiesDecider, data.bodyId, { type: 'DissolveBody', data, context });
    return CommandPayload.from(context.commandId, outcome);
  }
}
