import type { Command } from '../../core/decider';
import type { BodyEstablished, Decision, MeetingRecorded } from './bodies.events';

/** What the handler found in the district's stream, so the decider can judge the reference without I/O. */
// The district's lifecycle spelled out here, so bodies need not import districts; the handler's assignment from the
// district's state fails to compile when the two drift apart.
export type EstablishBodyReferences = { districtStatus: 'unregistered' | 'registered' | 'closed' };

export type EstablishBody = Command<
  'EstablishBody',
  BodyEstablished['data'] & { references: EstablishBodyReferences }
>;

/** As sent: a declaration gives a count, member ids, or both (then the count covers at least those members). */
export type ConflictOfInterestInput = { decisionId: string | null; count: number | null; memberIds: string[] };

export type RecordMeeting = Command<
  'RecordMeeting',
  Omit<MeetingRecorded['data'], 'decisions' | 'conflictsOfInterest'> & {
    decisions: Decision[];
    conflictsOfInterest: ConflictOfInterestInput[];
  }
>;

export type DissolveBody = Command<'DissolveBody', { bodyId: string; dissolvedOn: string; reason: string }>;

export type BodyCommand = EstablishBody | RecordMeeting | DissolveBody;
