import { dateDe, listOf, listOfDe, words } from '../../core/audit-text';
import { defineEvents } from '../../core/event-registry';
import { goalsDecider, type GoalState } from './goals.decider';
import type { Assessment, GoalEvent } from './goals.events';

const ASSESSMENT_DE: Record<Assessment, string> = {
  ON_TRACK: 'im Plan',
  AT_RISK: 'gefährdet',
  OFF_TRACK: 'nicht im Plan',
  ACHIEVED: 'erreicht',
  NOT_ACHIEVED: 'nicht erreicht',
};

/** The goal events in the event registry (src/core/event-registry.ts); the order is the catalogue's. */
export const GOAL_EVENTS = defineEvents<GoalEvent, Exclude<GoalState['status'], 'none'>>(goalsDecider, {
  GoalDefined: {
    businessDate: null,
    audit: {
      en: (d) => `Goal "${d.title}" defined with ${d.indicators.length} indicators`,
      de: (d) => `Ziel „${d.title}“ mit ${d.indicators.length} Indikatoren festgelegt`,
    },
    public: true,
    district: { from: 'field', field: 'districtId' },
    opensStream: true,
    statusAfter: 'active',
  },
  GoalRevised: {
    businessDate: null,
    audit: {
      en: (d, id) => `Goal ${id} revised: ${listOf(Object.keys(d.changes))}`,
      de: (d, id) => `Ziel ${id} überarbeitet: ${listOfDe(Object.keys(d.changes))}`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GoalIndicatorAdded: {
    businessDate: null,
    audit: {
      en: (d, id) => `Indicator ${d.indicator.code} "${d.indicator.name}" added to goal ${id}`,
      de: (d, id) => `Indikator ${d.indicator.code} „${d.indicator.name}“ zu Ziel ${id} hinzugefügt`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GoalIndicatorRetired: {
    businessDate: null,
    audit: {
      en: (d, id) => `Indicator ${d.indicatorId} of goal ${id} retired`,
      de: (d, id) => `Indikator ${d.indicatorId} von Ziel ${id} stillgelegt`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GoalReviewRecorded: {
    businessDate: 'reviewedOn',
    audit: {
      en: (d, id) =>
        `Review of ${d.reviewedOn} for goal ${id}: ${words(d.assessment)} (${d.measurements.length} measurements)`,
      de: (d, id) =>
        `Zielerreichungskontrolle vom ${dateDe(d.reviewedOn)} für Ziel ${id}: ${ASSESSMENT_DE[d.assessment] ?? d.assessment} (${d.measurements.length} Messwerte)`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GoalMarkedAchieved: {
    businessDate: null,
    audit: {
      en: (d, id) => `Goal ${id} marked achieved (review ${d.reviewId})`,
      de: (d, id) => `Ziel ${id} als erreicht markiert (Kontrolle ${d.reviewId})`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'achieved',
  },
  GoalAbandoned: {
    businessDate: null,
    audit: {
      en: (_d, id) => `Goal ${id} abandoned`,
      de: (_d, id) => `Ziel ${id} aufgegeben`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'abandoned',
  },
});
