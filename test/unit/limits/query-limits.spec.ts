import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { LimitExceededError } from '../../../src/limits/limit-exceeded.error';
import { complexityRefusal } from '../../../src/limits/query-complexity';
import { maxDepthRule } from '../../../src/limits/query-depth.rule';

/** A small schema with a cycle (Person.friends), a connection and a plain list. */
const schema = buildSchema(`
  type Query {
    person(id: ID!): Person
    people(first: Int! = 20, after: String): PersonConnection!
    tags: [String!]!
  }
  type Person {
    id: ID!
    name: String!
    friends(first: Int! = 10): [Person!]!
    nicknames: [String!]!
  }
  type PersonConnection { edges: [PersonEdge!]! pageInfo: PageInfo! }
  type PersonEdge { cursor: String! node: Person! }
  type PageInfo { endCursor: String hasNextPage: Boolean! }
`);

const nested = (depth: number) =>
  `{ person(id: "1") { ${'friends { '.repeat(depth - 2)}name${' }'.repeat(depth - 2)} } }`;

const depthErrors = (query: string, maxDepth: number) =>
  validate(schema, parse(query), [...specifiedRules, maxDepthRule(maxDepth)]);

describe('depth limit (validation rule)', () => {
  it('accepts an operation at the limit and refuses one level more with QUERY_TOO_DEEP', () => {
    expect(depthErrors(nested(5), 5)).toEqual([]);
    const [error, ...others] = depthErrors(nested(6), 5);
    expect(others).toEqual([]);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', maxDepth: 5 });
    expect(error.locations).toEqual([{ line: 1, column: 1 }]);
  });

  it('counts fragments where they are spread, and inline fragments as no level of their own', () => {
    const viaFragment = `{ person(id: "1") { ...Deep } } fragment Deep on Person { friends { friends { ... on Person { name } } } }`;
    expect(depthErrors(viaFragment, 4)).toEqual([]);
    expect(depthErrors(viaFragment, 3).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('checks every operation of a document', () => {
    const document = `query Shallow { tags } query Deep ${nested(8)}`;
    expect(depthErrors(document, 5).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('measures each fragment once: a fragment bomb is checked at once instead of expanded', () => {
    const fragments = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Person { friends { ...F${i + 1} } friends { ...F${i + 1} } }`,
    ).join('\n');
    const bomb = `{ person(id: "1") { ...F0 } } ${fragments} fragment F40 on Person { name }`;
    // Expanded, it would be 2^40 selections.
    const started = performance.now();
    const errors = validate(schema, parse(bomb), [maxDepthRule(100)]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errors).toEqual([]);
    expect(validate(schema, parse(bomb), [maxDepthRule(30)]).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('stops at fragment cycles (left to graphql to report)', () => {
    const cycle = `{ person(id: "1") { ...A } } fragment A on Person { friends { ...B } } fragment B on Person { friends { ...A } }`;
    expect(validate(schema, parse(cycle), [maxDepthRule(5)])).toEqual([]);
    expect(depthErrors(cycle, 5).map((e) => e.message)).toEqual([expect.stringMatching(/Cannot spread fragment "A" within itself/)]);
  });

  it('refuses a 1,000-deep document', () => {
    expect(depthErrors(nested(1_000), 15).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('lets the standard introspection query pass at the default depth of 15', () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true });
    expect(depthErrors(query, 15)).toEqual([]);
  });
});

describe('complexity budget', () => {
  const cost = (query: string, variables?: Record<string, unknown>) =>
    complexityRefusal(schema, { document: parse(query), variables }, 1)?.details.complexity;

  it('costs 1 per field, and a paged field its page size times its selection', () => {
    expect(cost('{ tags person(id: "1") { id name } }')).toBe(4);
    // people: 1 + 5 × (edges 1 + node 1 + name 1)
    expect(cost('{ people(first: 5) { edges { node { name } } } }')).toBe(16);
    // The schema default (20) applies when the argument is left out; a variable counts with its value.
    expect(cost('{ people { edges { node { name } } } }')).toBe(61);
    expect(cost('query($n: Int!) { people(first: $n) { edges { node { name } } } }', { n: 100 })).toBe(301);
    // Lists of the schema multiply too: 1 + 3 × (1 + 10 × 1)
    expect(cost('{ people(first: 3) { edges { node { friends { name } } } } }')).toBe(1 + 3 * (1 + 1 + (1 + 10 * 1)));
    // A list without a page size (tags, nicknames) costs like any field.
    expect(cost('{ person(id: "1") { nicknames } }')).toBe(2);
  });

  it('refuses an operation over the budget with QUERY_TOO_COMPLEX, and passes one at it', () => {
    const query = parse('{ people(first: 100) { edges { node { friends(first: 100) { name } } } } }');
    const complexity = 1 + 100 * (1 + 1 + (1 + 100 * 1));
    expect(complexityRefusal(schema, { document: query }, complexity)).toBeNull();
    const refusal = complexityRefusal(schema, { document: query }, complexity - 1);
    expect(refusal).toBeInstanceOf(LimitExceededError);
    expect(refusal!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', complexity, maxComplexity: complexity - 1 });
  });

  it('measures only the operation that will run', () => {
    const document = parse('query Cheap { tags } query Dear { people(first: 1000) { edges { node { name } } } }');
    expect(complexityRefusal(schema, { document, operationName: 'Cheap' }, 10)).toBeNull();
    expect(complexityRefusal(schema, { document, operationName: 'Dear' }, 10)?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('leaves variables that do not fit the operation to execution (which refuses them before any resolver)', () => {
    const document = parse('query($n: Int!) { people(first: $n) { edges { node { name } } } }');
    expect(complexityRefusal(schema, { document, variables: {} }, 1)).toBeNull();
    expect(complexityRefusal(schema, { document, variables: { n: 'many' } }, 1)).toBeNull();
  });

  it('refuses a document too large to estimate', () => {
    const aliases = Array.from({ length: 10_001 }, (_, i) => `a${i}: tags`).join(' ');
    const refusal = complexityRefusal(schema, { document: parse(`{ ${aliases} }`) }, 1_000_000);
    expect(refusal?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxComplexity: 1_000_000 });
  });
});
