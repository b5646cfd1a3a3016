import type { DomainEvent } from '../../core/decider';

// Event data are type aliases, not interfaces, so that they are assignable to JSON objects.

export const BODY_KINDS = [
  'RESIDENT_FORUM',
  'WORKING_GROUP',
  'STEERING_ROUND',
  'LOCAL_FUND_JURY',
  'PROJECT_SPONSOR',
  'OTHER',
] as const;
/** Bewohnerforum, Arbeitsgruppe, Steuerungsrunde, Jury des Verfügungsfonds, Projektträger, other. */
export type BodyKind = (typeof BODY_KINDS)[number];

export const DECISION_OUTCOMES = ['ADOPTED', 'REJECTED', 'DEFERRED'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export type BodyEstablished = DomainEvent<
  'BodyEstablished',
  {
    bodyId: string;
    districtId: string;
    kind: BodyKind;
    name: string;
    /** Null when none was given. */
    description: string | null;
    /** ISO date. */
    establishedOn: string;
  }
>;

export type Votes = { for: number; against: number; abstentions: number };

export type Decision = {
  /** Unique within the body; cited elsewhere as `<bodyId>/<decisionId>`. */
  decisionId: string;
  subject: string;
  outcome: DecisionOutcome;
  /** Null when the votes were not counted (e.g. decided by consensus). */
  votes: Votes | null;
  rationale: string | null;
};

/**
 * Declared conflicts of interest: a count, optionally with the user ids of the members concerned — never names.
 * `decisionId` names the decision of the same meeting it concerns; null when it concerns the meeting as a whole.
 */
export type ConflictOfInterestDeclaration = {
  decisionId: string | null;
  count: number;
  memberIds: string[];
};

/** A meeting with everything it decided. Attendance is a count: residents are never named. */
export type MeetingRecorded = DomainEvent<
  'MeetingRecorded',
  {
    bodyId: string;
    meetingId: string;
    /** ISO date. */
    heldOn: string;
    attendance: number;
    agendaItems: string[];
    decisions: Decision[];
    conflictsOfInterest: ConflictOfInterestDeclaration[];
  }
>;

export type BodyDissolved = DomainEvent<'BodyDissolved', { bodyId: string; dissolvedOn: string; reason: string }>;

export type BodyEvent = BodyEstablished | MeetingRecorded | BodyDissolved;

export const BODY_EVENT_TYPES = ['BodyEstablished', 'MeetingRecorded', 'BodyDissolved'] as const satisfies readonly BodyEvent['type'][];

/** What other aggregates need to know about a body (e.g. that it took part in a district's SWOT analysis). */
export type BodyFacts = {
  bodyId: string;
  districtId: string;
  kind: BodyKind;
  establishedOn: string;
  dissolvedOn: string | null;
};

/** A decision as it can be cited: which body, district and meeting took it, when, and with what outcome. */
export type RecordedDecision = {
  bodyId: string;
  districtId: string;
  decisionId: string;
  meetingId: string;
  heldOn: string;
  outcome: DecisionOutcome;
};
