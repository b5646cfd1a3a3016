import { dateDe, listOf, listOfDe, words } from '../../core/audit-text';
import { defineEvents, shortId } from '../../core/event-registry';
import { measureCodeDecider, type MeasureCodeEvent } from './measure-code.decider';
import { measuresDecider, type MeasureStatus } from './measures.decider';
import type { EvaluationRating, MeasureEvent, MeasureProgressReported } from './measures.events';

const RATING_DE: Record<EvaluationRating, string> = {
  VERY_SUCCESSFUL: 'sehr erfolgreich',
  SUCCESSFUL: 'erfolgreich',
  PARTLY_SUCCESSFUL: 'teilweise erfolgreich',
  NOT_SUCCESSFUL: 'nicht erfolgreich',
};

const STATUS_DE: Record<Exclude<MeasureStatus, 'none'>, string> = {
  planned: 'geplant',
  approved: 'bewilligt',
  running: 'laufend',
  suspended: 'ausgesetzt',
  completed: 'abgeschlossen',
  cancelled: 'abgebrochen',
};

/** What a progress report says, in English or German. */
function progressParts(d: MeasureProgressReported['data'], de: boolean): string {
  const parts = [
    d.progressPercent === null ? null : `${d.previousProgressPercent}% → ${d.progressPercent}%`,
    d.milestone ? (de ? `Meilenstein „${d.milestone.title}“ erreicht` : `milestone "${d.milestone.title}" reached`) : null,
    d.outputs ? `${de ? 'Ergebnisse' : 'outputs'} ${(de ? listOfDe : listOf)(Object.keys(d.outputs))}` : null,
  ].filter((part): part is string => part !== null);
  return (de ? listOfDe : listOf)(parts);
}

/** The measure events in the event registry (src/core/event-registry.ts); the order is the catalogue's. */
export const MEASURE_EVENTS = defineEvents<MeasureEvent, Exclude<MeasureStatus, 'none'>>(measuresDecider, {
  MeasurePlanned: {
    businessDate: null,
    audit: {
      en: (d) =>
        `Measure ${d.code} "${d.title}" planned in ${d.actionFieldIds.length} action fields${d.integrated ? ' (integrated)' : ''}`,
      de: (d) =>
        `Maßnahme ${d.code} „${d.title}“ in ${d.actionFieldIds.length} Handlungsfeldern geplant${d.integrated ? ' (integriert)' : ''}`,
    },
    public: true,
    district: { from: 'field', field: 'districtId' },
    opensStream: true,
    statusAfter: 'planned',
  },
  MeasureApproved: {
    businessDate: 'approvedOn',
    audit: {
      en: (d, id) => `Measure ${id} approved on ${d.approvedOn}`,
      de: (d, id) => `Maßnahme ${id} am ${dateDe(d.approvedOn)} bewilligt`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'approved',
  },
  MeasureStarted: {
    businessDate: 'actualStartDate',
    audit: {
      en: (d, id) => `Measure ${id} started on ${d.actualStartDate}`,
      de: (d, id) => `Maßnahme ${id} am ${dateDe(d.actualStartDate)} begonnen`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'running',
  },
  MeasureProgressReported: {
    businessDate: 'reportedOn',
    audit: {
      en: (d, id) => `Measure ${id} progress of ${d.reportedOn}: ${progressParts(d, false)}`,
      de: (d, id) => `Fortschritt der Maßnahme ${id} vom ${dateDe(d.reportedOn)}: ${progressParts(d, true)}`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  MeasureSuspended: {
    businessDate: null,
    audit: {
      en: (d, id) => `Measure ${id} suspended: ${d.reason}`,
      de: (d, id) => `Maßnahme ${id} ausgesetzt: ${d.reason}`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'suspended',
  },
  MeasureResumed: {
    businessDate: null,
    audit: {
      en: (_d, id) => `Measure ${id} resumed`,
      de: (_d, id) => `Maßnahme ${id} fortgesetzt`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'running',
  },
  MeasureCompleted: {
    businessDate: 'actualEndDate',
    audit: {
      en: (d, id) => `Measure ${id} completed on ${d.actualEndDate}`,
      de: (d, id) => `Maßnahme ${id} am ${dateDe(d.actualEndDate)} abgeschlossen`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'completed',
  },
  MeasureCancelled: {
    businessDate: null,
    audit: {
      en: (d, id) => `Measure ${id} cancelled (was ${d.previousStatus}): ${d.reason}`,
      de: (d, id) =>
        `Maßnahme ${id} abgebrochen (zuvor ${STATUS_DE[d.previousStatus as keyof typeof STATUS_DE] ?? d.previousStatus}): ${d.reason}`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'cancelled',
  },
  MeasureEvaluated: {
    businessDate: 'evaluatedOn',
    audit: {
      en: (d, id) => `Measure ${id} evaluated on ${d.evaluatedOn}: ${words(d.rating)}`,
      de: (d, id) => `Maßnahme ${id} am ${dateDe(d.evaluatedOn)} bewertet: ${RATING_DE[d.rating] ?? d.rating}`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GrantLinkedToMeasure: {
    businessDate: null,
    audit: {
      en: (d, id) => `Grant ${shortId(d.grantId)} linked to measure ${id}`,
      de: (d, id) => `Zuwendung ${shortId(d.grantId)} mit Maßnahme ${id} verknüpft`,
    },
    public: true,
    district: { from: 'first-event' },
  },
});

/** Code reservations keep measure codes unique; a code stream belongs to no district. */
export const MEASURE_CODE_EVENTS = defineEvents<MeasureCodeEvent>(measureCodeDecider, {
  MeasureCodeReserved: {
    businessDate: null,
    audit: {
      en: (d) => `Measure code ${d.code} reserved for measure ${shortId(d.measureId)}`,
      de: (d) => `Maßnahmenkennung ${d.code} für Maßnahme ${shortId(d.measureId)} reserviert`,
    },
    public: true,
    district: { from: 'none' },
  },
  MeasureCodeReleased: {
    businessDate: null,
    audit: {
      en: (d) => `Measure code ${d.code} released by measure ${shortId(d.measureId)} (its plan was refused)`,
      de: (d) => `Maßnahmenkennung ${d.code} von Maßnahme ${shortId(d.measureId)} freigegeben (ihre Planung wurde abgelehnt)`,
    },
    public: true,
    district: { from: 'none' },
  },
});
