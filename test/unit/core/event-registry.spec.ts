import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { defineEvents, EffectiveDateSource, EventRegistry } from '../../../src/core/event-registry';
import { formatEurosDe } from '../../../src/core/money';
import { bodiesDecider } from '../../../src/bodies/domain/bodies.decider';
import type { BodyEvent } from '../../../src/bodies/domain/bodies.events';
import { BODY_EVENTS } from '../../../src/bodies/domain/bodies.registry';
import {
  DISTRICT_BOUND_CATEGORIES,
  DISTRICT_SCOPED_CATEGORIES,
  EVENT_CATEGORIES,
  EVENT_REGISTRY,
  EVENT_TYPES,
} from '../../../src/event-registry';
import { testMetadata } from '../../support/events';

const SRC = join(__dirname, '..', '..', '..', 'src');

/** Every decider exported from a `domain` folder under src, with the `*_EVENT_TYPES` lists of the same folders. */
async function domainExports(): Promise<{ lists: Map<string, readonly string[]>; categories: Set<string> }> {
  const lists = new Map<string, readonly string[]>();
  const categories = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (basename(dir) === 'domain' && entry.name.endsWith('.ts')) {
        for (const [name, value] of Object.entries((await import(path)) as Record<string, unknown>)) {
          if (name.endsWith('_EVENT_TYPES') && Array.isArray(value)) lists.set(`${relative(SRC, path)}:${name}`, value);
          const decider = value as { decide?: unknown; category?: unknown } | null;
          if (typeof decider?.decide === 'function' && typeof decider.category === 'string') categories.add(decider.category);
        }
      }
    }
  };
  await visit(SRC);
  return { lists, categories };
}

describe('event registry', () => {
  it('has exactly one entry for every event type a decider records, and nothing else', async () => {
    const { lists, categories } = await domainExports();
    const recorded = [...lists.values()].flat();
    expect(recorded.length).toBeGreaterThanOrEqual(60);
    expect([...EVENT_REGISTRY.types].sort()).toEqual([...new Set(recorded)].sort());
    expect(new Set(EVENT_REGISTRY.types).size).toBe(EVENT_REGISTRY.types.length);
    // Every decider's category is registered, and no entry names a category no decider has.
    expect(new Set(EVENT_REGISTRY.events.map((e) => e.category))).toEqual(categories);
  });

  it('refuses the same event type registered by two contexts', () => {
    const twice = defineEvents<BodyEvent, string>({ category: 'other', schemaVersion: 1 }, {
      BodyEstablished: { ...BODY_EVENTS[0], district: { from: 'none' } },
      MeetingRecorded: { ...BODY_EVENTS[1], district: { from: 'none' } },
      BodyDissolved: { ...BODY_EVENTS[2], district: { from: 'none' } },
    });
    expect(() => new EventRegistry([BODY_EVENTS, twice])).toThrow('Event type BodyEstablished is registered twice');
  });

  it('refuses events of one category that find their district in different ways', () => {
    const mixed = defineEvents<BodyEvent, string>(bodiesDecider, {
      BodyEstablished: { ...BODY_EVENTS[0], district: { from: 'field', field: 'districtId' } },
      MeetingRecorded: { ...BODY_EVENTS[1], district: { from: 'none' } },
      BodyDissolved: { ...BODY_EVENTS[2], district: { from: 'first-event' } },
    });
    expect(() => new EventRegistry([mixed])).toThrow('Events of category body find their district in different ways');
  });

  it('takes category and schema version from the decider', () => {
    expect(EVENT_REGISTRY.get('MeetingRecorded')).toMatchObject({ category: 'body', schemaVersion: bodiesDecider.schemaVersion });
    expect(EVENT_REGISTRY.get('ReceiptShareReserved')?.category).toBe('receipt');
    expect(EVENT_REGISTRY.get('ActionFieldAdded')?.category).toBe('catalogue');
    expect(EVENT_REGISTRY.get('FundingProgrammeAdded')?.category).toBe('catalogue');
  });

  it('names a business-date field that the event data type declares (checked by the compiler)', () => {
    defineEvents<BodyEvent, string>(bodiesDecider, {
      // @ts-expect-error a field BodyEstablished does not have cannot be its business date
      BodyEstablished: { ...BODY_EVENTS[0], district: { from: 'none' }, businessDate: 'foundedOn' },
      MeetingRecorded: { ...BODY_EVENTS[1], district: { from: 'none' } },
      BodyDissolved: { ...BODY_EVENTS[2], district: { from: 'none' } },
    });
    expect(EVENT_REGISTRY.get('DistrictRegistered')?.businessDate).toBe('designation.date');
  });

  it('shows integrators the domain events only, never the service\'s own records', () => {
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(['GrantApproved', 'MeasureCodeReserved', 'ReceiptShareReleased']));
    expect(EVENT_TYPES.filter((t) => t.startsWith('ApiKey') || t.startsWith('Webhook'))).toEqual([]);
    expect(EVENT_CATEGORIES).toEqual(['district', 'body', 'goal', 'measure', 'measurecode', 'grant', 'receipt', 'catalogue']);
  });

  it('resolves districts by category as the entries say', () => {
    expect([...DISTRICT_SCOPED_CATEGORIES]).toEqual(['body', 'goal', 'measure', 'grant']);
    expect(DISTRICT_BOUND_CATEGORIES).toEqual(['district', 'body', 'goal', 'measure', 'grant', 'receipt']);
    expect(EVENT_REGISTRY.districtOfCategory('receipt')).toEqual({ from: 'follows', category: 'grant', idField: 'grantId' });
    expect(EVENT_REGISTRY.districtOfCategory('webhook')).toEqual({ from: 'none' });
    expect(EVENT_REGISTRY.districtOfCategory('unknown')).toEqual({ from: 'none' });
  });

  it('describes every event in English and German', () => {
    const disbursed = { grantId: 'g', disbursementId: 'd', amount: 1_500_00, paidOn: '2025-02-28', neededBy: '2025-03-01' };
    const event = { type: 'GrantFundsDisbursed', data: disbursed };
    const grantId = '0b7e1c3e-0000-4000-8000-000000000001';
    expect(EVENT_REGISTRY.summaryOf(event, grantId, 'en')).toBe('Grant 0b7e…: 1,500.00 € disbursed on 2025-02-28');
    expect(EVENT_REGISTRY.summaryOf(event, grantId, 'de')).toBe('Zuwendung 0b7e…: 1.500,00 € am 28.02.2025 ausgezahlt');
    expect(EVENT_REGISTRY.summaryOf({ type: 'Unknown', data: {} }, grantId, 'de')).toBeNull();
    for (const { type, audit } of EVENT_REGISTRY.events) {
      expect([type, typeof audit.en, typeof audit.de]).toEqual([type, 'function', 'function']);
    }
  });

  it('formats euro amounts for German readers', () => {
    expect(formatEurosDe(8_000_000_00)).toBe('8.000.000,00 €');
    expect(formatEurosDe(-5)).toBe('-0,05 €');
  });

  it('dates an event by the command, else its business date, else the day it was recorded', () => {
    const recordedAt = '2026-03-01T10:00:00.000Z';
    const paid = { type: 'GrantFundsDisbursed', data: { paidOn: '2025-02-28' } };
    expect(EVENT_REGISTRY.effectiveDateOf({ ...paid, metadata: testMetadata({ recordedAt }) })).toEqual({
      date: '2025-02-28',
      source: EffectiveDateSource.BUSINESS_DATE,
    });
    expect(EVENT_REGISTRY.effectiveDateOf({ ...paid, metadata: testMetadata({ recordedAt, effectiveAt: '2025-01-02' }) })).toEqual({
      date: '2025-01-02',
      source: EffectiveDateSource.OPTION,
    });
    expect(EVENT_REGISTRY.effectiveDateOf({ type: 'GrantClosed', data: {}, metadata: testMetadata({ recordedAt }) })).toEqual({
      date: '2026-03-01',
      source: EffectiveDateSource.RECORDED,
    });
  });
});
