import { createHash } from 'node:crypto';
import type { Command, Decider, DomainEvent } from '../../core/decider';
import { ruleViolated } from '../../core/domain-error';

/**
 * Reservation of a measure code. Codes must be unique across all measures, and no single measure stream can see
 * the others, so each code has a stream of its own, `measurecode-<sha256 of the lower-cased code>`, holding who
 * reserved it. The first reservation appends to a stream that does not exist yet (expected version `no_stream`):
 * of two concurrent plans with the same code exactly one append succeeds; the other is re-decided against the
 * stored reservation and refused. The plan handler reserves before it appends the MeasurePlanned event and
 * releases the reservation when the plan is refused after all (see application/plan-measure.ts).
 */

export type MeasureCodeReserved = DomainEvent<'MeasureCodeReserved', { code: string; measureId: string }>;
export type MeasureCodeReleased = DomainEvent<'MeasureCodeReleased', { code: string; measureId: string }>;
export type MeasureCodeEvent = MeasureCodeReserved | MeasureCodeReleased;
export const MEASURE_CODE_EVENT_TYPES = ['MeasureCodeReserved', 'MeasureCodeReleased'] as const;

/**
 * A code stream belongs to no district; `districtId` names the district of the measure a (de)reservation is made
 * for, so the actor's district scope is checked against it. It is not recorded: the measure records its district.
 */
type CodeReservation = { code: string; measureId: string; districtId: string };
export type ReserveMeasureCode = Command<'ReserveMeasureCode', CodeReservation>;
export type ReleaseMeasureCode = Command<'ReleaseMeasureCode', CodeReservation>;
export type MeasureCodeCommand = ReserveMeasureCode | ReleaseMeasureCode;

/** The measure holding the code, or null while it is free. */
export interface MeasureCodeState {
  measureId: string | null;
}

/** Stream id (without category) of a code's reservation: codes compare case-insensitively. */
export const measureCodeKey = (code: string): string =>
  createHash('sha256').update(code.trim().toLowerCase()).digest('hex');

export const measureCodeDecider: Decider<MeasureCodeState, MeasureCodeCommand, MeasureCodeEvent> = {
  category: 'measurecode',
  schemaVersion: 1,

  initialState: () => ({ measureId: null }),

  evolve(_state, event) {
    switch (event.type) {
      case 'MeasureCodeReserved':
        return { measureId: event.data.measureId };
      case 'MeasureCodeReleased':
        return { measureId: null };
    }
  },

  decide(command, state) {
    const { code, measureId } = command.data;
    switch (command.type) {
      case 'ReserveMeasureCode':
        if (state.measureId === measureId) return [];
        if (state.measureId !== null) {
          // Codes are unique across districts, so that one is taken cannot be hidden; which measure holds it (perhaps
          // of a district outside the actor's scope) is not said.
          throw ruleViolated('MEASURE_CODE_TAKEN', `The code ${code} is already used by another measure`, {
            measureCode: code,
          });
        }
        return [{ type: 'MeasureCodeReserved', data: { code, measureId } }];
      case 'ReleaseMeasureCode':
        if (state.measureId !== measureId) return [];
        return [{ type: 'MeasureCodeReleased', data: { code, measureId } }];
    }
  },

  /** A code is reserved for a measure being planned: the measure's district. */
  districtOf: (command) => command.data.districtId,
};
