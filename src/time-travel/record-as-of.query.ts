import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { streamName } from '../core/decider';
import { recordNotFound } from '../core/domain-error';
import type { Doc } from '../read-store/read-store.port';
import type { Projection } from '../../projections/runner/projection';
import { TimeTravelService } from './time-travel.service';

export interface RecordAsOfRequest {
  projection: Projection;
  /** Names the record in the NOT_FOUND message (`District`, `Goal`, …). */
  entity: string;
  id: string;
  streams: readonly string[];
  at: Date;
}

/** A record as of a recording time; NOT_FOUND when it did not exist yet (or never). */
export class RecordAsOfQuery<T extends Doc> extends Query<T> {
  constructor(readonly request: RecordAsOfRequest) {
    super();
  }
}

/**
 * The query for a record kept in its own stream `<category>-<id>`: true of districts, goals, measures and grants,
 * whose projections read only events keyed by the record's id, all of which its own decider appends.
 */
export const ownStreamAsOf = <T extends Doc>(projection: Projection, entity: string, category: string, id: string, at: Date) =>
  new RecordAsOfQuery<T>({ projection, entity, id, streams: [streamName(category, id)], at });

@QueryHandler(RecordAsOfQuery)
export class RecordAsOfHandler implements IQueryHandler<RecordAsOfQuery<Doc>> {
  constructor(private readonly timeTravel: TimeTravelService) {}

  async execute({ request }: RecordAsOfQuery<Doc>): Promise<Doc> {
    const { projection, entity, id, streams, at } = request;
    const doc = await this.timeTravel.asOf(projection, id, streams, at);
    if (!doc) throw recordNotFound(entity, id, at);
    return doc;
  }
}
