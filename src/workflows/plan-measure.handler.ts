import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertCommandInScope } from '../auth/district-scope';
import { knownActionFieldIds } from '../catalogue/application/known-action-fields';
import { CommandPipeline } from '../core/command-pipeline.service';
import { streamName } from '../core/decider';
import { DomainError } from '../core/domain-error';
import { type CommandOutcome, loadState } from '../core/handle-command';
import { LOGGER, type JsonLogger } from '../core/logger';
import { districtsDecider } from '../districts/domain/districts.decider';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { type GoalState, goalsDecider } from '../goals/domain/goals.decider';
import { PlanMeasureCommand } from '../measures/application/plan-measure.command';
import { measureCodeDecider, measureCodeKey } from '../measures/domain/measure-code.decider';
import { measuresDecider } from '../measures/domain/measures.decider';
import { measureStateUnlessRepeated } from './measure-state';
import { type PlanLookups, planMeasureWorkflow as workflow } from './plan-measure.workflow';

/**
 * Plans a measure under a code no other measure has (see measures/domain/measure-code.decider.ts for the reservation):
 * 1. dry-run the plan on the measure stream (district scope included), so an invalid plan never reserves a code;
 * 2. reserve the code on its own stream (the append that settles a race for the same code);
 * 3. append MeasurePlanned through the pipeline; if a rule refuses it (e.g. the same measure id was planned
 *    meanwhile), release the reservation this command made and rethrow.
 * A crash or a store failure between 2 and 3 leaves the code reserved for this measure id (the append may even
 * have happened): repeating the command (same id, or a new one for the same measure) finishes the plan.
 */
@CommandHandler(PlanMeasureCommand)
export class PlanMeasureHandler implements ICommandHandler<PlanMeasureCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async execute(input: PlanMeasureCommand): Promise<CommandOutcome> {
    const { data, context } = input;
    const command = workflow.plan(input, await this.lookUp(data));
    const state = await measureStateUnlessRepeated(this.store, data.measureId, context);
    if (state === 'repeated') return this.pipeline.run(measuresDecider, data.measureId, command);
    // Before the code is reserved: a plan outside the actor's districts must not leave a trace on the code stream.
    assertCommandInScope(measuresDecider, command, state);
    measuresDecider.decide(command, state);

    const codeKey = workflow.codeKey(input);
    const reserved = await this.pipeline.run(measureCodeDecider, codeKey, workflow.reservation(input));
    try {
      return await this.pipeline.run(measuresDecider, data.measureId, command);
    } catch (error) {
      // Release only what this command reserved (an empty outcome means the measure already held the code), and
      // not if a concurrent plan of the same measure with this code went through meanwhile: it holds the code now.
      const mine = reserved.events.length > 0;
      if (error instanceof DomainError && mine && !(await this.holdsCode(data.measureId, codeKey))) {
        await this.pipeline.run(measureCodeDecider, codeKey, workflow.release(input)).catch((failure: unknown) => {
          // The refusal is what the caller needs to hear; a code left reserved only blocks its reuse. Logged.
          this.logger.write('error', 'could not release a measure code', {
            code: data.code,
            measureId: data.measureId,
            error: failure instanceof Error ? failure.message : String(failure),
          });
        });
      }
      throw error;
    }
  }

  private async holdsCode(measureId: string, codeKey: string): Promise<boolean> {
    const events = await this.store.readStream(streamName(measuresDecider.category, measureId));
    const planned = events.find((event) => event.type === 'MeasurePlanned');
    return planned !== undefined && measureCodeKey(String(planned.data.code)) === codeKey;
  }

  private async lookUp(data: PlanMeasureCommand['data']): Promise<PlanLookups> {
    const goalIds = [...new Set(data.goalContributions.map(({ goalId }) => goalId))];
    const [district, actionFieldIds, goals] = await Promise.all([
      loadState(this.store, districtsDecider, streamName(districtsDecider.category, data.districtId)),
      knownActionFieldIds(this.store),
      Promise.all(
        goalIds.map(async (goalId): Promise<[string, GoalState]> => {
          const goal = await loadState(this.store, goalsDecider, streamName(goalsDecider.category, goalId));
          return [goalId, goal.state];
        }),
      ),
    ]);
    return { district: district.state, knownActionFieldIds: actionFieldIds, goals: new Map(goals) };
  }
}
