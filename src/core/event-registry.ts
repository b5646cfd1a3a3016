import type { JsonValue, RecordedEvent } from './envelope';
import type { DomainEvent } from './decider';

/**
 * The event registry: each context describes each of its events once (in its domain folder, with defineEvents) and
 * src/event-registry.ts assembles them. The feed, the audit trail, the exports, the event catalogue and district
 * resolution read it, so adding an event touches its context, its registry entry and the projections that care.
 */

/** Bounds the recursion of DatePath: event data nest two levels deep at most (e.g. a designation resolution). */
type Depth = [never, 0, 1, 2];

/**
 * The dotted paths to the text fields of an event's data, through nested objects (not arrays). A business-date
 * field is checked against it, so renaming or removing a date field fails to compile.
 */
export type DatePath<T, D extends number = 3> = [D] extends [never]
  ? never
  : {
      [K in keyof T & string]-?: NonNullable<T[K]> extends string
        ? K
        : NonNullable<T[K]> extends readonly unknown[]
          ? never
          : NonNullable<T[K]> extends object
            ? `${K}.${DatePath<NonNullable<T[K]>, Depth[D]>}`
            : never;
    }[keyof T & string];

/**
 * How an event's district is found:
 * - `stream-id`: the event is in a district's own stream; the id part of the stream is the district.
 * - `field`: the event names it in `field` (the creation event of a district-scoped stream).
 * - `first-event`: the stream's first (creation) event names it; later events of the stream do not.
 * - `follows`: it is the district of another stream, `<category>-<data[idField]>` (a receipt share: its grant's).
 * - `none`: the event belongs to no district (catalogues, reservations, the service's own records).
 */
export type DistrictRule<TData = Record<string, unknown>> =
  | { readonly from: 'stream-id' }
  | { readonly from: 'field'; readonly field: keyof TData & string }
  | { readonly from: 'first-event' }
  | { readonly from: 'follows'; readonly category: string; readonly idField: keyof TData & string }
  | { readonly from: 'none' };

/** A one-line audit-trail summary of an event; `id` is the short form of its stream's entity id (shortId). */
export type AuditText<TData> = (data: TData, id: string) => string;

/** What the registry says about one event type; its type and stream category come from the context's decider. */
export interface EventDescription<E extends DomainEvent = DomainEvent, TStatus extends string = string> {
  /**
   * The data field that holds the event's business date (a dotted path for nested data), or null when it has none
   * (it took effect when it was recorded, unless the command said otherwise). Planned dates and deadlines are not.
   */
  readonly businessDate: DatePath<E['data']> | null;
  /** The audit trail's one-line summary, in English and German. */
  readonly audit: { readonly en: AuditText<E['data']>; readonly de: AuditText<E['data']> };
  /** Whether integrators receive it (feed, subscriptions, webhooks, event catalogue). */
  readonly public: boolean;
  readonly district: DistrictRule<E['data']>;
  /** True for the event that opens its stream (creates the entity). */
  readonly opensStream?: true;
  /** The status the event leaves its entity in, as the decider's evolve sets it; absent when it keeps the status. */
  readonly statusAfter?: TStatus;
}

/** Every event type of a context's union must be described: a missing one is a compile error. */
export type EventDescriptions<E extends DomainEvent, TStatus extends string = never> = {
  readonly [T in E['type']]: EventDescription<Extract<E, { type: T }>, TStatus>;
};

/** A registered event type with what its decider says about all its events. */
export interface RegisteredEvent extends EventDescription {
  readonly type: string;
  /** Stream category (`grant`, …): streams are named `<category>-<id>`. */
  readonly category: string;
  /** metadata.schemaVersion of the events the decider records now. */
  readonly schemaVersion: number;
}

/** One context's (one decider's) registered events, in the order they are listed. */
export type ContextEvents = readonly RegisteredEvent[];

/** Describes the events of one decider; `stream` is the decider itself (its category and schema version). */
export function defineEvents<E extends DomainEvent, TStatus extends string = never>(
  stream: { readonly category: string; readonly schemaVersion: number },
  descriptions: EventDescriptions<E, TStatus>,
): ContextEvents {
  return Object.entries(descriptions as unknown as Record<string, EventDescription>).map(([type, description]) => ({
    type,
    category: stream.category,
    schemaVersion: stream.schemaVersion,
    ...description,
  }));
}

/** Where an entry's effective date comes from, in order of precedence. */
export enum EffectiveDateSource {
  /** `options.effectiveAt` of the command (metadata.effectiveAt). */
  OPTION = 'OPTION',
  /** The event's own business date (paid on, approved on, held on, …). */
  BUSINESS_DATE = 'BUSINESS_DATE',
  /** Neither was there: the day the event was recorded (UTC). */
  RECORDED = 'RECORDED',
}

/** How the events of a whole stream category find their district (a category's entries must agree). */
export type CategoryDistrict =
  | { readonly from: 'stream-id' }
  | { readonly from: 'first-event'; readonly field: string }
  | { readonly from: 'follows'; readonly category: string; readonly idField: string }
  | { readonly from: 'none' };

const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

function valueAt(data: JsonValue, path: string): JsonValue | undefined {
  let value: JsonValue | undefined = data;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** The first characters of an id, enough to tell entries apart in a summary. */
export const shortId = (id: string): string => (id.length > 8 ? `${id.slice(0, 4)}…` : id);

/** `GrantFundsDisbursed` → `grant funds disbursed`: the action as a verb phrase. */
export function actionPhrase(eventType: string): string {
  return eventType
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/** The lookups every reader of the registry needs, over the assembled contexts. */
export class EventRegistry {
  private readonly byType = new Map<string, RegisteredEvent>();
  private readonly districtByCategory = new Map<string, CategoryDistrict>();
  /** Every registered event, in the order the contexts list them. */
  readonly events: readonly RegisteredEvent[];

  constructor(contexts: readonly ContextEvents[]) {
    this.events = contexts.flat();
    for (const event of this.events) {
      if (this.byType.has(event.type)) throw new Error(`Event type ${event.type} is registered twice`);
      this.byType.set(event.type, event);
    }
    for (const category of new Set(this.events.map((e) => e.category))) {
      this.districtByCategory.set(category, this.categoryDistrict(category));
    }
  }

  /** One rule per category: the creation event names the district and later events follow it, and so on. */
  private categoryDistrict(category: string): CategoryDistrict {
    const rules = this.events.filter((e) => e.category === category).map((e) => e.district);
    const kinds = new Set(rules.map((rule) => (rule.from === 'field' ? 'first-event' : rule.from)));
    if (kinds.size !== 1) throw new Error(`Events of category ${category} find their district in different ways`);
    const [rule] = rules;
    if (rule.from === 'stream-id' || rule.from === 'none') return rule;
    if (rule.from === 'follows') return rule;
    const named = rules.filter((r): r is { from: 'field'; field: string } => r.from === 'field');
    if (named.length === 0) throw new Error(`No event of category ${category} names its district`);
    return { from: 'first-event', field: named[0].field };
  }

  get(type: string): RegisteredEvent | undefined {
    return this.byType.get(type);
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  /** Every registered event type. */
  get types(): readonly string[] {
    return this.events.map((e) => e.type);
  }

  /** The events integrators receive. */
  get publicEvents(): readonly RegisteredEvent[] {
    return this.events.filter((e) => e.public);
  }

  /** Stream category → the public event types recorded in it, in registry order. */
  get publicTypesByCategory(): ReadonlyMap<string, readonly string[]> {
    const byCategory = new Map<string, string[]>();
    for (const { category, type } of this.publicEvents) byCategory.set(category, [...(byCategory.get(category) ?? []), type]);
    return byCategory;
  }

  /** How the events of a stream category find their district; `none` for an unknown category. */
  districtOfCategory(category: string): CategoryDistrict {
    return this.districtByCategory.get(category) ?? { from: 'none' };
  }

  /** The event's business date (YYYY-MM-DD), or null when it has none or its data lack it (an older shape). */
  businessDateOf(event: Pick<RecordedEvent, 'type' | 'data'>): string | null {
    const path = this.byType.get(event.type)?.businessDate;
    if (!path) return null;
    const value = valueAt(event.data, path);
    return typeof value === 'string' && ISO_DATE_PREFIX.test(value) ? value.slice(0, 10) : null;
  }

  /**
   * The date (YYYY-MM-DD) the event took effect in the business sense, for "what was in force on D": the command's
   * effectiveAt, else the event's own business date, else the day it was recorded.
   */
  effectiveDateOf(event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): { date: string; source: EffectiveDateSource } {
    const { effectiveAt, recordedAt } = event.metadata;
    if (effectiveAt) return { date: effectiveAt.slice(0, 10), source: EffectiveDateSource.OPTION };
    const businessDate = this.businessDateOf(event);
    if (businessDate) return { date: businessDate, source: EffectiveDateSource.BUSINESS_DATE };
    return { date: recordedAt.slice(0, 10), source: EffectiveDateSource.RECORDED };
  }

  /** The audit summary in the language asked for; null for an unregistered type. Throws on data of another shape. */
  summaryOf(event: Pick<RecordedEvent, 'type' | 'data'>, entityId: string, language: 'en' | 'de'): string | null {
    const description = this.byType.get(event.type);
    return description ? description.audit[language](event.data, shortId(entityId)) : null;
  }

  /** The status the event leaves its entity in; null when it does not change the status. */
  statusAfter(type: string): string | null {
    return this.byType.get(type)?.statusAfter ?? null;
  }

  opensStream(type: string): boolean {
    return this.byType.get(type)?.opensStream === true;
  }
}
