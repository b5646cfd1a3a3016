import type { BodyCommand, ConflictOfInterestInput, RecordMeeting } from '../../../src/bodies/domain/bodies.commands';
import { bodiesDecider, bodyFacts, recordedDecision } from '../../../src/bodies/domain/bodies.decider';
import type { BodyEvent, Decision } from '../../../src/bodies/domain/bodies.events';
import type { DistrictState } from '../../../src/districts/domain/districts.decider';
import { context, deciderSpec } from '../../support/decider-spec';

// The spec context records at 2026-03-01T10:00Z: the latest possible business date is 2026-03-02.
const bodyId = '0b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e';
const districtId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const spec = deciderSpec(bodiesDecider);
const fold = (events: BodyEvent[]) => events.reduce(bodiesDecider.evolve, bodiesDecider.initialState());

const establishment = {
  bodyId,
  districtId,
  kind: 'RESIDENT_FORUM' as const,
  name: 'Bewohnerforum Neustadt-Nord',
  description: 'Open to every resident',
  establishedOn: '2020-09-01',
};
const established: BodyEvent = { type: 'BodyEstablished', data: establishment };

const establish = (districtStatus: DistrictState['status'], establishedOn = establishment.establishedOn): BodyCommand => ({
  type: 'EstablishBody',
  data: { ...establishment, establishedOn, references: { districtStatus } },
  context: context(),
});

const decision = (overrides: Partial<Decision> = {}): Decision => ({
  decisionId: 'B-2021-04',
  subject: 'Adopt the ISEK 2030',
  outcome: 'ADOPTED',
  votes: { for: 30, against: 4, abstentions: 2 },
  rationale: 'Broad support after two readings',
  ...overrides,
});

type MeetingData = RecordMeeting['data'];
const meeting = (overrides: Partial<MeetingData> = {}): BodyCommand => ({
  type: 'RecordMeeting',
  data: {
    bodyId,
    meetingId: 'm-2021-04',
    heldOn: '2021-04-20',
    attendance: 40,
    agendaItems: ['ISEK 2030', 'Local fund'],
    decisions: [decision()],
    conflictsOfInterest: [],
    ...overrides,
  },
  context: context(),
});
const met: BodyEvent = {
  type: 'MeetingRecorded',
  data: {
    bodyId,
    meetingId: 'm-2021-04',
    heldOn: '2021-04-20',
    attendance: 40,
    agendaItems: ['ISEK 2030', 'Local fund'],
    decisions: [decision()],
    conflictsOfInterest: [],
  },
};
const declaration = (overrides: Partial<ConflictOfInterestInput> = {}): ConflictOfInterestInput => ({
  decisionId: 'B-2021-04',
  count: null,
  memberIds: [],
  ...overrides,
});

const dissolve = (dissolvedOn: string): BodyCommand => ({
  type: 'DissolveBody',
  data: { bodyId, dissolvedOn, reason: 'Merged into the district council' },
  context: context(),
});
const dissolved: BodyEvent = {
  type: 'BodyDissolved',
  data: { bodyId, dissolvedOn: '2025-06-30', reason: 'Merged into the district council' },
};

describe('bodies decider', () => {
  describe('establishing', () => {
    it('establishes a body in a registered district', () => {
      spec.given([]).when(establish('registered')).then([established]);
    });

    it('refuses to establish the same body twice', () => {
      spec.given([established]).when(establish('registered')).thenThrows('DOMAIN_RULE', /already established/);
    });

    it('refuses a district that is not registered', () => {
      spec.given([]).when(establish('unregistered')).thenThrows('DOMAIN_RULE', /is not registered/);
    });

    it('refuses a district whose programme is closed', () => {
      spec.given([]).when(establish('closed')).thenThrows('DOMAIN_RULE', /is closed/);
    });

    it('refuses an establishment date in the future', () => {
      spec.given([]).when(establish('registered', '2026-03-03')).thenThrows('DOMAIN_RULE', /future/);
      spec.given([]).when(establish('registered', '2026-03-02')).then([
        { type: 'BodyEstablished', data: { ...establishment, establishedOn: '2026-03-02' } },
      ]);
    });
  });

  describe('meetings', () => {
    it('records a meeting with its decisions', () => {
      spec.given([established]).when(meeting()).then([met]);
    });

    it('states each conflict-of-interest declaration as a count with the member ids known', () => {
      spec
        .given([established])
        .when(
          meeting({
            conflictsOfInterest: [
              declaration({ memberIds: ['user-17', 'user-42'] }),
              declaration({ decisionId: null, count: 3, memberIds: ['user-17'] }),
            ],
          }),
        )
        .then([
          {
            type: 'MeetingRecorded',
            data: {
              ...met.data,
              conflictsOfInterest: [
                { decisionId: 'B-2021-04', count: 2, memberIds: ['user-17', 'user-42'] },
                { decisionId: null, count: 3, memberIds: ['user-17'] },
              ],
            },
          },
        ] as BodyEvent[]);
    });

    it('records a meeting without decisions, and decisions without counted votes', () => {
      spec.given([established]).when(meeting({ decisions: [] })).then([{ ...met, data: { ...met.data, decisions: [] } }] as BodyEvent[]);
      const consensus = decision({ votes: null, rationale: null, outcome: 'DEFERRED' });
      spec
        .given([established])
        .when(meeting({ decisions: [consensus] }))
        .then([{ ...met, data: { ...met.data, decisions: [consensus] } }] as BodyEvent[]);
    });

    it('cannot record a meeting of a body that was never established', () => {
      spec.given([]).when(meeting()).thenThrows('NOT_FOUND');
    });

    it('cannot record a meeting of a dissolved body', () => {
      spec
        .given([established, dissolved])
        .when(meeting({ meetingId: 'm-late', heldOn: '2025-05-01', decisions: [] }))
        .thenThrows('DOMAIN_RULE', /dissolved on 2025-06-30/);
    });

    it('cannot record a meeting dated before the body was established', () => {
      spec
        .given([established])
        .when(meeting({ heldOn: '2020-08-31' }))
        .thenThrows('DOMAIN_RULE', /before the body was established/);
      spec.given([established]).when(meeting({ heldOn: '2020-09-01' })).then([{ ...met, data: { ...met.data, heldOn: '2020-09-01' } }] as BodyEvent[]);
    });

    it('cannot record a meeting that has not been held yet', () => {
      spec.given([established]).when(meeting({ heldOn: '2026-03-03' })).thenThrows('DOMAIN_RULE', /once it has been held/);
    });

    it('refuses a meeting id that is already recorded', () => {
      spec.given([established, met]).when(meeting({ decisions: [] })).thenThrows('DOMAIN_RULE', /already recorded/);
    });

    it('refuses a decision id the body already used in an earlier meeting', () => {
      spec
        .given([established, met])
        .when(meeting({ meetingId: 'm-2021-06', heldOn: '2021-06-01' }))
        .thenThrows('DOMAIN_RULE', /already taken in meeting m-2021-04/);
    });

    it('refuses a decision id used twice in one meeting', () => {
      spec
        .given([established])
        .when(meeting({ decisions: [decision(), decision({ subject: 'Other' })] }))
        .thenThrows('DOMAIN_RULE', /used twice in this meeting/);
    });

    it('refuses votes that exceed the attendance; exactly the attendance is fine', () => {
      spec
        .given([established])
        .when(meeting({ attendance: 35 }))
        .thenThrows('DOMAIN_RULE', /counts 36 votes but only 35 attended/);
      spec
        .given([established])
        .when(meeting({ attendance: 36 }))
        .then([{ ...met, data: { ...met.data, attendance: 36 } }] as BodyEvent[]);
    });

    it('refuses a declaration without a count or member ids', () => {
      spec
        .given([established])
        .when(meeting({ conflictsOfInterest: [declaration()] }))
        .thenThrows('BAD_USER_INPUT', /needs a count or member ids/);
    });

    it('refuses a count smaller than the member ids named, and a member named twice', () => {
      spec
        .given([established])
        .when(meeting({ conflictsOfInterest: [declaration({ count: 1, memberIds: ['user-1', 'user-2'] })] }))
        .thenThrows('BAD_USER_INPUT', /smaller than the 2 member ids/);
      spec
        .given([established])
        .when(meeting({ conflictsOfInterest: [declaration({ memberIds: ['user-1', 'user-1'] })] }))
        .thenThrows('BAD_USER_INPUT', /named twice/);
    });

    it('refuses a declaration for a decision this meeting did not take, or two for the same one', () => {
      spec
        .given([established])
        .when(meeting({ conflictsOfInterest: [declaration({ decisionId: 'B-9999', count: 1 })] }))
        .thenThrows('BAD_USER_INPUT', /not a decision of this meeting/);
      spec
        .given([established])
        .when(meeting({ conflictsOfInterest: [declaration({ count: 1 }), declaration({ count: 2 })] }))
        .thenThrows('BAD_USER_INPUT', /declared twice/);
    });

    it('refuses more conflicts of interest than attendees', () => {
      spec
        .given([established])
        .when(meeting({ conflictsOfInterest: [declaration({ decisionId: null, count: 41 })] }))
        .thenThrows('DOMAIN_RULE', /41 conflicts of interest declared but only 40 attended/);
    });
  });

  describe('dissolving', () => {
    it('dissolves a body with a date and a reason', () => {
      spec.given([established, met]).when(dissolve('2025-06-30')).then([dissolved]);
    });

    it('cannot dissolve a body that was never established', () => {
      spec.given([]).when(dissolve('2025-06-30')).thenThrows('NOT_FOUND');
    });

    it('cannot dissolve a body twice', () => {
      spec.given([established, dissolved]).when(dissolve('2025-07-01')).thenThrows('DOMAIN_RULE', /already dissolved/);
    });

    it('cannot dissolve before the establishment or the last recorded meeting', () => {
      spec.given([established]).when(dissolve('2020-08-31')).thenThrows('DOMAIN_RULE', /before it was established/);
      spec.given([established, met]).when(dissolve('2021-04-19')).thenThrows('DOMAIN_RULE', /before its last recorded meeting/);
      spec.given([established, met]).when(dissolve('2021-04-20')).then([
        { type: 'BodyDissolved', data: { ...dissolved.data, dissolvedOn: '2021-04-20' } },
      ]);
    });

    it('cannot dissolve on a future date', () => {
      spec.given([established]).when(dissolve('2026-03-03')).thenThrows('DOMAIN_RULE', /future/);
    });
  });

  describe('what other aggregates read', () => {
    it('finds a recorded decision by id, whatever its outcome', () => {
      const rejected: BodyEvent = {
        type: 'MeetingRecorded',
        data: {
          ...met.data,
          meetingId: 'm-2022-01',
          heldOn: '2022-01-10',
          decisions: [decision({ decisionId: 'B-2022-01', outcome: 'REJECTED' })],
        },
      };
      const state = fold([established, met, rejected]);
      expect(recordedDecision(state, 'B-2021-04')).toEqual({
        bodyId,
        districtId,
        decisionId: 'B-2021-04',
        meetingId: 'm-2021-04',
        heldOn: '2021-04-20',
        outcome: 'ADOPTED',
      });
      expect(recordedDecision(state, 'B-2022-01')).toMatchObject({ outcome: 'REJECTED', heldOn: '2022-01-10' });
      expect(recordedDecision(state, 'B-0000')).toBeNull();
      expect(recordedDecision(fold([]), 'B-2021-04')).toBeNull();
    });

    it('gives the facts of a body, including its dissolution', () => {
      expect(bodyFacts(fold([]))).toBeNull();
      expect(bodyFacts(fold([established]))).toEqual({
        bodyId,
        districtId,
        kind: 'RESIDENT_FORUM',
        establishedOn: '2020-09-01',
        dissolvedOn: null,
      });
      expect(bodyFacts(fold([established, met, dissolved]))).toMatchObject({ dissolvedOn: '2025-06-30' });
      // Decisions of a dissolved body stay citable.
      expect(recordedDecision(fold([established, met, dissolved]), 'B-2021-04')).not.toBeNull();
    });
  });
});
