import { inScope } from '../auth/district-scope';
import { type CommandContext, type ScopedActor, streamName } from '../core/decider';
import { subCommandContext } from '../core/sub-command';
import type { DistrictState } from '../districts/domain/districts.decider';
import type { SubmitGrantApplicationCommand } from '../funding/application/submit-grant-application.command';
import type { FundingProgrammeCatalogue } from '../funding/domain/funding-programmes.decider';
import type { ApplicationReferences, SubmitGrantApplication } from '../funding/domain/grants.commands';
import { type GrantState, grantsDecider } from '../funding/domain/grants.decider';
import type { GrantApplicationSubmitted } from '../funding/domain/grants.events';
import type { LinkGrantToMeasure } from '../measures/domain/measures.commands';
import { type MeasureState, measuresDecider } from '../measures/domain/measures.decider';
import type { EventsByStream } from './workflow';

type Input = Pick<SubmitGrantApplicationCommand, 'data' | 'context'>;

/** What the application refers to, as the streams know it before the submission. */
export interface ApplicationLookups {
  programmes: FundingProgrammeCatalogue;
  district: DistrictState;
  /** Every measure the application names, by id (a measure never planned has the initial state). */
  measures: ReadonlyMap<string, MeasureState>;
}

/** The facts the grant's decider judges the application by. */
function references({ data, context }: Input, lookups: ApplicationLookups): ApplicationReferences {
  const actor: ScopedActor = context.actor;
  const programme = lookups.programmes.programmes.get(data.programmeId);
  const unknownMeasureIds: string[] = [];
  const measures: ApplicationReferences['measures'] = [];
  for (const measureId of new Set(data.measureIds)) {
    const measure = lookups.measures.get(measureId) ?? measuresDecider.initialState();
    // A measure of a district outside the actor's scope is as unknown to them as one never planned.
    if (measure.status === 'none' || !inScope(actor, measure.districtId)) unknownMeasureIds.push(measureId);
    else measures.push({ measureId, status: measure.status, districtId: measure.districtId });
  }
  const { status } = lookups.district;
  return {
    programme: programme ? { level: programme.level, fund: programme.fund } : null,
    district: status === 'unregistered' ? 'unknown' : status === 'closed' ? 'closed' : 'active',
    unknownMeasureIds,
    measures,
  };
}

/** Step 1, on the grant stream. */
function application(input: Input, lookups: ApplicationLookups): SubmitGrantApplication {
  return { type: 'SubmitGrantApplication', data: { ...input.data, references: references(input, lookups) }, context: input.context };
}

/**
 * Step 2, one per measure the recorded submission names (for a repeated command id: the first one's). Each has its
 * own sub-command id, so sending the command again links the rest; linking twice records nothing.
 */
function links(submitted: GrantApplicationSubmitted, context: CommandContext): LinkGrantToMeasure[] {
  const { grantId, measureIds } = submitted.data;
  return measureIds.map((measureId) => ({
    type: 'LinkGrantToMeasure',
    data: { measureId, grantId },
    context: subCommandContext(context, 'link', grantId, measureId),
  }));
}

/**
 * Submitting a grant application: the grant judges the application by what it refers to (programme, district,
 * measures), then each named measure is linked to the grant.
 */
export const submitGrantApplicationWorkflow = {
  application,
  links,
  decide(input: Input, states: ApplicationLookups & { grant: GrantState }): EventsByStream {
    const submission = grantsDecider.decide(application(input, states), states.grant);
    const [submitted] = submission as GrantApplicationSubmitted[];
    const decided: EventsByStream = { [streamName(grantsDecider.category, input.data.grantId)]: submission };
    for (const link of links(submitted, input.context)) {
      const measure = states.measures.get(link.data.measureId) ?? measuresDecider.initialState();
      decided[streamName(measuresDecider.category, link.data.measureId)] = measuresDecider.decide(link, measure);
    }
    return decided;
  },
};
