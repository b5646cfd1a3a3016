import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, type FieldCondition, type Page, type ReadStore } from '../../src/read-store/read-store.port';
import { auditTrailStoreFilter, AuditTrailOrder, type AuditTrailFilterInput } from './audit-trail.filter';
import { AUDIT_TRAIL_COLLECTION, type AuditEntryDoc } from './audit-trail.projection';

export interface AuditTrailPageRequest {
  filter?: AuditTrailFilterInput;
  /**
   * The caller's district scope (src/auth/district-scope.ts), in place of the filter's district. Entries of no
   * single district (catalogues, reservations) then drop out.
   */
  district?: FieldCondition;
  order?: AuditTrailOrder;
  first: number;
  after?: string;
}

/** One page of audit entries in store order (or its reverse). Exports read page after page with it. */
export class ListAuditTrailQuery extends Query<Page<AuditEntryDoc>> {
  constructor(readonly request: AuditTrailPageRequest) {
    super();
  }
}

@QueryHandler(ListAuditTrailQuery)
export class ListAuditTrailHandler implements IQueryHandler<ListAuditTrailQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ request }: ListAuditTrailQuery): Promise<Page<AuditEntryDoc>> {
    return this.readStore.find<AuditEntryDoc>(AUDIT_TRAIL_COLLECTION, {
      filter: {
        ...auditTrailStoreFilter(request.filter),
        ...(request.district !== undefined ? { districtId: request.district } : {}),
      },
      sort: [{ field: 'position', direction: request.order === AuditTrailOrder.DESC ? 'desc' : 'asc' }],
      limit: request.first,
      after: request.after,
    });
  }
}
