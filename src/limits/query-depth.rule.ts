import { type ASTVisitor, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { LimitExceededError } from './limit-exceeded.error';

/**
 * Validation rule: refuses operations nested deeper than `maxDepth` fields (`{ district { designation { date } } }`
 * is 3 deep). Fragments count where they are spread, each measured once; a fragment cycle (graphql's own
 * NoFragmentCyclesRule reports it) ends the walk instead of looping. Counting stops just past the limit, so the work
 * is bounded by the limit, not by how deep a hostile document goes. Introspection fields count like any other:
 * they are the one cyclic part of the schema.
 */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    /** Depth of each fragment's own selection, counted up to maxDepth + 1. */
    const fragmentDepths = new Map<string, number>();
    const inProgress = new Set<string>();

    const fragmentDepth = (name: string): number => {
      const known = fragmentDepths.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      if (!fragment || inProgress.has(name)) return 0;
      inProgress.add(name);
      const depth = depthOf(fragment.selectionSet, maxDepth);
      inProgress.delete(name);
      fragmentDepths.set(name, depth);
      return depth;
    };

    /** Depth in fields of a selection set; anything deeper than `cap` is reported as cap + 1. */
    const depthOf = (selectionSet: SelectionSetNode, cap: number): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        let depth: number;
        if (selection.kind === Kind.FIELD) {
          if (!selection.selectionSet) depth = 1;
          else depth = cap <= 1 ? 2 : 1 + depthOf(selection.selectionSet, cap - 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          depth = depthOf(selection.selectionSet, cap);
        } else {
          depth = fragmentDepth(selection.name.value);
        }
        deepest = Math.max(deepest, Math.min(depth, cap + 1));
        if (deepest > cap) return deepest;
      }
      return deepest;
    };

    return {
      OperationDefinition(operation) {
        if (depthOf(operation.selectionSet, maxDepth) > maxDepth) {
          context.reportError(
            new LimitExceededError(
              'QUERY_TOO_DEEP',
              `The operation is nested more than ${maxDepth} fields deep (the limit)`,
              { maxDepth },
              operation,
            ),
          );
        }
        // The rule has seen all it needs of this operation.
        return false;
      },
    };
  };
}
