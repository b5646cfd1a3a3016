import type { Decider } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import { isAfterToday } from '../../core/business-date';
import type { BodyCommand, RecordMeeting } from './bodies.commands';
import type { BodyEvent, BodyFacts, ConflictOfInterestDeclaration, Decision, RecordedDecision } from './bodies.events';

// Declared beside the events so that other contexts' commands can name them without importing this decider.
export type { BodyFacts, RecordedDecision } from './bodies.events';

export type BodyState =
  | { status: 'none' }
  | {
      status: 'established' | 'dissolved';
      body: BodyFacts;
      /** Meeting id → date held. */
      meetings: ReadonlyMap<string, string>;
      decisions: ReadonlyMap<string, RecordedDecision>;
      lastMeetingOn: string | null;
    };

export const bodiesDecider: Decider<BodyState, BodyCommand, BodyEvent> = {
  category: 'body',
  schemaVersion: 1,

  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'BodyEstablished': {
        const { bodyId, districtId, kind, establishedOn } = event.data;
        return {
          status: 'established',
          body: { bodyId, districtId, kind, establishedOn, dissolvedOn: null },
          meetings: new Map(),
          decisions: new Map(),
          lastMeetingOn: null,
        };
      }
      case 'MeetingRecorded': {
        if (state.status === 'none') return state;
        const { meetingId, heldOn } = event.data;
        const { bodyId, districtId } = state.body;
        const decisions = new Map(state.decisions);
        for (const { decisionId, outcome } of event.data.decisions) {
          decisions.set(decisionId, { bodyId, districtId, decisionId, meetingId, heldOn, outcome });
        }
        const lastMeetingOn = state.lastMeetingOn && state.lastMeetingOn > heldOn ? state.lastMeetingOn : heldOn;
        return { ...state, meetings: new Map(state.meetings).set(meetingId, heldOn), decisions, lastMeetingOn };
      }
      case 'BodyDissolved':
        if (state.status === 'none') return state;
        return { ...state, status: 'dissolved', body: { ...state.body, dissolvedOn: event.data.dissolvedOn } };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'EstablishBody': {
        const { references, ...data } = command.data;
        if (state.status !== 'none') throw ruleViolated('BODY_EXISTS', `Body ${data.bodyId} is already established`);
        if (references.districtStatus === 'unregistered') {
          throw ruleViolated(
            'DISTRICT_NOT_REGISTERED',
            `District ${data.districtId} is not registered`,
            { districtId: data.districtId },
          );
        }
        if (references.districtStatus === 'closed') {
          throw ruleViolated(
            'DISTRICT_CLOSED',
            `The programme of district ${data.districtId} is closed`,
            { districtId: data.districtId },
          );
        }
        if (isAfterToday(data.establishedOn, command.context.now)) {
          throw ruleViolated(
            'BODY_DATE_IN_FUTURE',
            'A body cannot be established on a future date',
            { establishedOn: data.establishedOn },
          );
        }
        return [{ type: 'BodyEstablished', data }];
      }
      case 'RecordMeeting': {
        const { data } = command;
        if (state.status === 'none') throw notFound('Body', data.bodyId);
        if (state.status === 'dissolved') {
          throw ruleViolated(
            'BODY_DISSOLVED',
            `Body ${data.bodyId} was dissolved on ${state.body.dissolvedOn}; it holds no more meetings`,
          );
        }
        if (data.heldOn < state.body.establishedOn) {
          throw ruleViolated('BODY_BEFORE_ESTABLISHED', 'A meeting cannot be held before the body was established', {
            heldOn: data.heldOn,
            establishedOn: state.body.establishedOn,
          });
        }
        if (isAfterToday(data.heldOn, command.context.now)) {
          throw ruleViolated(
            'BODY_DATE_IN_FUTURE',
            'A meeting can only be recorded once it has been held',
            { heldOn: data.heldOn },
          );
        }
        if (state.meetings.has(data.meetingId)) {
          throw ruleViolated(
            'BODY_MEETING_DUPLICATE',
            `Meeting ${data.meetingId} is already recorded`,
            { meetingId: data.meetingId },
          );
        }
        assertDecisionIdsFree(data.decisions, state.decisions);
        for (const decision of data.decisions) assertVotesWithinAttendance(decision, data.attendance);
        const conflictsOfInterest = declarationsOf(data);
        return [{ type: 'MeetingRecorded', data: { ...data, conflictsOfInterest } }];
      }
      case 'DissolveBody': {
        const { bodyId, dissolvedOn } = command.data;
        if (state.status === 'none') throw notFound('Body', bodyId);
        if (state.status === 'dissolved') throw ruleViolated('BODY_DISSOLVED', `Body ${bodyId} is already dissolved`);
        if (dissolvedOn < state.body.establishedOn) {
          throw ruleViolated('BODY_BEFORE_ESTABLISHED', 'A body cannot be dissolved before it was established', {
            dissolvedOn,
            establishedOn: state.body.establishedOn,
          });
        }
        if (state.lastMeetingOn && dissolvedOn < state.lastMeetingOn) {
          throw ruleViolated(
            'BODY_DISSOLVED_BEFORE_LAST_MEETING',
            'A body cannot be dissolved before its last recorded meeting',
            { dissolvedOn, lastMeetingOn: state.lastMeetingOn },
          );
        }
        if (isAfterToday(dissolvedOn, command.context.now)) {
          throw ruleViolated('BODY_DATE_IN_FUTURE', 'A body cannot be dissolved on a future date', { dissolvedOn });
        }
        return [{ type: 'BodyDissolved', data: command.data }];
      }
    }
  },

  districtOf: (command, state) =>
    state.status !== 'none' ? state.body.districtId : command.type === 'EstablishBody' ? command.data.districtId : null,
};

/** The decision a body recorded under this id, or null. Any outcome counts: a rejection is evidence, too. */
export function recordedDecision(state: BodyState, decisionId: string): RecordedDecision | null {
  return state.status === 'none' ? null : (state.decisions.get(decisionId) ?? null);
}

export function bodyFacts(state: BodyState): BodyFacts | null {
  return state.status === 'none' ? null : state.body;
}

/** Decision ids are unique within a body: a citation `<bodyId>/<decisionId>` must name exactly one decision. */
function assertDecisionIdsFree(decisions: readonly Decision[], recorded: ReadonlyMap<string, RecordedDecision>): void {
  const seen = new Set<string>();
  for (const { decisionId } of decisions) {
    const earlier = recorded.get(decisionId);
    if (earlier) {
      throw ruleViolated(
        'BODY_DECISION_DUPLICATE',
        `Decision ${decisionId} was already taken in meeting ${earlier.meetingId}`,
        { decisionId },
      );
    }
    if (seen.has(decisionId)) {
      throw ruleViolated(
        'BODY_DECISION_DUPLICATE',
        `Decision id ${decisionId} is used twice in this meeting`,
        { decisionId },
      );
    }
    seen.add(decisionId);
  }
}

function assertVotesWithinAttendance({ decisionId, votes }: Decision, attendance: number): void {
  if (!votes) return;
  const cast = votes.for + votes.against + votes.abstentions;
  if (cast > attendance) {
    throw ruleViolated(
      'BODY_VOTES_ABOVE_ATTENDANCE',
      `Decision ${decisionId} counts ${cast} votes but only ${attendance} attended`,
      { decisionId, votes: cast, attendance },
    );
  }
}

/** Checks the declarations against the meeting and states each as a count plus the member ids known. */
function declarationsOf(meeting: RecordMeeting['data']): ConflictOfInterestDeclaration[] {
  const decisionIds = new Set(meeting.decisions.map((d) => d.decisionId));
  const declared = new Set<string | null>();
  return meeting.conflictsOfInterest.map(({ decisionId, count, memberIds }) => {
    if (decisionId !== null && !decisionIds.has(decisionId)) {
      throw badInput(`A conflict of interest is declared for ${decisionId}, which is not a decision of this meeting`, {
        decisionId,
      });
    }
    if (declared.has(decisionId)) {
      throw badInput(`Conflicts of interest for ${decisionId ?? 'the meeting'} are declared twice; give one count`, {
        decisionId,
      });
    }
    declared.add(decisionId);
    if (new Set(memberIds).size !== memberIds.length) throw badInput('A member id is named twice in one declaration');
    if (count === null && memberIds.length === 0) {
      throw badInput('A conflict-of-interest declaration needs a count or member ids', { decisionId });
    }
    if (count !== null && count < memberIds.length) {
      throw badInput(`The count ${count} is smaller than the ${memberIds.length} member ids named`, { decisionId });
    }
    const total = count ?? memberIds.length;
    if (total > meeting.attendance) {
      throw ruleViolated(
        'BODY_CONFLICTS_ABOVE_ATTENDANCE',
        `${total} conflicts of interest declared but only ${meeting.attendance} attended`,
        { decisionId, count: total, attendance: meeting.attendance },
      );
    }
    return { decisionId, count: total, memberIds: [...memberIds] };
  });
}
