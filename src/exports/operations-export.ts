import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ACTION_FIELDS_COLLECTION, type ActionFieldDoc } from '../../projections/action-fields/action-fields.projection';
import { DISTRICTS_COLLECTION, type DistrictDoc } from '../../projections/districts/districts.projection';
import {
  FUNDING_PROGRAMMES_COLLECTION,
  type FundingProgrammeDoc,
} from '../../projections/funding-programmes/funding-programmes.projection';
import { GRANTS_COLLECTION, type GrantDoc } from '../../projections/grants/grants.projection';
import { MEASURES_COLLECTION, type MeasureDoc } from '../../projections/measures/measures.projection';
import { APPROVAL_IN_FORCE } from '../../projections/district-dashboard/district-dashboard.query';
import { formatCents, formatEuros } from '../core/money';
import { READ_STORE, type Doc, type FieldCondition, type ReadStore } from '../read-store/read-store.port';
import { type CsvColumn, csvHeader, csvLine, UTF8_BOM } from './csv';
import { writeChunk } from './export-http';

const PAGE_SIZE = 200;

/** One measure with what the list of operations shows about its district, action fields and grants. */
export interface OperationRow {
  measure: MeasureDoc;
  district: DistrictDoc | null;
  actionFields: (ActionFieldDoc | null)[];
  grants: { grant: GrantDoc; programme: FundingProgrammeDoc | null }[];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const distinct = (values: readonly string[]) => [...new Set(values)];

/**
 * The approved amount a grant counts with: its maximum while the approval is in force (the dashboard's rule), 0
 * once revoked. Disbursed money counts whatever the status: it was paid out (repayments are not netted here).
 */
const approvedInForce = (grant: GrantDoc) => (APPROVAL_IN_FORCE.has(grant.status) ? grant.approvedAmount : 0);

/**
 * The totals are per grant: a grant that serves several measures counts in full in each of their rows (the ledger
 * does not say how a grant divides between its measures, so no split is invented). Summing a column over rows can
 * therefore count a shared grant more than once; `shared_grant_ids` names those grants.
 */
const approvedOf = (row: OperationRow) => sum(row.grants.map((g) => approvedInForce(g.grant)));
const disbursedOf = (row: OperationRow) => sum(row.grants.map((g) => g.grant.disbursed));
const PER_GRANT = '(per grant, not split between measures)';

function grantSummary({ grant, programme }: OperationRow['grants'][number]): string {
  const approval = APPROVAL_IN_FORCE.has(grant.status)
    ? `approved ${formatEuros(grant.approvedAmount)}`
    : grant.approvedAmount > 0
      ? `approval of ${formatEuros(grant.approvedAmount)} no longer in force`
      : 'not approved';
  return (
    `${programme?.name ?? grant.programmeId} (${grant.programmeLevel}, ${grant.fund}) [${grant.status}]: ` +
    `${approval}, disbursed ${formatEuros(grant.disbursed)}`
  );
}

/** The list of operations (Vorhabenliste) funders ask for: one row per measure. */
export const OPERATION_COLUMNS: readonly CsvColumn<OperationRow>[] = [
  { header: 'measure_id', value: (r) => r.measure.id },
  { header: 'code', value: (r) => r.measure.code },
  { header: 'title', value: (r) => r.measure.title },
  { header: 'district_id', value: (r) => r.measure.districtId },
  { header: 'district', value: (r) => r.district?.name ?? null },
  { header: 'municipality', value: (r) => r.district?.municipality ?? null },
  { header: 'action_field_ids', value: (r) => r.measure.actionFieldIds.join('; ') },
  {
    header: 'action_fields',
    value: (r) => r.actionFields.map((f, i) => f?.name ?? r.measure.actionFieldIds[i]).join('; '),
  },
  { header: 'integrated', value: (r) => r.measure.integrated },
  { header: 'sponsor', value: (r) => r.measure.sponsor.name },
  { header: 'sponsor_type', value: (r) => r.measure.sponsor.type },
  { header: 'status', value: (r) => r.measure.status },
  { header: 'planned_start_date', value: (r) => r.measure.plannedStartDate },
  { header: 'planned_end_date', value: (r) => r.measure.plannedEndDate },
  { header: 'actual_start_date', value: (r) => r.measure.actualStartDate },
  { header: 'actual_end_date', value: (r) => r.measure.actualEndDate },
  { header: 'progress_percent', value: (r) => r.measure.progressPercent },
  { header: 'grant_ids', value: (r) => r.grants.map((g) => g.grant.id).join('; ') },
  { header: 'programmes', value: (r) => distinct(r.grants.map((g) => g.programme?.name ?? g.grant.programmeId)).join('; ') },
  { header: 'funding_levels', value: (r) => distinct(r.grants.map((g) => g.grant.programmeLevel)).join('; ') },
  { header: 'grants', value: (r) => r.grants.map(grantSummary).join(' | ') },
  {
    header: 'shared_grant_ids',
    value: (r) => r.grants.filter((g) => distinct(g.grant.measureIds).length > 1).map((g) => g.grant.id).join('; '),
  },
  { header: `grants_approved_in_force_cents ${PER_GRANT}`, value: approvedOf },
  { header: `grants_disbursed_cents ${PER_GRANT}`, value: disbursedOf },
  { header: `grants_approved_in_force_eur ${PER_GRANT}`, value: (r) => formatCents(approvedOf(r)) },
  { header: `grants_disbursed_eur ${PER_GRANT}`, value: (r) => formatCents(disbursedOf(r)) },
];

const byId = <T extends Doc>(docs: readonly T[]) => new Map(docs.map((d) => [d.id, d]));

/** Reads the read models only: measures page by page, with their districts, action fields, grants, programmes. */
@Injectable()
export class OperationsExport {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** `district`: the caller's district scope; undefined for every district. */
  async *rows(district?: FieldCondition): AsyncGenerator<OperationRow> {
    const actionFields = byId(
      (await this.readStore.find<ActionFieldDoc>(ACTION_FIELDS_COLLECTION, { limit: 1000 })).items,
    );
    let after: string | undefined;
    for (;;) {
      const page = await this.readStore.find<MeasureDoc>(MEASURES_COLLECTION, {
        filter: district !== undefined ? { districtId: district } : {},
        sort: [{ field: 'code', direction: 'asc' }],
        limit: PAGE_SIZE,
        after,
      });
      const measures = page.items;
      const grantIds = distinct(measures.flatMap((m) => m.grantIds));
      const [districts, grants] = await Promise.all([
        this.readStore.getMany<DistrictDoc>(DISTRICTS_COLLECTION, distinct(measures.map((m) => m.districtId))),
        this.readStore.getMany<GrantDoc>(GRANTS_COLLECTION, grantIds),
      ]);
      const grantsById = byId(grants);
      const programmes = byId(
        await this.readStore.getMany<FundingProgrammeDoc>(
          FUNDING_PROGRAMMES_COLLECTION,
          distinct(grants.map((g) => g.programmeId)),
        ),
      );
      const districtsById = byId(districts);
      for (const measure of measures) {
        yield {
          measure,
          district: districtsById.get(measure.districtId) ?? null,
          actionFields: measure.actionFieldIds.map((id) => actionFields.get(id) ?? null),
          grants: distinct(measure.grantIds)
            .map((id) => grantsById.get(id))
            .filter((grant): grant is GrantDoc => grant !== undefined)
            .map((grant) => ({ grant, programme: programmes.get(grant.programmeId) ?? null })),
        };
      }
      if (!page.hasNextPage || page.endCursor === null) return;
      after = page.endCursor;
    }
  }

  async writeCsv(response: Response, district?: FieldCondition): Promise<void> {
    await writeChunk(response, UTF8_BOM + csvHeader(OPERATION_COLUMNS));
    for await (const row of this.rows(district)) await writeChunk(response, csvLine(OPERATION_COLUMNS, row));
  }
}
