import { Module } from '@nestjs/common';
import { AuditTrailExport } from './audit-trail-export';
import { ExportErrorsFilter } from './export-http';
import { ExportsController } from './exports.controller';
import { GrantExports } from './grant-exports';
import { OperationsExport } from './operations-export';

/** File exports over HTTP: audit trail (CSV, JSON), per-grant audit file and transactions, list of operations. */
@Module({
  controllers: [ExportsController],
  providers: [AuditTrailExport, GrantExports, OperationsExport, ExportErrorsFilter],
})
export class ExportsModule {}
