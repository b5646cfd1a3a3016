import type { RecordedEvent } from '../../src/core/envelope';
import type { MeasureStatus } from '../../src/measures/domain/measures.decider';
import type { MeasureEvent } from '../../src/measures/domain/measures.events';
import type { Projection } from '../runner/projection';

/** One row per measure: which action fields it serves. The columns (action fields) come from the catalogue. */
export const MATRIX_MEASURES_COLLECTION = 'action_field_matrix_measures';

export type MatrixMeasureDoc = {
  id: string;
  districtId: string;
  code: string;
  title: string;
  status: Exclude<MeasureStatus, 'none'>;
  actionFieldIds: string[];
  /** Serves two or more action fields. */
  integrated: boolean;
  [key: string]: unknown;
};

const STATUS_OF = {
  MeasureApproved: 'approved',
  MeasureStarted: 'running',
  MeasureResumed: 'running',
  MeasureSuspended: 'suspended',
  MeasureCompleted: 'completed',
  MeasureCancelled: 'cancelled',
} as const satisfies Partial<Record<MeasureEvent['type'], MatrixMeasureDoc['status']>>;

type StatusEvent = keyof typeof STATUS_OF;
type Handled = Extract<MeasureEvent, { type: 'MeasurePlanned' | StatusEvent }>;
const asEvent = (event: RecordedEvent) => event as unknown as Handled & RecordedEvent;

export const actionFieldMatrixProjection: Projection = {
  name: 'action-field-matrix',
  version: 1,
  eventTypes: ['MeasurePlanned', ...(Object.keys(STATUS_OF) as StatusEvent[])],
  collections: [{ name: MATRIX_MEASURES_COLLECTION, indexes: [['districtId', 'code']] }],

  documentsFor: (event) => [{ collection: MATRIX_MEASURES_COLLECTION, id: asEvent(event).data.measureId }],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    if (event.type === 'MeasurePlanned') {
      const { measureId, districtId, code, title, actionFieldIds } = event.data;
      const doc: MatrixMeasureDoc = {
        id: measureId,
        districtId,
        code,
        title,
        status: 'planned',
        actionFieldIds,
        integrated: actionFieldIds.length >= 2,
      };
      return [{ collection: MATRIX_MEASURES_COLLECTION, doc }];
    }
    const current = docs.get<MatrixMeasureDoc>(MATRIX_MEASURES_COLLECTION, event.data.measureId);
    if (!current) return [];
    return [{ collection: MATRIX_MEASURES_COLLECTION, doc: { ...current, status: STATUS_OF[event.type] } }];
  },
};
