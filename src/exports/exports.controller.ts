import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { assertEveryDistrict, districtCondition } from '../auth/district-scope';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CLOCK, type Clock } from '../core/clock';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { LogCheckpoints } from '../integrity/log-checkpoints.service';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { AuditTrailExport, auditTrailExportRequest } from './audit-trail-export';
import { ExportErrorsFilter, exportCaller, fileStamp, startDownload } from './export-http';
import { GrantExports } from './grant-exports';
import { writeIatiActivitiesXml } from './iati/iati-activity';
import { iatiOrgRef, loadIatiActivitySource } from './iati/iati-source';
import { OperationsExport } from './operations-export';

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const XML = 'application/xml; charset=utf-8';

/**
 * Downloads for funders and auditors over authenticated HTTP. Every request is identified and authorized like a
 * GraphQL request (district scope included); parameters are checked before the first byte is sent, so a refusal is
 * always a JSON error with a status.
 */
@Controller('exports')
@UseFilters(ExportErrorsFilter)
export class ExportsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly auditTrail: AuditTrailExport,
    private readonly grants: GrantExports,
    private readonly operations: OperationsExport,
    private readonly logCheckpoints: LogCheckpoints,
  ) {}

  /** The audit trail with the GraphQL filters as query parameters, as CSV (RFC 4180, UTF-8 with BOM). */
  @Get('audit-trail.csv')
  async auditTrailCsv(@Req() request: Request, @Res() response: Response): Promise<void> {
    const caller = exportCaller(request);
    const exportRequest = await auditTrailExportRequest(request.query, caller);
    startDownload(response, CSV, `audit-trail-${fileStamp(this.clock.now())}.csv`);
    await this.auditTrail.writeCsv(response, exportRequest);
    response.end();
  }

  @Get('audit-trail.json')
  async auditTrailJson(@Req() request: Request, @Res() response: Response): Promise<void> {
    const caller = exportCaller(request);
    const exportRequest = await auditTrailExportRequest(request.query, caller);
    const now = this.clock.now();
    startDownload(response, JSON_TYPE, `audit-trail-${fileStamp(now)}.json`);
    await this.auditTrail.writeJson(response, exportRequest, caller, now);
    response.end();
  }

  /** The grant's event log with its hash chain checked: a replayable audit file, streamed page by page. */
  @Get('grants/:grantId/audit-file.json')
  async grantAuditFile(
    @Req() request: Request,
    @Res() response: Response,
    @Param('grantId') grantId: string,
  ): Promise<void> {
    const caller = exportCaller(request);
    const head = await this.grants.head(grantId, caller);
    startDownload(response, JSON_TYPE, `grant-${grantId}-audit-file.json`);
    await this.grants.writeAuditFile(response, head, caller, this.clock.now());
    response.end();
  }

  /** One grant's transactions with IATI codes (see grant-transactions.ts for the mapping), streamed page by page. */
  @Get('grants/:grantId/transactions.csv')
  async grantTransactions(
    @Req() request: Request,
    @Res() response: Response,
    @Param('grantId') grantId: string,
  ): Promise<void> {
    const caller = exportCaller(request);
    const head = await this.grants.head(grantId, caller);
    startDownload(response, CSV, `grant-${grantId}-transactions.csv`);
    await this.grants.writeTransactionsCsv(response, head);
    response.end();
  }

  /** The measure as an IATI 2.03 activity (iati-activities with one iati-activity), from the read models. */
  @Get('measures/:measureId/iati.xml')
  async measureIatiXml(
    @Req() request: Request,
    @Res() response: Response,
    @Param('measureId') measureId: string,
  ): Promise<void> {
    const caller = exportCaller(request);
    const source = await loadIatiActivitySource(this.readStore, this.eventStore, measureId, caller);
    const xml = writeIatiActivitiesXml(source, {
      orgRef: iatiOrgRef(this.config.iatiOrgRef, source.district.municipalityKey),
      generatedAt: this.clock.now(),
    });
    startDownload(response, XML, `measure-${measureId}-iati.xml`);
    response.end(xml);
  }

  /**
   * A signed checkpoint of the whole log, for a funder or auditor to keep and check the log against later: the
   * latest one, or a new one when events were recorded since. Its stream tips name streams of every district, so
   * only callers for every district get it.
   */
  @Get('log-checkpoint.json')
  async logCheckpoint(@Req() request: Request, @Res() response: Response): Promise<void> {
    const caller = exportCaller(request);
    assertEveryDistrict(caller, 'The checkpoint of the whole log');
    const signed = await this.logCheckpoints.checkpointNow();
    startDownload(response, JSON_TYPE, `log-checkpoint-${signed.checkpoint.position}.json`);
    response.end(`${JSON.stringify(signed, null, 2)}\n`);
  }

  /** The list of operations: one row per measure of the caller's districts, from the read models. */
  @Get('operations.csv')
  async operationsCsv(@Req() request: Request, @Res() response: Response): Promise<void> {
    const caller = exportCaller(request);
    startDownload(response, CSV, `operations-${fileStamp(this.clock.now())}.csv`);
    await this.operations.writeCsv(response, districtCondition(caller));
    response.end();
  }
}
