import { dateDe, listOf, listOfDe } from '../../core/audit-text';
import { defineEvents } from '../../core/event-registry';
import { districtsDecider, type DistrictState } from './districts.decider';
import type { DistrictEvent } from './districts.events';

/** The district events in the event registry (src/core/event-registry.ts); the order is the catalogue's. */
export const DISTRICT_EVENTS = defineEvents<DistrictEvent, Exclude<DistrictState['status'], 'unregistered'>>(districtsDecider, {
  DistrictRegistered: {
    businessDate: 'designation.date',
    audit: {
      en: (d) => `District "${d.name}" (${d.municipality}) registered under ${listOf(d.programmes)}`,
      de: (d) => `Stadtteil „${d.name}“ (${d.municipality}) registriert für ${listOfDe(d.programmes)}`,
    },
    public: true,
    district: { from: 'stream-id' },
    opensStream: true,
    statusAfter: 'registered',
  },
  DistrictProfileUpdated: {
    businessDate: null,
    audit: {
      en: (d, id) => `District ${id} profile updated: ${listOf(Object.keys(d.changes))}`,
      de: (d, id) => `Profil des Stadtteils ${id} geändert: ${listOfDe(Object.keys(d.changes))}`,
    },
    public: true,
    district: { from: 'stream-id' },
  },
  ConceptVersionAdopted: {
    businessDate: 'adoptedOn',
    audit: {
      en: (d) => `Concept version ${d.version} "${d.title}" adopted on ${d.adoptedOn} (decision ${d.decisionRef})`,
      de: (d) => `Konzeptfassung ${d.version} „${d.title}“ am ${dateDe(d.adoptedOn)} beschlossen (Beschluss ${d.decisionRef})`,
    },
    public: true,
    district: { from: 'stream-id' },
  },
  SwotAnalysisRecorded: {
    businessDate: 'conductedOn',
    audit: {
      en: (d) => `SWOT analysis ${d.analysisNumber} of ${d.conductedOn} recorded with ${d.items.length} items`,
      de: (d) => `Stärken-Schwächen-Analyse ${d.analysisNumber} vom ${dateDe(d.conductedOn)} mit ${d.items.length} Punkten erfasst`,
    },
    public: true,
    district: { from: 'stream-id' },
  },
  ActionFieldPlanRecorded: {
    businessDate: null,
    audit: {
      en: (d) => `Plan for action field ${d.actionFieldId} recorded (revision ${d.revision})`,
      de: (d) => `Planung für Handlungsfeld ${d.actionFieldId} erfasst (Überarbeitung ${d.revision})`,
    },
    public: true,
    district: { from: 'stream-id' },
  },
  ContextIndicatorValueRecorded: {
    businessDate: 'referenceDate',
    audit: {
      en: (d) => `Context indicator ${d.indicatorKey} as of ${d.referenceDate}: ${d.value} ${d.unit}`,
      de: (d) => `Kontextindikator ${d.indicatorKey} zum ${dateDe(d.referenceDate)}: ${d.value} ${d.unit}`,
    },
    public: true,
    district: { from: 'stream-id' },
  },
  ContextIndicatorValueCorrected: {
    businessDate: 'referenceDate',
    audit: {
      en: (d) => `Context indicator ${d.indicatorKey} as of ${d.referenceDate} corrected: ${d.previousValue} → ${d.value}`,
      de: (d) => `Kontextindikator ${d.indicatorKey} zum ${dateDe(d.referenceDate)} berichtigt: ${d.previousValue} → ${d.value}`,
    },
    public: true,
    district: { from: 'stream-id' },
  },
  DistrictProgrammeClosed: {
    businessDate: 'closedOn',
    audit: {
      en: (d) => `District programme closed on ${d.closedOn}: ${d.reason}`,
      de: (d) => `Förderung des Stadtteils am ${dateDe(d.closedOn)} beendet: ${d.reason}`,
    },
    public: true,
    district: { from: 'stream-id' },
    statusAfter: 'closed',
  },
});
