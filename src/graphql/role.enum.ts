import { registerEnumType } from '@nestjs/graphql';
import { ROLES } from '../core/roles';
import { enumOf } from './enum-of';

/** The roles in GraphQL, spelled as in tokens and events (`district_manager`). */
export const RoleEnum = enumOf(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'Role of a user, a token or an API key' });
