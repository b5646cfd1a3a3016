import { Inject } from '@nestjs/common';
import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '../../core/command-pipeline.service';
import { type CommandContext, streamName } from '../../core/decider';
import { type CommandOutcome, loadState } from '../../core/handle-command';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type {
  DefineGoal,
  DistrictFacts,
  RecordGoalReview,
  ReviseGoal,
} from '../domain/goals.commands';
import { goalsDecider } from '../domain/goals.decider';
import { knownActionFieldIds } from '../../catalogue/application/known-action-fields';
import { conceptVersionInForceOn, districtFacts } from './goal-references';

/** Command data as the API sends it; the handler adds the facts it reads from other streams. */
type Sent<C extends { data: object }> = Omit<C['data'], 'known'>;

export class DefineGoalCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Sent<DefineGoal>, readonly context: CommandContext) {
    super();
  }
}

export class ReviseGoalCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Sent<ReviseGoal>, readonly context: CommandContext) {
    super();
  }
}

export class RecordGoalReviewCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Sent<RecordGoalReview>, readonly context: CommandContext) {
    super();
  }
}

/** The district of an existing goal; null for an unknown goal (the decider refuses the command). */
async function districtOfGoal(store: EventStore, goalId: string): Promise<string | null> {
  const { state } = await loadState(store, goalsDecider, streamName(goalsDecider.category, goalId));
  return state.status === 'none' ? null : state.districtId;
}

const NO_DISTRICT: DistrictFacts = { registered: false, closed: false, conceptVersions: [] };

@CommandHandler(DefineGoalCommand)
export class DefineGoalHandler implements ICommandHandler<DefineGoalCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: DefineGoalCommand) {
    const known = {
      actionFieldIds: await knownActionFieldIds(this.store),
      district: await districtFacts(this.store, data.districtId),
    };
    return this.pipeline.run(goalsDecider, data.goalId, { type: 'DefineGoal', data: { ...data, known }, context });
  }
}

@CommandHandler(ReviseGoalCommand)
export class ReviseGoalHandler implements ICommandHandler<ReviseGoalCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: ReviseGoalCommand) {
    const districtId = await districtOfGoal(this.store, data.goalId);
    const known = {
      actionFieldIds: await knownActionFieldIds(this.store),
      district: districtId ? await districtFacts(this.store, districtId) : NO_DISTRICT,
    };
    return this.pipeline.run(goalsDecider, data.goalId, { type: 'ReviseGoal', data: { ...data, known }, context });
  }
}

@CommandHandler(RecordGoalReviewCommand)
export class RecordGoalReviewHandler implements ICommandHandler<RecordGoalReviewCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: RecordGoalReviewCommand) {
    const districtId = await districtOfGoal(this.store, data.goalId);
    const known = {
      conceptVersionInForce: districtId ? await conceptVersionInForceOn(this.store, districtId, data.reviewedOn) : null,
    };
    return this.pipeline.run(goalsDecider, data.goalId, { type: 'RecordGoalReview', data: { ...data, known }, context });
  }
}

/** The goal use cases that read other streams; the others go from the resolver through CommandDispatch. */
export const GOAL_COMMAND_HANDLERS = [
  DefineGoalHandler,
  ReviseGoalHandler,
  RecordGoalReviewHandler,
];
