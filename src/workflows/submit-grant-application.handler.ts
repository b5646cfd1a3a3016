import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandDispatch } from '../core/command-dispatch';
import { CommandPipeline } from '../core/command-pipeline.service';
import { streamName } from '../core/decider';
import { type CommandOutcome, loadState } from '../core/handle-command';
import { districtsDecider } from '../districts/domain/districts.decider';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { SubmitGrantApplicationCommand } from '../funding/application/submit-grant-application.command';
import { FUNDING_PROGRAMME_CATALOGUE_ID, fundingProgrammesDecider } from '../funding/domain/funding-programmes.decider';
import { grantsDecider } from '../funding/domain/grants.decider';
import type { GrantApplicationSubmitted } from '../funding/domain/grants.events';
import { type MeasureState, measuresDecider } from '../measures/domain/measures.decider';
import { type ApplicationLookups, submitGrantApplicationWorkflow as workflow } from './submit-grant-application.workflow';

/**
 * Submits an application: looks up what it refers to (programme, district, measures) for the grant's decider to
 * judge, appends the submission, then links the grant to each of its measures on the measure streams. The programme
 * catalogue only grows and measures are never removed; a district closed or a measure started between this look-up
 * and the append is the one race left open (both are rare, deliberate acts). A link that fails leaves the submission
 * recorded: sending the same command id again links the rest.
 */
@CommandHandler(SubmitGrantApplicationCommand)
export class SubmitGrantApplicationHandler implements ICommandHandler<SubmitGrantApplicationCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly dispatch: CommandDispatch,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(command: SubmitGrantApplicationCommand): Promise<CommandOutcome> {
    const outcome = await this.pipeline.run(
      grantsDecider,
      command.data.grantId,
      workflow.application(command, await this.lookUp(command.data)),
    );
    const [submitted] = outcome.events as unknown as GrantApplicationSubmitted[];
    for (const link of workflow.links(submitted, command.context)) {
      // Not exposed over GraphQL: a link always stands for a real application.
      await this.dispatch.decide(measuresDecider, link.data.measureId, link);
    }
    return outcome;
  }

  private async lookUp(data: SubmitGrantApplicationCommand['data']): Promise<ApplicationLookups> {
    const catalogue = await loadState(
      this.store,
      fundingProgrammesDecider,
      streamName(fundingProgrammesDecider.category, FUNDING_PROGRAMME_CATALOGUE_ID),
    );
    const district = await loadState(this.store, districtsDecider, streamName(districtsDecider.category, data.districtId));
    const measures = new Map<string, MeasureState>();
    for (const measureId of new Set(data.measureIds)) {
      const measure = await loadState(this.store, measuresDecider, streamName(measuresDecider.category, measureId));
      measures.set(measureId, measure.state);
    }
    return { programmes: catalogue.state, district: district.state, measures };
  }
}
