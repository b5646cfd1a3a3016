import { type Access, authorize, PERMISSIONS, PUBLIC } from '../../../src/auth/permissions';
import { type Principal } from '../../../src/core/principal';
import { type Role, ROLES } from '../../../src/core/roles';
import { readmeSection } from '../../support/readme';

const as = (role: Role): Principal => ({ id: `someone-${role}`, role, districts: null, via: 'dev' });
const codeOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('authorize', () => {
  it('refuses an operation the table does not know to every role, admin included (fail closed)', () => {
    for (const role of ROLES) expect(codeOf(() => authorize('Mutation.notInTheTable', as(role)))).toBe('FORBIDDEN');
    expect(codeOf(() => authorize('toString', as('admin')))).toBe('FORBIDDEN');
  });

  it('needs an identity for everything but public operations, and says why a credential was refused', () => {
    expect(codeOf(() => authorize('Query.health', null))).toBeUndefined();
    expect(codeOf(() => authorize('GET /health/ready', null))).toBeUndefined();
    expect(() => authorize('Query.districts', null, 'The token has expired')).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED', message: 'The token has expired' }),
    );
    expect(codeOf(() => authorize('Mutation.notInTheTable', null))).toBe('UNAUTHENTICATED');
  });

  it('lets a role through only where its entry names it', () => {
    expect(codeOf(() => authorize('Mutation.approveGrant', as('funding_officer')))).toBeUndefined();
    expect(codeOf(() => authorize('Mutation.approveGrant', as('district_manager')))).toBe('FORBIDDEN');
    expect(codeOf(() => authorize('Query.auditTrail', as('auditor')))).toBeUndefined();
    expect(codeOf(() => authorize('Query.auditTrail', as('viewer')))).toBe('FORBIDDEN');
  });

  it('lets auditors, integrators and viewers change no record (integrators only their own webhook endpoints)', () => {
    const mutations = Object.entries(PERMISSIONS).filter(([key]) => key.startsWith('Mutation.'));
    const allowed = (role: string) => mutations.filter(([, access]) => access !== PUBLIC && access.includes(role as never));
    expect(allowed('auditor')).toEqual([]);
    expect(allowed('viewer')).toEqual([]);
    expect(allowed('integrator').map(([key]) => key).every((key) => /Webhook/.test(key))).toBe(true);
  });
});

const KIND_LABELS: [prefix: string, label: string][] = [
  ['Query.', 'queries'],
  ['Mutation.', 'mutations'],
  ['Subscription.', 'subscriptions'],
  ['GET ', 'HTTP'],
];

/** The table as the README shows it: one row per set of roles, the operations listed by kind. */
function renderTable(): string {
  const rows = new Map<string, { access: Access; keys: string[] }>();
  for (const [key, access] of Object.entries(PERMISSIONS)) {
    const id = access === PUBLIC ? PUBLIC : [...access].sort().join();
    const row = rows.get(id) ?? { access, keys: [] };
    row.keys.push(key);
    rows.set(id, row);
  }
  const lines = [
    `| operations | ${ROLES.join(' | ')} |`,
    `|---|${ROLES.map(() => ':-:').join('|')}|`,
    ...[...rows.values()].map(({ access, keys }) => {
      const kinds = KIND_LABELS.flatMap(([prefix, label]) => {
        const names = keys.filter((key) => key.startsWith(prefix)).map((key) => (label === 'HTTP' ? key : key.slice(prefix.length)));
        return names.length > 0 ? [`${label}: ${names.map((name) => `\`${name}\``).join(', ')}`] : [];
      });
      const operations = kinds.join('; ') + (access === PUBLIC ? ' — **public, no token needed**' : '');
      return `| ${operations} | ${ROLES.map((role) => (access === PUBLIC || access.includes(role) ? '✓' : '')).join(' | ')} |`;
    }),
  ];
  return lines.join('\n');
}

describe('the README', () => {
  it('shows the authorization table as the code has it', () => {
    expect(readmeSection('authorization-table')).toBe(renderTable());
  });
});
