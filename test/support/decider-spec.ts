import type { Command, CommandContext, Decider, DomainEvent } from '../../src/core/decider';
import type { RuleCode } from '../../src/core/domain-rules';

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
          const run = () => decider.decide(command, state);
          return {
            then(expected: E[]) {
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
        },
      };
    },
  };
}
