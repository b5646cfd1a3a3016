import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import {
  auditTrailStoreFilter,
  AuditTrailFilterInput,
  AuditTrailOrder,
} from '../../projections/audit-trail/audit-trail.filter';
import type { AuditEntryDoc, AuditFieldChange } from '../../projections/audit-trail/audit-trail.projection';
import { ListAuditTrailQuery } from '../../projections/audit-trail/audit-trail.query';
import { POSITION_FIELD } from '../../projections/runner/projection';
import { districtCondition } from '../auth/district-scope';
import type { Principal } from '../core/principal';
import { badInput } from '../core/domain-error';
import type { FieldCondition } from '../read-store/read-store.port';
import type { Actor } from '../core/envelope';
import { type CsvColumn, csvHeader, csvLine, UTF8_BOM } from './csv';
import { writeChunk } from './export-http';

const FILTER_PARAMS = [
  'entityType',
  'entityId',
  'districtId',
  'actorId',
  'personId',
  'eventTypes',
  'recordedFrom',
  'recordedTo',
  'effectiveFrom',
  'effectiveTo',
] as const satisfies readonly (keyof AuditTrailFilterInput)[];
const KNOWN_PARAMS = new Set<string>([...FILTER_PARAMS, 'order']);

/** Rows read from the read store per round trip while streaming. */
const PAGE_SIZE = 500;

export interface AuditTrailExportRequest {
  filter: AuditTrailFilterInput;
  /** The caller's district scope (see ListAuditTrailQuery). */
  district?: FieldCondition;
  order: AuditTrailOrder;
}

const textValues = (name: string, raw: unknown): string[] => {
  const values = Array.isArray(raw) ? raw : [raw];
  if (!values.every((v): v is string => typeof v === 'string')) throw badInput(`${name} must be text`);
  return values;
};

/**
 * The query string as the GraphQL filter input, validated by the same class-validator rules, held to the caller's
 * district scope. `eventTypes` may be repeated or comma-separated; every other parameter may appear once; unknown
 * parameters are refused.
 */
export async function auditTrailExportRequest(
  query: Request['query'],
  caller: Principal,
): Promise<AuditTrailExportRequest> {
  const unknown = Object.keys(query).filter((name) => !KNOWN_PARAMS.has(name));
  if (unknown.length > 0) throw badInput(`Unknown parameters: ${unknown.join(', ')}`, { parameters: unknown });
  const plain: Partial<Record<(typeof FILTER_PARAMS)[number], string | string[]>> = {};
  for (const name of FILTER_PARAMS) {
    if (query[name] === undefined) continue;
    const values = textValues(name, query[name]);
    if (name === 'eventTypes') {
      plain.eventTypes = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    } else if (values.length > 1) {
      throw badInput(`${name} may be given once`);
    } else {
      plain[name] = values[0];
    }
  }
  const filter = plainToInstance(AuditTrailFilterInput, plain);
  const errors = await validate(filter, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw badInput(messages.join('; '), { validation: messages });
  }
  auditTrailStoreFilter(filter); // refuses inverted ranges before the download starts
  const order = query.order === undefined ? AuditTrailOrder.ASC : textValues('order', query.order)[0];
  if (order !== AuditTrailOrder.ASC && order !== AuditTrailOrder.DESC) throw badInput('order must be ASC or DESC');
  return { filter, district: districtCondition(caller, filter.districtId), order };
}

const formatValue = (value: AuditFieldChange['from']): string => (value === null ? '∅' : JSON.stringify(value));

/** `field: old → new; …` for one spreadsheet cell. */
export const formatChanges = (entry: AuditEntryDoc): string =>
  entry.changes.map((c) => `${c.field}: ${formatValue(c.from)} → ${formatValue(c.to)}`).join('; ') +
  (entry.changesTruncated ? '; …' : '');

export const AUDIT_TRAIL_COLUMNS: readonly CsvColumn<AuditEntryDoc>[] = [
  { header: 'position', value: (e) => e.position },
  { header: 'recorded_at', value: (e) => e.recordedAt },
  { header: 'effective_at', value: (e) => e.effectiveAt },
  { header: 'effective_date', value: (e) => e.effectiveDate },
  { header: 'effective_date_source', value: (e) => e.effectiveDateSource },
  { header: 'actor_id', value: (e) => e.actorId },
  { header: 'actor_role', value: (e) => e.actorRole },
  { header: 'person_id', value: (e) => e.personId },
  { header: 'event_type', value: (e) => e.eventType },
  { header: 'action', value: (e) => e.action },
  { header: 'entity_type', value: (e) => e.entityType },
  { header: 'entity_id', value: (e) => e.entityId },
  { header: 'stream_version', value: (e) => e.streamVersion },
  { header: 'district_id', value: (e) => e.districtId },
  { header: 'reason', value: (e) => e.reason },
  { header: 'decision_ref', value: (e) => e.decisionRef },
  { header: 'summary', value: (e) => e.summary },
  { header: 'changes', value: formatChanges },
  { header: 'event_id', value: (e) => e.id },
  { header: 'command_id', value: (e) => e.commandId },
  { header: 'correlation_id', value: (e) => e.correlationId },
  { header: 'causation_id', value: (e) => e.causationId },
];

/** The entry without the projection's bookkeeping field. */
function publicEntry(entry: AuditEntryDoc): Omit<AuditEntryDoc, typeof POSITION_FIELD> {
  const { [POSITION_FIELD]: _applied, ...rest } = entry;
  return rest;
}

/** Streams the filtered audit trail page by page from the read store, as CSV or JSON. */
@Injectable()
export class AuditTrailExport {
  constructor(private readonly queryBus: QueryBus) {}

  async *entries(request: AuditTrailExportRequest): AsyncGenerator<AuditEntryDoc> {
    let after: string | undefined;
    for (;;) {
      const page = await this.queryBus.execute(
        new ListAuditTrailQuery({ ...request, first: PAGE_SIZE, after }),
      );
      yield* page.items;
      if (!page.hasNextPage || page.endCursor === null) return;
      after = page.endCursor;
    }
  }

  async writeCsv(response: Response, request: AuditTrailExportRequest): Promise<void> {
    await writeChunk(response, UTF8_BOM + csvHeader(AUDIT_TRAIL_COLUMNS));
    for await (const entry of this.entries(request)) await writeChunk(response, csvLine(AUDIT_TRAIL_COLUMNS, entry));
  }

  async writeJson(response: Response, request: AuditTrailExportRequest, caller: Actor, at: Date): Promise<void> {
    const head = {
      format: 'stadtteil-ledger/audit-trail',
      formatVersion: 1,
      exportedAt: at.toISOString(),
      // Who, as the events record it: the district scope and the credential stay with the request.
      exportedBy: { id: caller.id, role: caller.role },
      filter: { ...request.filter },
      order: request.order,
    };
    // The envelope is written around the entries so that any number of them streams in constant memory.
    await writeChunk(response, `${JSON.stringify(head).slice(0, -1)},"entries":[`);
    let count = 0;
    for await (const entry of this.entries(request)) {
      await writeChunk(response, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(publicEntry(entry))}`);
      count += 1;
    }
    await writeChunk(response, `\n],"count":${count}}\n`);
  }
}
