import type { CommandContext } from './decider';
import { deterministicUuid } from './ids';

/**
 * Context of a command issued by another command: its id is derived from the parent's (so a retried parent
 * repeats its sub-commands instead of duplicating them) and the parent is its cause. `step` names what the
 * sub-command does and `targets` every id it acts on: a parent id reused for another target must never be taken for
 * a repeat, or the sub-command's rule (a receipt's total, a grant's approval, a code's uniqueness) would be skipped.
 * The client's expectedVersion is about the stream its mutation names, so a sub-command on another stream drops it.
 */
export const subCommandContext = (
  { expectedVersion: _primaryStreamOnly, ...parent }: CommandContext,
  step: string,
  ...targets: string[]
): CommandContext => ({
  ...parent,
  commandId: deterministicUuid(parent.commandId, step, ...targets),
  causationId: parent.commandId,
});
