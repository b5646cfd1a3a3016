import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { badInput } from '../../src/core/domain-error';
import type { FieldCondition, Filter } from '../../src/read-store/read-store.port';
import { IsIsoDate, IsIsoDateOrTimestamp, IsUserId } from '../../src/graphql/validators';
import { ALL_EVENT_TYPES } from '../../src/event-registry';

export const AUDIT_ENTITY_TYPES = [
  'district',
  'body',
  'goal',
  'measure',
  'measurecode',
  'grant',
  'receipt',
  'catalogue',
  'apikey',
  'webhook',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export enum AuditTrailOrder {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(AuditTrailOrder, { name: 'AuditTrailOrder', description: 'Store order (position) or its reverse' });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

@InputType({ description: 'Audit-trail filters; all given conditions must hold' })
export class AuditTrailFilterInput {
  @Field(() => String, { nullable: true, description: `Stream category: ${AUDIT_ENTITY_TYPES.join(', ')}` })
  @IsOptional()
  @IsIn(AUDIT_ENTITY_TYPES)
  entityType?: AuditEntityType;

  @Field(() => ID, { nullable: true, description: 'The stream id without its category (a UUID for most entities)' })
  @IsOptional()
  @Matches(/^[\w.:-]{1,200}$/, { message: 'entityId must be an id of up to 200 letters, digits, . : _ -' })
  entityId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  districtId?: string;

  @Field(() => ID, { nullable: true, description: 'Recorded by this actor: a person\'s id or an API key\'s apikey-<keyId>' })
  @IsOptional()
  @IsUserId()
  actorId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Recorded by this person, directly or through the API keys acting for them (as spelled in the events)',
  })
  @IsOptional()
  @IsUserId()
  personId?: string;

  @Field(() => [String], { nullable: true, description: 'Any of these event types' })
  @IsOptional()
  @ArrayMaxSize(ALL_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(ALL_EVENT_TYPES, { each: true, message: 'eventTypes must name recorded event types' })
  eventTypes?: string[];

  @Field({ nullable: true, description: 'Recorded at or after (ISO timestamp or date)' })
  @IsOptional()
  @IsIsoDateOrTimestamp()
  recordedFrom?: string;

  @Field({ nullable: true, description: 'Recorded at or before (ISO timestamp; a date includes that whole day, UTC)' })
  @IsOptional()
  @IsIsoDateOrTimestamp()
  recordedTo?: string;

  @Field({
    nullable: true,
    description: 'Effective on or after this date (options.effectiveAt, else the event\'s business date, else the recorded date)',
  })
  @IsOptional()
  @IsIsoDate()
  effectiveFrom?: string;

  @Field({ nullable: true, description: 'Effective on or before this date' })
  @IsOptional()
  @IsIsoDate()
  effectiveTo?: string;
}

const nextDay = (date: string): string => {
  const day = new Date(`${date}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString();
};

/** Timestamps are compared as stored (toISOString, UTC), so every bound is normalised to that form. */
function recordedRange(from: string | undefined, to: string | undefined): FieldCondition | null {
  if (!from && !to) return null;
  const lower = from ? new Date(from).toISOString() : undefined;
  const upper = to ? (DATE_ONLY.test(to) ? { $lt: nextDay(to) } : { $lte: new Date(to).toISOString() }) : {};
  const upperValue = '$lt' in upper ? upper.$lt : upper.$lte;
  if (lower !== undefined && upperValue !== undefined && lower > upperValue) {
    throw badInput('recordedFrom must not be after recordedTo');
  }
  return { ...(lower !== undefined ? { $gte: lower } : {}), ...upper };
}

function effectiveRange(from: string | undefined, to: string | undefined): FieldCondition | null {
  if (!from && !to) return null;
  if (from && to && from > to) throw badInput('effectiveFrom must not be after effectiveTo');
  return { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
}

/** The read-store filter for a validated audit-trail filter. */
export function auditTrailStoreFilter(filter: AuditTrailFilterInput = {}): Filter {
  const conditions: Filter = {};
  if (filter.entityType) conditions.entityType = filter.entityType;
  if (filter.entityId) conditions.entityId = filter.entityId;
  if (filter.districtId) conditions.districtId = filter.districtId;
  if (filter.actorId) conditions.actorId = filter.actorId;
  if (filter.personId) conditions.personId = filter.personId;
  if (filter.eventTypes && filter.eventTypes.length > 0) {
    conditions.eventType = filter.eventTypes.length === 1 ? filter.eventTypes[0] : { $in: filter.eventTypes };
  }
  const recorded = recordedRange(filter.recordedFrom, filter.recordedTo);
  if (recorded) conditions.recordedAt = recorded;
  const effective = effectiveRange(filter.effectiveFrom, filter.effectiveTo);
  if (effective) conditions.effectiveDate = effective;
  return conditions;
}
