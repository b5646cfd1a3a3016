import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../src/core/domain-error';
import {
  READ_STORE,
  type FieldCondition,
  type Filter,
  type Page,
  type ReadStore,
  type SortField,
} from '../../src/read-store/read-store.port';
import {
  GOAL_ACTION_FIELDS_COLLECTION,
  GOALS_COLLECTION,
  type GoalActionFieldDoc,
  type GoalDoc,
  type GoalStatus,
} from './goals.projection';

export class GetGoalQuery extends Query<GoalDoc> {
  constructor(readonly goalId: string) {
    super();
  }
}

export interface ListGoalsOptions {
  /** One district, or the caller's district scope. */
  districtId?: FieldCondition;
  actionFieldId?: string;
  status?: GoalStatus;
  first: number;
  after?: string;
}

export class ListGoalsQuery extends Query<Page<GoalDoc>> {
  constructor(readonly options: ListGoalsOptions) {
    super();
  }
}

/** Goals and their action-field links are listed in the same order: by title, then id. */
const BY_TITLE: readonly SortField[] = [{ field: 'title', direction: 'asc' }];

@QueryHandler(GetGoalQuery)
export class GetGoalHandler implements IQueryHandler<GetGoalQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ goalId }: GetGoalQuery): Promise<GoalDoc> {
    const doc = await this.readStore.get<GoalDoc>(GOALS_COLLECTION, goalId);
    if (!doc) throw notFound('Goal', goalId);
    return doc;
  }
}

@QueryHandler(ListGoalsQuery)
export class ListGoalsHandler implements IQueryHandler<ListGoalsQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ options }: ListGoalsQuery): Promise<Page<GoalDoc>> {
    const { districtId, actionFieldId, status, first, after } = options;
    const filter: Filter = {
      ...(districtId !== undefined ? { districtId } : {}),
      ...(status ? { status } : {}),
    };
    if (!actionFieldId) {
      return this.readStore.find<GoalDoc>(GOALS_COLLECTION, { filter, sort: BY_TITLE, limit: first, after });
    }
    // Page through the links of the action field, then fetch their goals in the links' order.
    const links = await this.readStore.find<GoalActionFieldDoc>(GOAL_ACTION_FIELDS_COLLECTION, {
      filter: { ...filter, actionFieldId },
      sort: BY_TITLE,
      limit: first,
      after,
    });
    const goals = await this.readStore.getMany<GoalDoc>(
      GOALS_COLLECTION,
      links.items.map((link) => link.goalId),
    );
    const byId = new Map(goals.map((goal) => [goal.id, goal]));
    // Each goal keeps its link's cursor, so resuming after any goal continues right behind it.
    const page: Page<GoalDoc> = { items: [], cursors: [], endCursor: links.endCursor, hasNextPage: links.hasNextPage };
    links.items.forEach((link, i) => {
      const goal = byId.get(link.goalId);
      if (!goal) return;
      page.items.push(goal);
      page.cursors.push(links.cursors[i]);
    });
    return page;
  }
}
