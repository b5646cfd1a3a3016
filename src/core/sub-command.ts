import type { CommandContext } from './decider';
import { deterministicUuid } from './ids';

/**
 * Context of a command issued by another command: its id is derived from the parent's (so a retried parent
 * repeats its sub-commands instead of duplicating them) and the parent is its cause.
 */
export const subCommandContext = (parent: CommandContext, ...parts: string[]): CommandContext => ({
  ...parent,
  commandId: deterministicUuid(parent.commandId, ...parts),
  causationId: parent.commandId,
});
