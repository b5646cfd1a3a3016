import { Args, ArgsType, Field, ID, Int, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, ValidateNested } from 'class-validator';
import { districtCondition } from '../../src/auth/district-scope';
import type { Principal } from '../../src/core/principal';
import type { JsonValue } from '../../src/core/envelope';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { JSONScalar } from '../../src/graphql/json.scalar';
import { CurrentActor } from '../../src/graphql/request-context';
import { ProjectionsService } from '../runner/projections.service';
import { EffectiveDateSource } from '../../src/core/event-registry';
import { AUDIT_ENTITY_TYPES, AuditTrailFilterInput, AuditTrailOrder } from './audit-trail.filter';
import type { AuditEntryDoc } from './audit-trail.projection';
import { ListAuditTrailQuery } from './audit-trail.query';

registerEnumType(EffectiveDateSource, {
  name: 'AuditEffectiveDateSource',
  description: 'Where an audit entry\'s effective date comes from',
  valuesMap: {
    OPTION: { description: 'The command\'s options.effectiveAt' },
    BUSINESS_DATE: { description: 'The event\'s own business date (paid on, approved on, held on, …)' },
    RECORDED: { description: 'The day the event was recorded (UTC): neither of the above was there' },
  },
});

@ObjectType({ description: 'A field an event set or changed; `from` is null for a value recorded for the first time' })
export class AuditFieldChange {
  @Field()
  field!: string;
  @Field(() => JSONScalar, { nullable: true })
  from!: JsonValue;
  @Field(() => JSONScalar, { nullable: true })
  to!: JsonValue;
  @Field({ description: 'True when a long value was cut to a preview' })
  truncated!: boolean;
}

@ObjectType({ description: 'One recorded event, as funders and auditors read it' })
export class AuditEntry {
  @Field(() => ID, { description: 'The event id' })
  id!: string;
  @Field({ description: 'Position in the event log (store order)' })
  position!: string;
  @Field({ description: 'When the event was recorded (ISO timestamp)' })
  recordedAt!: string;
  @Field(() => String, { nullable: true, description: 'The command\'s options.effectiveAt, if given' })
  effectiveAt!: string | null;
  @Field({
    description:
      'Date (YYYY-MM-DD) the effective-date filter uses: effectiveAt, else the event\'s business date, else the recorded date',
  })
  effectiveDate!: string;
  @Field(() => EffectiveDateSource)
  effectiveDateSource!: EffectiveDateSource;
  @Field({ description: 'Who recorded the event: a person\'s id, an API key\'s apikey-<keyId>, or system' })
  actorId!: string;
  @Field()
  actorRole!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The person behind the actor: for an API key the person it acts for (its issuer), else the actor itself; null ' +
      'for an event a key recorded before events named the person',
  })
  personId!: string | null;
  @Field()
  eventType!: string;
  @Field({ description: 'The event type as a verb phrase' })
  action!: string;
  @Field({ description: `Stream category: ${AUDIT_ENTITY_TYPES.join(', ')}` })
  entityType!: string;
  @Field(() => ID)
  entityId!: string;
  @Field()
  streamId!: string;
  @Field(() => Int)
  streamVersion!: number;
  @Field(() => ID, { nullable: true })
  districtId!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Why: the command\'s options.reason, else the reason the event states; when both differ, the stated one is a `reason` change',
  })
  reason!: string | null;
  @Field(() => String, { nullable: true, description: 'The decision cited, `<bodyId>/<decisionId>`' })
  decisionRef!: string | null;
  @Field(() => ID)
  commandId!: string;
  @Field(() => ID)
  correlationId!: string;
  @Field(() => ID)
  causationId!: string;
  @Field()
  summary!: string;
  @Field(() => [AuditFieldChange], {
    description: 'A status transition comes first (`status`: old → new), then a stated reason, then the fields',
  })
  changes!: AuditFieldChange[];
  @Field({ description: 'True when the event changed more fields than the entry lists' })
  changesTruncated!: boolean;
}

const AuditEntryConnection = Connection(AuditEntry, 'AuditEntry');

@ArgsType()
class AuditTrailArgs extends ConnectionArgs {
  @Field(() => AuditTrailFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditTrailFilterInput)
  filter?: AuditTrailFilterInput;

  @Field(() => AuditTrailOrder, { defaultValue: AuditTrailOrder.ASC })
  @IsEnum(AuditTrailOrder)
  order: AuditTrailOrder = AuditTrailOrder.ASC;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

const toEntry = (doc: AuditEntryDoc): AuditEntry => doc as unknown as AuditEntry;

@Resolver(() => AuditEntry)
export class AuditTrailResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => AuditEntryConnection, {
    description: 'The audit trail: one entry per recorded event, in store order, filtered',
  })
  async auditTrail(@CurrentActor() actor: Principal, @Args() args: AuditTrailArgs) {
    const district = districtCondition(actor, args.filter?.districtId);
    await this.projections.waitForPosition(args.waitForPosition);
    const { filter, order, first, after } = args;
    const page = await this.queryBus.execute(new ListAuditTrailQuery({ filter, district, order, first, after }));
    return toConnection(page, toEntry);
  }
}
