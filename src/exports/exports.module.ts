import { Module } from '@nestjs/common';
import { IntegrityModule } from '../integrity/integrity.module';
import { AuditTrailExport } from './audit-trail-export';
import { ExportErrorsFilter } from './export-http';
import { ExportsController } from './exports.controller';
import { GrantExports } from './grant-exports';
import { OperationsExport } from './operations-export';

/**
 * File exports over HTTP: audit trail (CSV, JSON), per-grant audit file and transactions, list of operations, signed
 * checkpoint of the log.
 */
@Module({
  imports: [IntegrityModule],
  controllers: [ExportsController],
  providers: [AuditTrailExport, GrantExports, OperationsExport, ExportErrorsFilter],
})
export class ExportsModule {}
