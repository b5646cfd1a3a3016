import { Inject, Injectable } from '@nestjs/common';
import { DECISION_REF, type CitedDecisions } from '../../core/cited-decisions';
import { streamName } from '../../core/decider';
import { loadState } from '../../core/handle-command';
import { isUuid } from '../../core/ids';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { bodiesDecider, bodyFacts, type BodyFacts, recordedDecision, type RecordedDecision } from '../domain/bodies.decider';

/**
 * Answers other modules' questions about bodies from the body streams themselves (not the read model, which may
 * lag behind): does a body exist, and which decision does a `<bodyId>/<decisionId>` citation name.
 *
 * It is also the CITED_DECISIONS provider of the command pipeline. Any recorded decision may be cited, whatever
 * its outcome: a REJECTED or DEFERRED decision is evidence as well ("the forum rejected variant A, so we do B").
 * Commands that need a decision in favour (adopting a concept version) check the outcome themselves.
 */
@Injectable()
export class BodyLookup implements CitedDecisions {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async body(bodyId: string): Promise<BodyFacts | null> {
    if (!isUuid(bodyId)) return null;
    const { state } = await loadState(this.store, bodiesDecider, streamName(bodiesDecider.category, bodyId));
    return bodyFacts(state);
  }

  /** The facts of each existing body among `bodyIds`; missing ones are left out. */
  async bodies(bodyIds: readonly string[]): Promise<BodyFacts[]> {
    const found = await Promise.all([...new Set(bodyIds)].map((id) => this.body(id)));
    return found.filter((facts): facts is BodyFacts => facts !== null);
  }

  async decision(decisionRef: string): Promise<RecordedDecision | null> {
    if (!DECISION_REF.test(decisionRef)) return null;
    const [bodyId, decisionId] = decisionRef.split('/');
    if (!isUuid(bodyId)) return null;
    const { state } = await loadState(this.store, bodiesDecider, streamName(bodiesDecider.category, bodyId));
    return recordedDecision(state, decisionId);
  }

  async exists(decisionRef: string): Promise<boolean> {
    return (await this.decision(decisionRef)) !== null;
  }
}
