/** The roles of the service; what each may do is the authorization table's business. */
export const ROLES = ['admin', 'district_manager', 'funding_officer', 'auditor', 'integrator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
