import { type Command, type CommandContext, type Decider, type DomainEvent, streamName } from '../../src/core/decider';
import type { RuleCode } from '../../src/core/domain-rules';
import type { EventMetadata } from '../../src/core/envelope';
import type { EventsByStream } from '../../src/workflows/workflow';
import { testMetadata } from './events';

/** A fixed command context for decider specs: deciders must not look anywhere else for time or actor. */
export const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  commandId: '11111111-1111-4111-8111-111111111111',
  actor: { id: 'user-1', role: 'district_manager', districts: null },
  now: new Date('2026-03-01T10:00:00Z'),
  correlationId: 'corr-1',
  causationId: 'cause-1',
  ...overrides,
});

/** given(events) → when(command) → then(events | error), in the style of Emmett's decider specs. */
export function deciderSpec<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return {
    given(events: E[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: C) {
          return outcomeOf(() => decider.decide(command, state));
        },
      };
    },
  };
}

/** then(events) | thenThrows(code) | thenViolates(rule), for what a decider or a workflow decides. */
function outcomeOf<T>(run: () => T) {
  return {
    then(expected: T) {
      expect(run()).toEqual(expected);
    },
    thenThrows(code: string, message?: RegExp) {
      expect(run).toThrow(expect.objectContaining({ code, ...(message ? { message: expect.stringMatching(message) } : {}) }));
    },
    /** Refused by a business rule: matched by its stable code, not by the wording of the message. */
    thenViolates(rule: RuleCode) {
      expect(run).toThrow(expect.objectContaining({ code: 'DOMAIN_RULE', rule }));
    },
  };
}

/** The state of one stream, folded by its decider from a history of events of many streams (a workflow's given). */
export function stateOf<S, C extends Command, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  id: string,
  history: readonly { streamId: string; type: string; data: object; metadata?: Partial<EventMetadata> }[],
): S {
  return history
    .filter((event) => event.streamId === streamName(decider.category, id))
    .reduce((state, { type, data, metadata }) => decider.evolve(state, { type, data, metadata: testMetadata(metadata) } as unknown as E), decider.initialState());
}

/** given(states) → when(command) → then(events by stream | error), like deciderSpec for a pure workflow. */
export function workflowSpec<I, S>(workflow: { decide(input: I, states: S): EventsByStream }) {
  return {
    given(states: S) {
      return {
        when(input: I) {
          return outcomeOf<EventsByStream>(() => workflow.decide(input, states));
        },
      };
    },
  };
}
