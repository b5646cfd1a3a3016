import { dateDe, words } from '../../core/audit-text';
import { defineEvents } from '../../core/event-registry';
import { bodiesDecider, type BodyState } from './bodies.decider';
import type { BodyEvent, BodyKind } from './bodies.events';

const KIND_DE: Record<BodyKind, string> = {
  RESIDENT_FORUM: 'Bewohnerforum',
  WORKING_GROUP: 'Arbeitsgruppe',
  STEERING_ROUND: 'Steuerungsrunde',
  LOCAL_FUND_JURY: 'Jury des Verfügungsfonds',
  PROJECT_SPONSOR: 'Projektträger',
  OTHER: 'sonstige',
};

/** The body events in the event registry (src/core/event-registry.ts); the order is the catalogue's. */
export const BODY_EVENTS = defineEvents<BodyEvent, Exclude<BodyState['status'], 'none'>>(bodiesDecider, {
  BodyEstablished: {
    businessDate: 'establishedOn',
    audit: {
      en: (d) => `Body "${d.name}" (${words(d.kind)}) established on ${d.establishedOn}`,
      de: (d) => `Gremium „${d.name}“ (${KIND_DE[d.kind] ?? d.kind}) am ${dateDe(d.establishedOn)} eingerichtet`,
    },
    public: true,
    district: { from: 'field', field: 'districtId' },
    opensStream: true,
    statusAfter: 'established',
  },
  MeetingRecorded: {
    businessDate: 'heldOn',
    audit: {
      en: (d) => `Meeting ${d.meetingId} of ${d.heldOn} recorded: ${d.attendance} attending, ${d.decisions.length} decisions`,
      de: (d) => `Sitzung ${d.meetingId} vom ${dateDe(d.heldOn)} erfasst: ${d.attendance} Anwesende, ${d.decisions.length} Beschlüsse`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  BodyDissolved: {
    businessDate: 'dissolvedOn',
    audit: {
      en: (d, id) => `Body ${id} dissolved on ${d.dissolvedOn}: ${d.reason}`,
      de: (d, id) => `Gremium ${id} am ${dateDe(d.dissolvedOn)} aufgelöst: ${d.reason}`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'dissolved',
  },
});
