import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { ScopedActor } from '../core/decider';
import { badInput, DomainError } from '../core/domain-error';
import { DISTRICT_BOUND_CATEGORIES } from '../event-registry';
import { matchesFilter, type EventFilter } from '../event-store/event-store.port';
import { type RecordedEvent } from '../core/envelope';
import { cloudEventType, recordedEventType } from './cloud-event';
import { EVENT_CATEGORIES, EVENT_TYPES } from '../event-registry';

/**
 * What an integrator asks for. Every given part must match (AND); within a list any value matches (OR). Types are
 * CloudEvents types (`stadtteil-ledger.GrantApproved`), categories stream categories (`grant`), the district a
 * district id: it selects the district's own events and those of its bodies, goals, measures, grants and receipts.
 */
export interface IntegrationFilter {
  types?: readonly string[];
  categories?: readonly string[];
  districtId?: string;
}

/** Resolves an event's district (see StreamDistricts); null when the event belongs to no district. */
export type DistrictOfEvent = (event: RecordedEvent) => Promise<string | null>;

const MAX_FILTER_VALUES = 100;
const DISTRICT_ID = /^[A-Za-z0-9-]{1,100}$/;

@InputType('EventFilter', { description: 'Every given part must match; within a list any value matches' })
export class IntegrationFilterInput implements IntegrationFilter {
  @Field(() => [String], { nullable: true, description: 'CloudEvents types, e.g. stadtteil-ledger.GrantApproved' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  types?: string[];

  @Field(() => [String], { nullable: true, description: 'Stream categories: district, body, goal, measure, …' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  categories?: string[];

  @Field(() => String, { nullable: true, description: 'Events of this district and of everything that belongs to it' })
  @IsOptional()
  @Matches(DISTRICT_ID, { message: 'districtId must be a district id' })
  districtId?: string;
}

const unknownOf = (values: readonly string[], known: readonly string[]) => values.filter((v) => !known.includes(v));

/**
 * Checks a filter and returns it normalised (empty lists dropped). Refuses unknown types and categories, and a
 * district together with categories of which none belongs to a district (it could never match).
 */
export function validIntegrationFilter(input: IntegrationFilter | null | undefined): IntegrationFilter {
  const filter: IntegrationFilter = {};
  if (input?.types?.length) {
    const unknown = input.types.filter((type) => !EVENT_TYPES.includes(recordedEventType(type) ?? ''));
    if (unknown.length > 0) {
      throw badInput(`Unknown event types: ${unknown.join(', ')} (e.g. ${cloudEventType(EVENT_TYPES[0])})`, {
        field: 'types',
      });
    }
    filter.types = [...new Set(input.types)];
  }
  if (input?.categories?.length) {
    const unknown = unknownOf(input.categories, EVENT_CATEGORIES);
    if (unknown.length > 0) {
      throw badInput(`Unknown categories: ${unknown.join(', ')} (known: ${EVENT_CATEGORIES.join(', ')})`, {
        field: 'categories',
      });
    }
    filter.categories = [...new Set(input.categories)];
  }
  if (input?.districtId !== undefined && input.districtId !== null) {
    if (!DISTRICT_ID.test(input.districtId)) {
      throw badInput('districtId must be a district id', { field: 'districtId' });
    }
    if (filter.categories && !filter.categories.some((c) => DISTRICT_BOUND_CATEGORIES.includes(c))) {
      throw badInput(`Only ${DISTRICT_BOUND_CATEGORIES.join(', ')} events belong to a district`, {
        field: 'categories',
      });
    }
    filter.districtId = input.districtId;
  }
  return filter;
}

/**
 * A valid filter for this caller. One limited to some districts must name one of them: events of other districts,
 * and those of no district, are not theirs to follow.
 */
export function scopedIntegrationFilter(
  input: IntegrationFilter | null | undefined,
  caller: Pick<ScopedActor, 'districts'>,
): IntegrationFilter {
  const filter = validIntegrationFilter(input);
  if (caller.districts !== null && (filter.districtId === undefined || !caller.districts.includes(filter.districtId))) {
    throw new DomainError('FORBIDDEN', 'The filter must name one of the districts you may read (filter.districtId)', {
      field: 'filter.districtId',
    });
  }
  return filter;
}

/**
 * The part of a (valid) filter the event store applies while it reads: types and categories — never more than the
 * domain's categories, so the service's own records (API keys, webhook endpoints) stay out of the feed. A district
 * narrows the categories to those that belong to a district; the district itself is checked per event
 * (matchesDistrict).
 */
export function storeFilterOf(filter: IntegrationFilter): EventFilter {
  const storeFilter: EventFilter = {};
  if (filter.types) storeFilter.eventTypes = filter.types.map((type) => recordedEventType(type) ?? type);
  const categories = filter.categories ?? EVENT_CATEGORIES;
  storeFilter.streamCategories = filter.districtId ? categories.filter((c) => DISTRICT_BOUND_CATEGORIES.includes(c)) : categories;
  return storeFilter;
}

/** The district part of a filter, for an event the store filter already let through. */
export async function matchesDistrict(
  event: RecordedEvent,
  filter: IntegrationFilter,
  districtOf: DistrictOfEvent,
): Promise<boolean> {
  return filter.districtId === undefined || (await districtOf(event)) === filter.districtId;
}

/** The whole filter, for a caller that reads events without the store filter (e.g. a shared read for many). */
export async function matchesIntegrationFilter(
  event: RecordedEvent,
  filter: IntegrationFilter,
  districtOf: DistrictOfEvent,
): Promise<boolean> {
  return matchesFilter(event, storeFilterOf(filter)) && matchesDistrict(event, filter, districtOf);
}
