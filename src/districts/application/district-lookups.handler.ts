import { Inject } from '@nestjs/common';
import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BodyLookup } from '../../bodies/application/body-lookup.service';
import { knownActionFieldIds } from '../../catalogue/application/known-action-fields';
import type { CommandContext } from '../../core/decider';
import { CommandPipeline } from '../../core/command-pipeline.service';
import type { CommandOutcome } from '../../core/handle-command';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type {
  AdoptConceptVersion,
  RecordActionFieldPlan,
  RecordSwotAnalysis,
} from '../domain/districts.commands';
import { districtsDecider } from '../domain/districts.decider';

// References to other streams (catalogue, bodies) are looked up before the district's own append. Action fields
// are never removed and decisions never retracted, so those checks cannot be overtaken. The one gap left, accepted
// as narrow: a body dissolved (with an earlier dissolution date) between the lookup and the append of a SWOT analysis
// that names it.

type WithoutReferences<T> = Omit<T, 'references'>;

export class AdoptConceptVersionCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: WithoutReferences<AdoptConceptVersion['data']>, readonly context: CommandContext) {
    super();
  }
}

export class RecordSwotAnalysisCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: WithoutReferences<RecordSwotAnalysis['data']>, readonly context: CommandContext) {
    super();
  }
}

export class RecordActionFieldPlanCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: WithoutReferences<RecordActionFieldPlan['data']>, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(AdoptConceptVersionCommand)
export class AdoptConceptVersionHandler implements ICommandHandler<AdoptConceptVersionCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly bodies: BodyLookup,
  ) {}

  async execute({ data, context }: AdoptConceptVersionCommand) {
    const decision = await this.bodies.decision(data.decisionRef, context.actor);
    // The adopting decision is the command's cited reason unless the caller cites another one.
    const cited = { ...context, decisionRef: context.decisionRef ?? data.decisionRef };
    return this.pipeline.run(districtsDecider, data.districtId, {
      type: 'AdoptConceptVersion',
      data: { ...data, references: { decision } },
      context: cited,
    });
  }
}

@CommandHandler(RecordSwotAnalysisCommand)
export class RecordSwotAnalysisHandler implements ICommandHandler<RecordSwotAnalysisCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly bodies: BodyLookup,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: RecordSwotAnalysisCommand) {
    const [actionFieldIds, bodies] = await Promise.all([
      knownActionFieldIds(this.store),
      this.bodies.bodies(data.participatingBodyIds, context.actor),
    ]);
    return this.pipeline.run(districtsDecider, data.districtId, {
      type: 'RecordSwotAnalysis',
      data: { ...data, references: { knownActionFieldIds: actionFieldIds, bodies } },
      context,
    });
  }
}

@CommandHandler(RecordActionFieldPlanCommand)
export class RecordActionFieldPlanHandler implements ICommandHandler<RecordActionFieldPlanCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: RecordActionFieldPlanCommand) {
    const references = { knownActionFieldIds: await knownActionFieldIds(this.store) };
    return this.pipeline.run(districtsDecider, data.districtId, {
      type: 'RecordActionFieldPlan',
      data: { ...data, references },
      context,
    });
  }
}
