import { type CommandContext, streamName } from '../core/decider';
import type { DomainError } from '../core/domain-error';
import { subCommandContext } from '../core/sub-command';
import type { ConfirmMeasureStart, WithdrawMeasureStartConfirmation } from '../funding/domain/grants.commands';
import { type GrantState, grantsDecider } from '../funding/domain/grants.decider';
import type { StartMeasureCommand } from '../measures/application/start-measure.command';
import type { StartMeasure } from '../measures/domain/measures.commands';
import { type MeasureState, measuresDecider } from '../measures/domain/measures.decider';
import type { EventsByStream } from './workflow';

type Input = Pick<StartMeasureCommand, 'data' | 'context'>;

/** Steps 1 (dry run) and 3, on the measure stream, naming the grants that confirmed. */
function start({ data, context }: Input, confirmedGrantIds: readonly string[]): StartMeasure {
  return { type: 'StartMeasure', data: { ...data, confirmedGrantIds }, context };
}

/** Step 2, on each linked grant's stream. */
function confirmation({ data, context }: Input, grantId: string): ConfirmMeasureStart {
  return {
    type: 'ConfirmMeasureStart',
    data: { grantId, measureId: data.measureId, startDate: data.actualStartDate },
    context: subCommandContext(context, 'confirm', data.measureId, grantId),
  };
}

/** The withdrawal's context: its command id tells a later attempt of the same command that it was refused. */
const withdrawalContext = ({ data, context }: Input, grantId: string): CommandContext =>
  subCommandContext(context, 'withdraw', data.measureId, grantId);

/** The compensation on a grant that confirmed when a later step refused the start. */
function withdrawal(input: Input, grantId: string, refusal: DomainError): WithdrawMeasureStartConfirmation {
  return {
    type: 'WithdrawMeasureStartConfirmation',
    data: { grantId, measureId: input.data.measureId, reason: `The start of the measure was refused: ${refusal.message}` },
    context: withdrawalContext(input, grantId),
  };
}

/**
 * Starting a measure: every grant linked to it must confirm the start (approved for the start date, or an early
 * start permitted: vorzeitiger Maßnahmebeginn), then the measure records the start naming those grants.
 */
export const startMeasureWorkflow = {
  start,
  confirmation,
  withdrawal,
  withdrawalContext,
  decide(input: Input, states: { measure: MeasureState; grants: ReadonlyMap<string, GrantState> }): EventsByStream {
    const { grantIds } = states.measure;
    measuresDecider.decide(start(input, grantIds), states.measure);
    const decided: EventsByStream = {};
    for (const grantId of grantIds) {
      const grant = states.grants.get(grantId) ?? grantsDecider.initialState();
      decided[streamName(grantsDecider.category, grantId)] = grantsDecider.decide(confirmation(input, grantId), grant);
    }
    decided[streamName(measuresDecider.category, input.data.measureId)] = measuresDecider.decide(
      start(input, grantIds),
      states.measure,
    );
    return decided;
  },
};
