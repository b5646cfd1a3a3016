import type { RecordedEvent } from '../../src/core/envelope';
import type {
  BodyEvent,
  BodyKind,
  ConflictOfInterestDeclaration,
  Decision,
} from '../../src/bodies/domain/bodies.events';
import { BODY_EVENT_TYPES } from '../../src/bodies/domain/bodies.events';
import type { DocRef, DocWrite, Projection } from '../runner/projection';

export const BODIES_COLLECTION = 'bodies';
export const BODY_MEETINGS_COLLECTION = 'body_meetings';
export const BODY_DECISIONS_COLLECTION = 'body_decisions';

export type BodyDoc = {
  id: string;
  districtId: string;
  kind: BodyKind;
  name: string;
  description: string | null;
  establishedOn: string;
  status: 'established' | 'dissolved';
  dissolvedOn: string | null;
  dissolutionReason: string | null;
  meetingCount: number;
  decisionCount: number;
  lastMeetingOn: string | null;
  establishedAt: string;
  updatedAt: string;
  /** Stream version of the last applied event. */
  version: number;
  [key: string]: unknown;
};

/** Id `<bodyId>/<meetingId>`. */
export type BodyMeetingDoc = {
  id: string;
  bodyId: string;
  districtId: string;
  meetingId: string;
  heldOn: string;
  attendance: number;
  agendaItems: string[];
  decisions: Decision[];
  conflictsOfInterest: ConflictOfInterestDeclaration[];
  recordedAt: string;
  [key: string]: unknown;
};

/** Id `<bodyId>/<decisionId>`: the citation itself. */
export type BodyDecisionDoc = Decision & {
  id: string;
  bodyId: string;
  districtId: string;
  meetingId: string;
  heldOn: string;
  recordedAt: string;
  [key: string]: unknown;
};

const asEvent = (event: RecordedEvent) => event as unknown as BodyEvent & RecordedEvent;

export const meetingDocId = (bodyId: string, meetingId: string) => `${bodyId}/${meetingId}`;
export const decisionDocId = (bodyId: string, decisionId: string) => `${bodyId}/${decisionId}`;

export const bodiesProjection: Projection = {
  name: 'bodies',
  version: 1,
  eventTypes: BODY_EVENT_TYPES,
  collections: [
    { name: BODIES_COLLECTION, indexes: [['districtId', 'name']] },
    { name: BODY_MEETINGS_COLLECTION, indexes: [['bodyId', 'heldOn']] },
    { name: BODY_DECISIONS_COLLECTION, indexes: [['bodyId', 'heldOn']] },
  ],

  // The meeting and decision documents are listed too, so the runner's idempotency guard covers them.
  documentsFor(recorded): DocRef[] {
    const event = asEvent(recorded);
    const body = { collection: BODIES_COLLECTION, id: event.data.bodyId };
    if (event.type !== 'MeetingRecorded') return [body];
    const { bodyId, meetingId, decisions } = event.data;
    return [
      body,
      { collection: BODY_MEETINGS_COLLECTION, id: meetingDocId(bodyId, meetingId) },
      ...decisions.map((d) => ({ collection: BODY_DECISIONS_COLLECTION, id: decisionDocId(bodyId, d.decisionId) })),
    ];
  },

  apply(recorded, docs): DocWrite[] {
    const event = asEvent(recorded);
    const at = recorded.metadata.recordedAt;
    const touched = { updatedAt: at, version: recorded.streamVersion };
    if (event.type === 'BodyEstablished') {
      const { bodyId, ...established } = event.data;
      const doc: BodyDoc = {
        ...established,
        id: bodyId,
        status: 'established',
        dissolvedOn: null,
        dissolutionReason: null,
        meetingCount: 0,
        decisionCount: 0,
        lastMeetingOn: null,
        establishedAt: at,
        ...touched,
      };
      return [{ collection: BODIES_COLLECTION, doc }];
    }
    const body = docs.get<BodyDoc>(BODIES_COLLECTION, event.data.bodyId);
    if (!body) return [];
    switch (event.type) {
      case 'MeetingRecorded': {
        const { bodyId, meetingId, heldOn, decisions } = event.data;
        const { districtId } = body;
        const meeting: BodyMeetingDoc = { ...event.data, id: meetingDocId(bodyId, meetingId), districtId, recordedAt: at };
        const decisionDocs = decisions.map(
          (decision): BodyDecisionDoc => ({
            ...decision,
            id: decisionDocId(bodyId, decision.decisionId),
            bodyId,
            districtId,
            meetingId,
            heldOn,
            recordedAt: at,
          }),
        );
        const lastMeetingOn = body.lastMeetingOn && body.lastMeetingOn > heldOn ? body.lastMeetingOn : heldOn;
        const updated: BodyDoc = {
          ...body,
          meetingCount: body.meetingCount + 1,
          decisionCount: body.decisionCount + decisions.length,
          lastMeetingOn,
          ...touched,
        };
        return [
          { collection: BODIES_COLLECTION, doc: updated },
          { collection: BODY_MEETINGS_COLLECTION, doc: meeting },
          ...decisionDocs.map((doc) => ({ collection: BODY_DECISIONS_COLLECTION, doc })),
        ];
      }
      case 'BodyDissolved': {
        const { dissolvedOn, reason } = event.data;
        const updated: BodyDoc = { ...body, status: 'dissolved', dissolvedOn, dissolutionReason: reason, ...touched };
        return [{ collection: BODIES_COLLECTION, doc: updated }];
      }
    }
  },
};
