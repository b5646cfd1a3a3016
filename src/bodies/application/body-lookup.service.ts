import { Inject, Injectable } from '@nestjs/common';
import { DECISION_REF, type CitedDecisions } from '../../core/cited-decisions';
import { inScope } from '../../auth/district-scope';
import { type ScopedActor, streamName } from '../../core/decider';
import { loadState } from '../../core/handle-command';
import { isUuid } from '../../core/ids';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import {
  bodiesDecider,
  bodyFacts,
  type BodyFacts,
  type BodyState,
  recordedDecision,
  type RecordedDecision,
} from '../domain/bodies.decider';

/**
 * Answers other modules' questions about bodies from the body streams themselves (not the read model, which may
 * lag behind): does a body exist, and which decision does a `<bodyId>/<decisionId>` citation name. Asked for a
 * viewer: a body of a district outside the viewer's scope is answered as missing, so a command cannot probe ids.
 *
 * It is also the CITED_DECISIONS provider of the command pipeline. Any recorded decision may be cited, whatever
 * its outcome: a REJECTED or DEFERRED decision is evidence as well ("the forum rejected variant A, so we do B").
 * Commands that need a decision in favour (adopting a concept version) check the outcome themselves.
 */
@Injectable()
export class BodyLookup implements CitedDecisions {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async body(bodyId: string, viewer: ScopedActor): Promise<BodyFacts | null> {
    const state = await this.visibleBody(bodyId, viewer);
    return state && bodyFacts(state);
  }

  /** The facts of each existing body among `bodyIds`; missing ones are left out. */
  async bodies(bodyIds: readonly string[], viewer: ScopedActor): Promise<BodyFacts[]> {
    const found = await Promise.all([...new Set(bodyIds)].map((id) => this.body(id, viewer)));
    return found.filter((facts): facts is BodyFacts => facts !== null);
  }

  async decision(decisionRef: string, viewer: ScopedActor): Promise<RecordedDecision | null> {
    if (!DECISION_REF.test(decisionRef)) return null;
    const [bodyId, decisionId] = decisionRef.split('/');
    const state = await this.visibleBody(bodyId, viewer);
    return state && recordedDecision(state, decisionId);
  }

  async exists(decisionRef: string, viewer: ScopedActor): Promise<boolean> {
    return (await this.decision(decisionRef, viewer)) !== null;
  }

  /** The body's state, or null when it does not exist or belongs to a district outside the viewer's scope. */
  private async visibleBody(bodyId: string, viewer: ScopedActor): Promise<BodyState | null> {
    if (!isUuid(bodyId)) return null;
    const { state } = await loadState(this.store, bodiesDecider, streamName(bodiesDecider.category, bodyId));
    return state.status !== 'none' && inScope(viewer, state.body.districtId) ? state : null;
  }
}
