import {
  type DocumentNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  type GraphQLSchema,
  isListType,
} from 'graphql';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { LimitExceededError } from './limit-exceeded.error';

const PAGE_SIZE_ARGUMENTS = ['first', 'limit'];

/**
 * A list or connection with a page-size argument costs 1 plus the page size times its selection (an item costs at
 * least 1): `districts(first: 50) { edges { node { id name } } }` costs 1 + 50 × 4. Defaults of the schema apply when
 * the argument is left out.
 */
const pagedFieldEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const type = getNullableType(field.type);
  if (!isListType(type) && !getNamedType(type).name.endsWith('Connection')) return undefined;
  const size = PAGE_SIZE_ARGUMENTS.map((name): unknown => args[name]).find((value) => typeof value === 'number');
  if (typeof size !== 'number') return undefined;
  return 1 + Math.max(size, 1) * Math.max(childComplexity, 1);
};

/** Every other field costs 1 plus its selection. */
const ESTIMATORS = [pagedFieldEstimator, simpleEstimator({ defaultComplexity: 1 })];

export interface OperationRequest {
  document: DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * Measures the operation that will run against `maxComplexity`; returns the refusal when it is over, else null.
 * Variables that do not fit the operation are left to execution, which refuses them before any resolver runs.
 */
export function complexityRefusal(
  schema: GraphQLSchema,
  request: OperationRequest,
  maxComplexity: number,
): LimitExceededError | null {
  const operationName = request.operationName ?? undefined;
  const operation = getOperationAST(request.document, operationName);
  if (!operation) return null;
  const variables = request.variables ?? {};
  if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return null;
  let complexity: number;
  try {
    complexity = getComplexity({ schema, query: request.document, variables, operationName, estimators: ESTIMATORS });
  } catch {
    // The estimate gives up on documents with more than 10,000 selections (fragments expanded): far over any budget.
    return new LimitExceededError(
      'QUERY_TOO_COMPLEX',
      `The operation has too many selections to run within the complexity budget of ${maxComplexity}`,
      { maxComplexity },
      operation,
    );
  }
  if (complexity <= maxComplexity) return null;
  return new LimitExceededError(
    'QUERY_TOO_COMPLEX',
    `The operation's complexity ${complexity} is over the budget of ${maxComplexity}; ask for smaller pages or fewer fields`,
    { complexity, maxComplexity },
    operation,
  );
}
