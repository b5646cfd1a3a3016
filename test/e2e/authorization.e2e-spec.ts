import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  subscribe,
} from 'graphql';
import { type Access, PERMISSIONS, PUBLIC } from '../../src/auth/permissions';
import { type Principal } from '../../src/core/principal';
import { type Role, ROLES } from '../../src/core/roles';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import type { RequestContext } from '../../src/graphql/request-context';
import { type GqlResponse, startApp, type TestApp } from '../support/app';
import { countEvents } from '../support/events';
import { authHeaders, DEV_IDENTITY } from '../support/auth';

/**
 * Walks every cell of the authorization table (src/auth/permissions.ts): every GraphQL root field and every HTTP
 * route, for every role and for a caller without identity. Operations are generated from the schema with dummy
 * arguments of the right types, so a new field is walked the moment it exists, and the table cannot drift from
 * the schema. Allowed: no FORBIDDEN or UNAUTHENTICATED (the dummy arguments may well be refused otherwise).
 * Denied: FORBIDDEN and nothing else, and a refused mutation records nothing.
 */

jest.setTimeout(120_000);

const AUTH_CODES = ['FORBIDDEN', 'UNAUTHENTICATED'];
const ROOT_KINDS = ['Query', 'Mutation', 'Subscription'] as const;
type RootKind = (typeof ROOT_KINDS)[number];

/** Literals of every scalar the schema uses; an unknown scalar fails the walk until it is given one here. */
const SCALAR_LITERALS: Record<string, string> = {
  ID: '"0b8c6f0e-1111-4a3c-9d6e-000000000001"',
  String: '"x"',
  Int: '1',
  Float: '1.5',
  Boolean: 'true',
  DateTime: '"2026-01-01T00:00:00.000Z"',
  JSON: '{}',
};

/** A value of the type: required fields filled, lists of one, the first value of an enum. */
function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return `[${literal(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${required.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  const value = SCALAR_LITERALS[type.name];
  if (value === undefined) throw new Error(`The walk has no literal for the scalar ${type.name}: add one`);
  return value;
}

interface RootOperation {
  key: string;
  kind: RootKind;
  document: string;
}

function rootOperations(schema: GraphQLSchema): RootOperation[] {
  const roots = { Query: schema.getQueryType(), Mutation: schema.getMutationType(), Subscription: schema.getSubscriptionType() };
  return ROOT_KINDS.flatMap((kind) =>
    Object.values(roots[kind]?.getFields() ?? {}).map((field: GraphQLField<unknown, unknown>) => {
      const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
      const argText = args.length > 0 ? `(${args.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
      const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
      return { key: `${kind}.${field.name}`, kind, document: `${kind.toLowerCase()} { ${field.name}${argText}${selection} }` };
    }),
  );
}

const allows = (access: Access | undefined, role: Role) => access !== undefined && access !== PUBLIC && access.includes(role);
const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => String(e.extensions?.code));
const walker = (role: Role) => ({ id: `walker-${role}`, role });
const routePath = (key: string) => key.slice(key.indexOf(' ') + 1).replace(/:\w+/g, '0b8c6f0e-1111-4a3c-9d6e-000000000001');

describe('authorization table', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let store: EventStore;

  beforeAll(async () => {
    t = await startApp(DEV_IDENTITY);
    schema = t.app.get(GraphQLSchemaHost).schema;
    store = t.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  /**
   * Subscriptions run through graphql-js's `subscribe` on the application's schema, whose subscribe functions carry
   * the guard; the caller is put into the context the way the WebSocket transport does.
   */
  async function subscriptionCodes(document: string, actor: Principal | null): Promise<string[]> {
    const contextValue: { request: RequestContext } = { request: { actor, correlationId: 'authorization-walk' } };
    const result = await subscribe({ schema, document: parse(document), contextValue });
    if (Symbol.asyncIterator in result) {
      await result.return?.();
      return [];
    }
    return (result.errors ?? []).map((e) => String(e.extensions?.code ?? (e.originalError as { code?: string })?.code));
  }

  async function codesAs(operation: RootOperation, role: Role): Promise<string[]> {
    if (operation.kind === 'Subscription') {
      return subscriptionCodes(operation.document, { ...walker(role), districts: null, via: 'dev' });
    }
    return codesOf(await t.gql(operation.document, undefined, authHeaders(walker(role))));
  }

  it('has an entry for every root field of the schema and every HTTP route, and none for anything else', () => {
    const fields = rootOperations(schema).map((operation) => operation.key);
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const express = t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
    const routes = express.router.stack.flatMap((layer) =>
      layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`) : [],
    );
    expect([...fields, ...routes].sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it('lets each role through exactly where the table allows it; elsewhere FORBIDDEN, and a refused mutation records nothing', async () => {
    const wrong: string[] = [];
    for (const operation of rootOperations(schema)) {
      const access = PERMISSIONS[operation.key];
      for (const role of ROLES) {
        const before = operation.kind === 'Mutation' ? await countEvents(store) : 0;
        const codes = await codesAs(operation, role);
        if (allows(access, role) || access === PUBLIC) {
          if (codes.some((code) => AUTH_CODES.includes(code))) wrong.push(`${role} ${operation.key}: refused with ${codes}`);
          continue;
        }
        if (codes.join() !== 'FORBIDDEN') wrong.push(`${role} ${operation.key}: expected FORBIDDEN, got [${codes}]`);
        if (operation.kind === 'Mutation' && (await countEvents(store)) !== before) {
          wrong.push(`${role} ${operation.key}: recorded events although refused`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('holds every HTTP route to the table for every role: 403 FORBIDDEN as JSON where it is not allowed', async () => {
    const wrong: string[] = [];
    for (const [key, access] of Object.entries(PERMISSIONS).filter(([key]) => key.startsWith('GET '))) {
      for (const role of ROLES) {
        const response = await fetch(`${t.baseUrl}${routePath(key)}`, { headers: authHeaders(walker(role)) });
        const body = await response.text();
        if (allows(access, role) || access === PUBLIC) {
          if (response.status === 401 || response.status === 403) wrong.push(`${role} ${key}: refused with ${response.status}`);
        } else if (response.status !== 403 || (JSON.parse(body) as { code: string }).code !== 'FORBIDDEN') {
          wrong.push(`${role} ${key}: expected 403 FORBIDDEN, got ${response.status} ${body.slice(0, 200)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  describe('without identity (production: no development identity)', () => {
    let production: TestApp;

    beforeAll(async () => {
      production = await startApp({ NODE_ENV: 'production' });
    });
    afterAll(async () => {
      await production?.cleanup();
    });

    it('answers UNAUTHENTICATED on every operation and route but health', async () => {
      const wrong: string[] = [];
      for (const operation of rootOperations(schema)) {
        const codes =
          operation.kind === 'Subscription'
            ? await subscriptionCodes(operation.document, null)
            : codesOf(await production.gql(operation.document));
        const expected = PERMISSIONS[operation.key] === PUBLIC ? '' : 'UNAUTHENTICATED';
        if ((expected === '' && codes.some((code) => AUTH_CODES.includes(code))) || (expected !== '' && codes.join() !== expected)) {
          wrong.push(`${operation.key}: got [${codes}]`);
        }
      }
      for (const [key, access] of Object.entries(PERMISSIONS).filter(([key]) => key.startsWith('GET '))) {
        const response = await fetch(`${production.baseUrl}${routePath(key)}`);
        const expected = access === PUBLIC ? 200 : 401;
        await response.text();
        if (response.status !== expected) wrong.push(`${key}: status ${response.status}`);
      }
      expect(wrong).toEqual([]);
    });
  });
});
