import type { ScopedActor } from './decider';

/**
 * A command may cite a decision of a body (`decisionRef` = `<bodyId>/<decisionId>`) as its reason. The pipeline
 * refuses a citation of a decision that was never recorded. The bodies module provides the lookup; the core only
 * knows this token, so it does not depend on any feature.
 */
export const CITED_DECISIONS = Symbol('CITED_DECISIONS');

export interface CitedDecisions {
  /**
   * True when the body exists and one of its recorded meetings took the decision; a body of a district outside the
   * viewer's scope counts as missing.
   */
  exists(decisionRef: string, viewer: ScopedActor): Promise<boolean>;
}

export const DECISION_REF = /^[0-9a-f-]{36}\/[A-Za-z0-9_-]{1,100}$/i;
