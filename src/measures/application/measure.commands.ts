import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import { CommandPipeline } from '../../core/command-pipeline.service';
import type { CommandOutcome } from '../../core/handle-command';
import type {
  ApproveMeasure,
  CancelMeasure,
  CompleteMeasure,
  EvaluateMeasure,
  LinkGrantToMeasure,
  ReportMeasureProgress,
  ResumeMeasure,
  SuspendMeasure,
} from '../domain/measures.commands';
import { measuresDecider } from '../domain/measures.decider';

// The use cases that touch only the measure stream. Planning (code reservation) and starting (grant confirmations)
// span streams and have files of their own: plan-measure.ts, start-measure.ts.

export class ApproveMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: ApproveMeasure['data'], readonly context: CommandContext) {
    super();
  }
}

export class ReportMeasureProgressCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: ReportMeasureProgress['data'], readonly context: CommandContext) {
    super();
  }
}

export class SuspendMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: SuspendMeasure['data'], readonly context: CommandContext) {
    super();
  }
}

export class ResumeMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: ResumeMeasure['data'], readonly context: CommandContext) {
    super();
  }
}

export class CompleteMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: CompleteMeasure['data'], readonly context: CommandContext) {
    super();
  }
}

export class CancelMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: CancelMeasure['data'], readonly context: CommandContext) {
    super();
  }
}

export class EvaluateMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: EvaluateMeasure['data'], readonly context: CommandContext) {
    super();
  }
}

/**
 * Executed by the grants module after a grant application for this measure was submitted (not exposed over
 * GraphQL: a link always stands for a real application). Linking the same grant again records nothing.
 */
export class LinkGrantToMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: LinkGrantToMeasure['data'], readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(ApproveMeasureCommand)
export class ApproveMeasureHandler implements ICommandHandler<ApproveMeasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: ApproveMeasureCommand) {
    return this.pipeline.run(measuresDecider, data.measureId, { type: 'ApproveMeasure', data, context });
  }
}

@CommandHandler(ReportMeasureProgressCommand)
export class ReportMeasureProgressHandler implements ICommandHandler<ReportMeasureProgressCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: ReportMeasureProgressCommand) {
    return this.pipeline.run(measuresDecider, data.measureId, { type: 'ReportMeasureProgress', data, context });
  }
}

@CommandHandler(SuspendMeasureCommand)
export class SuspendMeasureHandler implements ICommandHandler<SuspendMeasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: SuspendMeasureCommand) {
    return this.pipeline.run(measuresDecider, data.measureId, { type: 'SuspendMeasure', data, context });
  }
}

@CommandHandler(ResumeMeasureCommand)
export class ResumeMeasureHandler implements ICommandHandler<ResumeMeasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: ResumeMeasureCommand) {
    return this.pipeline.run(measuresDecider, data.measureId, { type: 'ResumeMeasure', data, context });
  }
}

@CommandHandler(CompleteMeasureCommand)
export class CompleteMeasureHandler implements ICommandHandler<CompleteMeasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: CompleteMeasureCommand) {
    return this.pipeline.run(measuresDecider, data.measureId, { type: 'CompleteMeasure', data, context });
  }
}

@CommandHandler(CancelMeasureCommand)
export class CancelMeasureHandler implements ICommandHandler<CancelMeasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: CancelMeasureCommand) {
    return this.pipeline.run(measuresDecider, data.measureId, { type: 'CancelMeasure', data, context });
  }
}

@CommandHandler(EvaluateMeasureCommand)
export class EvaluateMeasureHandler implements ICommandHandler<EvaluateMeasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: EvaluateMeasureCommand) {
    return this.pipeline.run(measuresDecider, data.measureId, { type: 'EvaluateMeasure', data, context });
  }
}

@CommandHandler(LinkGrantToMeasureCommand)
export class LinkGrantToMeasureHandler implements ICommandHandler<LinkGrantToMeasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: LinkGrantToMeasureCommand) {
    return this.pipeline.run(measuresDecider, data.measureId, { type: 'LinkGrantToMeasure', data, context });
  }
}
