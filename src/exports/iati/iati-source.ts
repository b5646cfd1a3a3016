import { isUUID } from 'class-validator';
import { ACTION_FIELDS_COLLECTION, type ActionFieldDoc } from '../../../projections/action-fields/action-fields.projection';
import { DISTRICTS_COLLECTION, type DistrictDoc } from '../../../projections/districts/districts.projection';
import {
  FUNDING_PROGRAMMES_COLLECTION,
  type FundingProgrammeDoc,
} from '../../../projections/funding-programmes/funding-programmes.projection';
import { GOALS_COLLECTION, type GoalDoc } from '../../../projections/goals/goals.projection';
import { GRANTS_COLLECTION, type GrantDoc } from '../../../projections/grants/grants.projection';
import { MEASURES_COLLECTION, type MeasureDoc } from '../../../projections/measures/measures.projection';
import { inScope } from '../../auth/district-scope';
import { type ScopedActor, streamName } from '../../core/decider';
import { badInput, DomainError, notFound } from '../../core/domain-error';
import type { EventStore } from '../../event-store/event-store.port';
import { grantsDecider } from '../../funding/domain/grants.decider';
import type { ReadStore } from '../../read-store/read-store.port';
import { grantTransactions, type GrantTransaction } from '../grant-transactions';
import type { IatiActivitySource } from './iati-activity';

/**
 * reporting-org/@ref and the prefix of every iati-identifier: the configured IATI_ORG_REF (e.g. the municipality's
 * registered IATI organisation identifier), else `DE-AGS-<official municipality key>` of the measure's district.
 */
export function iatiOrgRef(configured: string | null, municipalityKey: string): string {
  return configured ?? `DE-AGS-${municipalityKey}`;
}

const distinct = (values: readonly string[]) => [...new Set(values)];

/**
 * A grant's transactions from its event stream, read up to the version its read-model document shows, so the
 * transactions and the budgets (from the document) describe the same moment.
 */
async function transactionsOf(eventStore: EventStore, grant: GrantDoc): Promise<GrantTransaction[]> {
  const events = await eventStore.readStream(streamName(grantsDecider.category, grant.id), { maxCount: grant.version + 1 });
  return grantTransactions(events);
}

/**
 * The documents of one measure's IATI activity: the measure, its district, its action fields, its grants with their
 * programmes and transactions, and the goals it contributes to. Everything but the transactions comes from the read
 * models; the transactions come from each grant's events through the mapping the transactions CSV uses (the read
 * model keeps neither the revocation date nor the dates of repayments). Malformed id → BAD_USER_INPUT, unknown
 * measure, or one of a district outside the caller's scope → NOT_FOUND.
 */
export async function loadIatiActivitySource(
  readStore: ReadStore,
  eventStore: EventStore,
  measureId: string,
  caller: ScopedActor,
): Promise<IatiActivitySource> {
  if (!isUUID(measureId)) throw badInput('measureId must be a UUID');
  const measure = await readStore.get<MeasureDoc>(MEASURES_COLLECTION, measureId);
  if (!measure || !inScope(caller, measure.districtId)) throw notFound('Measure', measureId);
  const grantIds = distinct(measure.grantIds);
  const goalIds = distinct(measure.goalContributions.map((c) => c.goalId));
  const [district, actionFields, grants, goals] = await Promise.all([
    readStore.get<DistrictDoc>(DISTRICTS_COLLECTION, measure.districtId),
    readStore.getMany<ActionFieldDoc>(ACTION_FIELDS_COLLECTION, distinct(measure.actionFieldIds)),
    readStore.getMany<GrantDoc>(GRANTS_COLLECTION, grantIds),
    readStore.getMany<GoalDoc>(GOALS_COLLECTION, goalIds),
  ]);
  // A measure is planned in a registered district; a missing one means the read model has not caught up.
  if (!district) {
    throw new DomainError('SERVICE_UNAVAILABLE', `District ${measure.districtId} of the measure is not in the read model yet`);
  }
  const programmes = new Map(
    (
      await readStore.getMany<FundingProgrammeDoc>(FUNDING_PROGRAMMES_COLLECTION, distinct(grants.map((g) => g.programmeId)))
    ).map((p) => [p.id, p]),
  );
  const transactions = new Map(
    await Promise.all(grants.map(async (grant) => [grant.id, await transactionsOf(eventStore, grant)] as const)),
  );
  const grantsById = new Map(grants.map((g) => [g.id, g]));
  const goalsById = new Map(goals.map((g) => [g.id, g]));
  return {
    measure,
    district,
    actionFields,
    grants: grantIds.flatMap((id) => {
      const grant = grantsById.get(id);
      return grant
        ? [{ grant, programme: programmes.get(grant.programmeId) ?? null, transactions: transactions.get(id) ?? [] }]
        : [];
    }),
    goals: goalIds.flatMap((id) => {
      const goal = goalsById.get(id);
      return goal ? [goal] : [];
    }),
  };
}
