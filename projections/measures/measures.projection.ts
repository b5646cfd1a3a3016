import type { RecordedEvent } from '../../src/core/envelope';
import type { MeasureStatus } from '../../src/measures/domain/measures.decider';
import {
  MEASURE_EVENT_TYPES,
  type MeasureEvaluation,
  type MeasureEvent,
  type MeasurePlan,
  type Milestone,
  OUTPUT_COUNTS,
} from '../../src/measures/domain/measures.events';
import type { DocWrite, Projection } from '../runner/projection';

export const MEASURES_COLLECTION = 'measures';
/**
 * One document per (measure, action field), carrying the fields a list filters and sorts by: the read store
 * filters on scalar fields only, so "measures of an action field" is a query on this collection.
 */
export const MEASURE_ACTION_FIELDS_COLLECTION = 'measure_action_fields';

export type MeasureOutputCounts = Record<(typeof OUTPUT_COUNTS)[number], number | null>;

export type MeasureDoc = MeasurePlan & {
  id: string;
  status: Exclude<MeasureStatus, 'none'>;
  plannedBy: string;
  plannedAt: string;
  approvedOn: string | null;
  approvedBy: string | null;
  actualStartDate: string | null;
  actualEndDate: string | null;
  progressPercent: number;
  /** Date of the latest progress report. */
  lastReportedOn: string | null;
  milestones: Milestone[];
  outputs: MeasureOutputCounts;
  grantIds: string[];
  /** Grants that confirmed the start (approved, or early start permitted). */
  startConfirmedByGrantIds: string[];
  suspensionReason: string | null;
  cancellationReason: string | null;
  evaluation: MeasureEvaluation | null;
  updatedAt: string;
  /** Stream version of the last applied event. */
  version: number;
  [key: string]: unknown;
};

export type MeasureActionFieldDoc = {
  id: string;
  measureId: string;
  actionFieldId: string;
  districtId: string;
  status: MeasureDoc['status'];
  code: string;
  [key: string]: unknown;
};

const asEvent = (event: RecordedEvent) => event as unknown as MeasureEvent & RecordedEvent;

const noOutputs = (): MeasureOutputCounts =>
  Object.fromEntries(OUTPUT_COUNTS.map((count) => [count, null])) as MeasureOutputCounts;

/** The measure document plus, when its status may have changed, its action-field entries. */
function writes(doc: MeasureDoc, statusChanged: boolean): DocWrite[] {
  const entries: DocWrite[] = statusChanged
    ? doc.actionFieldIds.map((actionFieldId) => ({
        collection: MEASURE_ACTION_FIELDS_COLLECTION,
        doc: {
          id: `${doc.id}/${actionFieldId}`,
          measureId: doc.id,
          actionFieldId,
          districtId: doc.districtId,
          status: doc.status,
          code: doc.code,
        } satisfies MeasureActionFieldDoc,
      }))
    : [];
  return [{ collection: MEASURES_COLLECTION, doc }, ...entries];
}

export const measuresProjection: Projection = {
  name: 'measures',
  version: 1,
  eventTypes: MEASURE_EVENT_TYPES,
  collections: [
    {
      name: MEASURES_COLLECTION,
      indexes: [['code'], ['districtId', 'code'], ['status', 'code'], ['districtId', 'status', 'code']],
    },
    {
      name: MEASURE_ACTION_FIELDS_COLLECTION,
      indexes: [
        ['actionFieldId', 'code'],
        ['actionFieldId', 'districtId', 'code'],
        ['actionFieldId', 'status', 'code'],
      ],
    },
  ],

  documentsFor: (event) => [{ collection: MEASURES_COLLECTION, id: asEvent(event).data.measureId }],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const at = recorded.metadata.recordedAt;
    if (event.type === 'MeasurePlanned') {
      const { measureId, ...plan } = event.data;
      const doc: MeasureDoc = {
        ...plan,
        id: measureId,
        status: 'planned',
        plannedBy: recorded.metadata.actorId,
        plannedAt: at,
        approvedOn: null,
        approvedBy: null,
        actualStartDate: null,
        actualEndDate: null,
        progressPercent: 0,
        lastReportedOn: null,
        milestones: [],
        outputs: noOutputs(),
        grantIds: [],
        startConfirmedByGrantIds: [],
        suspensionReason: null,
        cancellationReason: null,
        evaluation: null,
        updatedAt: at,
        version: recorded.streamVersion,
      };
      return writes(doc, true);
    }

    const current = docs.get<MeasureDoc>(MEASURES_COLLECTION, event.data.measureId);
    if (!current) return [];
    const base = { ...current, updatedAt: at, version: recorded.streamVersion };
    switch (event.type) {
      case 'MeasureApproved':
        return writes(
          { ...base, status: 'approved', approvedOn: event.data.approvedOn, approvedBy: recorded.metadata.actorId },
          true,
        );
      case 'MeasureStarted':
        return writes(
          {
            ...base,
            status: 'running',
            actualStartDate: event.data.actualStartDate,
            startConfirmedByGrantIds: event.data.grantIds,
          },
          true,
        );
      case 'MeasureProgressReported': {
        const { progressPercent, milestone, outputs, reportedOn } = event.data;
        return writes(
          {
            ...base,
            progressPercent: progressPercent ?? current.progressPercent,
            lastReportedOn: reportedOn,
            milestones: milestone ? [...current.milestones, milestone] : current.milestones,
            outputs: { ...current.outputs, ...outputs },
          },
          false,
        );
      }
      case 'MeasureSuspended':
        return writes({ ...base, status: 'suspended', suspensionReason: event.data.reason }, true);
      case 'MeasureResumed':
        return writes({ ...base, status: 'running', suspensionReason: null }, true);
      case 'MeasureCompleted':
        return writes({ ...base, status: 'completed', actualEndDate: event.data.actualEndDate }, true);
      case 'MeasureCancelled':
        return writes({ ...base, status: 'cancelled', cancellationReason: event.data.reason }, true);
      case 'MeasureEvaluated': {
        const { measureId: _id, ...evaluation } = event.data;
        return writes({ ...base, evaluation }, false);
      }
      case 'GrantLinkedToMeasure':
        return writes({ ...base, grantIds: [...current.grantIds, event.data.grantId] }, false);
    }
  },
};
