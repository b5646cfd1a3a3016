import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DomainError } from '../core/domain-error';
import { type Principal } from '../core/principal';
import { type Role, ROLES } from '../core/roles';

/** Open to anyone, without identity: only health checks, so monitors can call them. */
export const PUBLIC = 'public';
export type Access = typeof PUBLIC | readonly Role[];

// Who does what (DESIGN.md §1): district managers run their districts and apply for grants; funding officers keep
// the programmes and decide on grants; auditors read everything and change nothing; integrators read and follow
// the event feed; viewers see dashboards. District scope (src/auth/district-scope.ts) narrows each of these further.
const ADMIN: readonly Role[] = ['admin'];
const DISTRICT_WORK: readonly Role[] = ['admin', 'district_manager'];
/** Four-eyes: the decider refuses an approval by whoever planned the measure. */
const MEASURE_APPROVAL: readonly Role[] = ['admin', 'district_manager', 'funding_officer'];
const GRANT_APPLICANT: readonly Role[] = ['admin', 'district_manager', 'funding_officer'];
const FUNDING_DECISIONS: readonly Role[] = ['admin', 'funding_officer'];
const RECORD_READERS: readonly Role[] = ['admin', 'district_manager', 'funding_officer', 'auditor', 'integrator'];
const AUDIT_READERS: readonly Role[] = ['admin', 'district_manager', 'funding_officer', 'auditor'];
const DASHBOARD_READERS: readonly Role[] = ROLES;
/** Integrators keep their own webhook endpoints (the handlers show each owner only theirs); admins see all. */
const WEBHOOK_OWNERS: readonly Role[] = ['admin', 'integrator'];

/**
 * The authorization table: every GraphQL root field (`Query.x`, `Mutation.y`, `Subscription.z`) and every HTTP
 * route (`GET /path`) with the roles allowed. An operation without an entry is refused to everyone (fail closed);
 * a test holds the table and the schema and routes to the same list.
 */
export const PERMISSIONS: Readonly<Record<string, Access>> = {
  // Health
  'Query.health': PUBLIC,
  'GET /health': PUBLIC,
  'GET /health/ready': PUBLIC,

  // The caller itself
  'Query.me': DASHBOARD_READERS,

  // Action-field catalogue
  'Query.actionFields': DASHBOARD_READERS,
  'Mutation.addActionField': ADMIN,
  'Mutation.renameActionField': ADMIN,

  // Districts
  'Query.districts': DASHBOARD_READERS,
  'Query.district': RECORD_READERS,
  'Mutation.registerDistrict': DISTRICT_WORK,
  'Mutation.updateDistrictProfile': DISTRICT_WORK,
  'Mutation.adoptConceptVersion': DISTRICT_WORK,
  'Mutation.recordSwotAnalysis': DISTRICT_WORK,
  'Mutation.recordActionFieldPlan': DISTRICT_WORK,
  'Mutation.recordContextIndicatorValue': DISTRICT_WORK,
  'Mutation.correctContextIndicatorValue': DISTRICT_WORK,
  'Mutation.closeDistrictProgramme': DISTRICT_WORK,

  // Bodies and their meetings
  'Query.bodies': RECORD_READERS,
  'Query.body': RECORD_READERS,
  'Mutation.establishBody': DISTRICT_WORK,
  'Mutation.recordMeeting': DISTRICT_WORK,
  'Mutation.dissolveBody': DISTRICT_WORK,

  // Goals, indicators and reviews
  'Query.goals': RECORD_READERS,
  'Query.goal': RECORD_READERS,
  'Mutation.defineGoal': DISTRICT_WORK,
  'Mutation.reviseGoal': DISTRICT_WORK,
  'Mutation.addGoalIndicator': DISTRICT_WORK,
  'Mutation.retireGoalIndicator': DISTRICT_WORK,
  'Mutation.recordGoalReview': DISTRICT_WORK,
  'Mutation.markGoalAchieved': DISTRICT_WORK,
  'Mutation.abandonGoal': DISTRICT_WORK,

  // Measures
  'Query.measures': RECORD_READERS,
  'Query.measure': RECORD_READERS,
  'Mutation.planMeasure': DISTRICT_WORK,
  'Mutation.approveMeasure': MEASURE_APPROVAL,
  'Mutation.startMeasure': DISTRICT_WORK,
  'Mutation.reportMeasureProgress': DISTRICT_WORK,
  'Mutation.suspendMeasure': DISTRICT_WORK,
  'Mutation.resumeMeasure': DISTRICT_WORK,
  'Mutation.completeMeasure': DISTRICT_WORK,
  'Mutation.cancelMeasure': DISTRICT_WORK,
  'Mutation.evaluateMeasure': DISTRICT_WORK,

  // Funding programmes
  'Query.fundingProgrammes': DASHBOARD_READERS,
  'Mutation.addFundingProgramme': FUNDING_DECISIONS,
  'Mutation.updateFundingProgramme': FUNDING_DECISIONS,

  // Grants: the applicant's side
  'Query.grants': RECORD_READERS,
  'Query.grant': RECORD_READERS,
  'Mutation.submitGrantApplication': GRANT_APPLICANT,
  'Mutation.supplementGrantApplication': GRANT_APPLICANT,
  'Mutation.withdrawGrantApplication': GRANT_APPLICANT,
  'Mutation.recordExpenditure': GRANT_APPLICANT,
  'Mutation.submitProofOfUse': GRANT_APPLICANT,
  // Grants: the funder's decisions (four-eyes against the applicant in the decider)
  'Mutation.permitEarlyStart': FUNDING_DECISIONS,
  'Mutation.approveGrant': FUNDING_DECISIONS,
  'Mutation.rejectGrantApplication': FUNDING_DECISIONS,
  'Mutation.amendGrant': FUNDING_DECISIONS,
  'Mutation.revokeGrant': FUNDING_DECISIONS,
  'Mutation.disburseGrantFunds': FUNDING_DECISIONS,
  'Mutation.queryProofOfUse': FUNDING_DECISIONS,
  'Mutation.acceptProofOfUse': FUNDING_DECISIONS,
  'Mutation.demandRepayment': FUNDING_DECISIONS,
  'Mutation.recordRepaymentReceived': FUNDING_DECISIONS,
  'Mutation.writeOffRepayment': FUNDING_DECISIONS,
  'Mutation.closeGrant': FUNDING_DECISIONS,

  // Dashboards
  'Query.districtDashboard': DASHBOARD_READERS,
  'Query.actionFieldMatrix': DASHBOARD_READERS,

  // Audit: trail, tamper check, exports
  'Query.auditTrail': AUDIT_READERS,
  'Query.verifyEventLog': AUDIT_READERS,
  'GET /exports/audit-trail.csv': AUDIT_READERS,
  'GET /exports/audit-trail.json': AUDIT_READERS,
  'GET /exports/grants/:grantId/audit-file.json': AUDIT_READERS,
  'GET /exports/grants/:grantId/transactions.csv': AUDIT_READERS,
  'GET /exports/measures/:measureId/iati.xml': AUDIT_READERS,
  'GET /exports/operations.csv': AUDIT_READERS,
  'GET /exports/log-checkpoint.json': AUDIT_READERS,
  'Query.logSigningKeys': AUDIT_READERS,
  'Mutation.signLogCheckpoint': ADMIN,

  // Event feed for integrators
  'Query.streamEvents': RECORD_READERS,
  'Query.events': RECORD_READERS,
  'Subscription.events': RECORD_READERS,
  'Query.webhooks': WEBHOOK_OWNERS,
  'Query.webhook': WEBHOOK_OWNERS,
  'Query.webhookDeliveries': WEBHOOK_OWNERS,
  'Mutation.registerWebhook': WEBHOOK_OWNERS,
  'Mutation.updateWebhook': WEBHOOK_OWNERS,
  'Mutation.disableWebhook': WEBHOOK_OWNERS,
  'Mutation.enableWebhook': WEBHOOK_OWNERS,
  'Mutation.removeWebhook': WEBHOOK_OWNERS,
  'Mutation.rotateWebhookSecret': WEBHOOK_OWNERS,
  'Mutation.redeliverWebhook': WEBHOOK_OWNERS,

  // User directory (names and e-mails, outside the event log): read by whoever attributes actions to people
  'Query.userProfile': AUDIT_READERS,
  'Query.userProfiles': AUDIT_READERS,
  'Mutation.recordUserProfile': ADMIN,
  'Mutation.eraseUserProfile': ADMIN,

  // API keys of integrators (issued and revoked by administrators)
  'Query.apiKeys': ADMIN,
  'Mutation.issueApiKey': ADMIN,
  'Mutation.revokeApiKey': ADMIN,

  // Operations
  'Query.projectionStatus': ADMIN,
  'Mutation.rebuildProjection': ADMIN,
};

/**
 * Lets the caller through or throws: UNAUTHENTICATED without an identity (with the reason a credential was refused,
 * when there is one), FORBIDDEN for a role the table does not name or an operation the table does not know.
 */
export function authorize(operation: string, principal: Principal | null, authFailure?: string): void {
  if (isAllowed(operation, principal)) return;
  if (!principal) throw new DomainError('UNAUTHENTICATED', authFailure ?? 'A valid bearer token is required');
  throw new DomainError('FORBIDDEN', `The role ${principal.role} may not use ${operation}`, { role: principal.role });
}

/** Whether the table lets this caller use the operation; also for fields that show what an operation would. */
export function isAllowed(operation: string, principal: Principal | null): boolean {
  const access = Object.hasOwn(PERMISSIONS, operation) ? PERMISSIONS[operation] : undefined;
  return access === PUBLIC || (principal !== null && access !== undefined && access.includes(principal.role));
}

const pathSegments = (path: unknown): string[] =>
  typeof path === 'string' ? path.split('/').filter((segment) => segment !== '') : [];

/** `GET /exports/operations.csv`: the table's key of a controller method, from its Nest route metadata. */
export function routeKey(controller: object, handler: object): string {
  const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
  const path = [...pathSegments(Reflect.getMetadata(PATH_METADATA, controller)), ...pathSegments(Reflect.getMetadata(PATH_METADATA, handler))];
  return `${method} /${path.join('/')}`;
}
