import { Inject } from '@nestjs/common';
import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandDispatch } from '../../core/command-dispatch';
import { CommandPipeline } from '../../core/command-pipeline.service';
import { inScope } from '../../auth/district-scope';
import { type CommandContext, type ScopedActor, streamName } from '../../core/decider';
import { type CommandOutcome, loadState } from '../../core/handle-command';
import { districtsDecider } from '../../districts/domain/districts.decider';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { measuresDecider } from '../../measures/domain/measures.decider';
import { FUNDING_PROGRAMME_CATALOGUE_ID, fundingProgrammesDecider } from '../domain/funding-programmes.decider';
import type { ApplicationReferences, SubmitGrantApplication } from '../domain/grants.commands';
import { grantsDecider } from '../domain/grants.decider';
import type { GrantApplicationSubmitted } from '../domain/grants.events';
import { subCommandContext } from '../../core/sub-command';

/** Application; the handler looks up the programme, district and measures, then links the measures. */
export class SubmitGrantApplicationCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Omit<SubmitGrantApplication['data'], 'references'>, readonly context: CommandContext) {
    super();
  }
}

/**
 * Submits an application: looks up what it refers to (programme, district, measures) for the decider to judge,
 * appends the submission, then links the grant to each of its measures on the measure streams. The programme
 * catalogue only grows and measures are never removed; a district closed or a measure started between this look-up
 * and the append is the one race left open (both are rare, deliberate acts). A link that fails leaves the submission recorded: sending the same command id again links the
 * rest (every link has its own sub-command id, and linking twice records nothing).
 */
@CommandHandler(SubmitGrantApplicationCommand)
export class SubmitGrantApplicationHandler implements ICommandHandler<SubmitGrantApplicationCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly dispatch: CommandDispatch,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: SubmitGrantApplicationCommand): Promise<CommandOutcome> {
    const references = await this.lookUpReferences(data, context.actor);
    const outcome = await this.pipeline.run(grantsDecider, data.grantId, {
      type: 'SubmitGrantApplication',
      data: { ...data, references },
      context,
    });
    // Link the measures the recorded application names (for a repeated command id: the first one's).
    const [submitted] = outcome.events as unknown as GrantApplicationSubmitted[];
    for (const measureId of submitted.data.measureIds) {
      // Not exposed over GraphQL: a link always stands for a real application. Linking again records nothing.
      await this.dispatch.decide(measuresDecider, measureId, {
        type: 'LinkGrantToMeasure',
        data: { measureId, grantId: data.grantId },
        context: subCommandContext(context, 'link', data.grantId, measureId),
      });
    }
    return outcome;
  }

  private async lookUpReferences(data: SubmitGrantApplicationCommand['data'], actor: ScopedActor): Promise<ApplicationReferences> {
    const catalogue = await loadState(
      this.store,
      fundingProgrammesDecider,
      streamName(fundingProgrammesDecider.category, FUNDING_PROGRAMME_CATALOGUE_ID),
    );
    const programme = catalogue.state.programmes.get(data.programmeId);
    const district = await loadState(this.store, districtsDecider, streamName(districtsDecider.category, data.districtId));
    const unknownMeasureIds: string[] = [];
    const measures: ApplicationReferences['measures'] = [];
    for (const measureId of new Set(data.measureIds)) {
      const measure = await loadState(this.store, measuresDecider, streamName(measuresDecider.category, measureId));
      // A measure of a district outside the actor's scope is as unknown to them as one never planned.
      if (measure.state.status === 'none' || !inScope(actor, measure.state.districtId)) unknownMeasureIds.push(measureId);
      else measures.push({ measureId, status: measure.state.status, districtId: measure.state.districtId });
    }
    return {
      programme: programme ? { level: programme.level, fund: programme.fund } : null,
      district:
        district.state.status === 'unregistered' ? 'unknown' : district.state.status === 'closed' ? 'closed' : 'active',
      unknownMeasureIds,
      measures,
    };
  }
}
