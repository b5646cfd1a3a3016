import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { IsIsoDate } from './validators';
import { DECISION_REF } from '../core/cited-decisions';
import type { CommandContext, ScopedActor } from '../core/decider';
import type { CommandOutcome } from '../core/handle-command';
import { newId } from '../core/ids';
import type { RequestContext } from './request-context';

/** Optional fields every mutation accepts: they end up in the event metadata of the audit trail. */
@InputType({ description: 'Idempotency, stale-edit check, reason and business date of a command' })
export class CommandOptionsInput {
  @Field(() => ID, {
    nullable: true,
    description: 'UUID chosen by the client; sending the same id again returns the first outcome',
  })
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @Field({ nullable: true, description: 'Why: free text, shown in the audit trail' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @Field({ nullable: true, description: 'Date (YYYY-MM-DD) the decision takes effect, when it differs from today' })
  @IsOptional()
  @IsIsoDate()
  effectiveAt?: string;

  @Field({
    nullable: true,
    description: 'A decision of a body cited as the reason: `<bodyId>/<decisionId>`; it must have been recorded',
  })
  @IsOptional()
  @Matches(DECISION_REF, { message: 'decisionRef must be <bodyId>/<decisionId>' })
  decisionRef?: string;

  @Field(() => ID, { nullable: true, description: 'Id of the command or event that caused this one' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  causationId?: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version of the record the client last saw (its `version`, or `streamVersion` of the last command; -1: the ' +
      'record does not exist yet). If the record has changed since, the command answers CONFLICT with ' +
      '`currentVersion` and records nothing. For a mutation that writes several streams it is compared with the ' +
      'record the mutation names (the grant of an expenditure, the measure of a plan or start)',
  })
  @IsOptional()
  @IsInt()
  @Min(-1)
  expectedVersion?: number;
}

export function commandContext(
  request: RequestContext,
  actor: ScopedActor,
  options: CommandOptionsInput | undefined,
  now: Date,
): CommandContext {
  const commandId = options?.commandId ?? newId();
  return {
    commandId,
    actor,
    now,
    correlationId: request.correlationId,
    causationId: options?.causationId ?? commandId,
    ...(options?.effectiveAt ? { effectiveAt: options.effectiveAt } : {}),
    ...(options?.reason ? { reason: options.reason } : {}),
    ...(options?.decisionRef ? { decisionRef: options.decisionRef } : {}),
    ...(options?.expectedVersion !== undefined && options.expectedVersion !== null
      ? { expectedVersion: options.expectedVersion }
      : {}),
    ...(request.requestHash ? { requestHash: request.requestHash } : {}),
  };
}

@ObjectType({ description: 'Outcome of a command' })
export class CommandPayload {
  @Field(() => ID)
  commandId!: string;

  @Field({ description: 'The stream the command wrote to' })
  streamId!: string;

  @Field(() => Int, {
    description: 'Stream version after the command (-1: no stream): send it as options.expectedVersion of the next edit',
  })
  streamVersion!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Position of the last event; pass it as waitForPosition to read your own write',
  })
  position!: string | null;

  @Field({ description: 'Events recorded by this command' })
  eventCount!: number;

  @Field({ description: 'True when the command id had been handled before; nothing new was recorded' })
  repeated!: boolean;

  static from(commandId: string, outcome: CommandOutcome): CommandPayload {
    return Object.assign(new CommandPayload(), {
      commandId,
      streamId: outcome.streamId,
      streamVersion: outcome.streamVersion,
      position: outcome.position,
      eventCount: outcome.events.length,
      repeated: outcome.repeated,
    });
  }
}
