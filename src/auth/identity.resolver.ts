import { Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { actingPerson } from '../core/persons';
import { CurrentActor } from '../graphql/request-context';
import type { Principal } from '../core/principal';
import type { Role } from '../core/roles';
import { RoleEnum } from '../graphql/role.enum';

@ObjectType('Identity', { description: 'Who the service takes the caller to be, as events would record it' })
export class Identity {
  @Field(() => ID, { description: 'The actor id events record (a JWT `sub`, `apikey-<keyId>`, …)' })
  id!: string;
  @Field(() => ID, {
    description: 'The person the caller acts for, whom four-eyes rules compare: for an API key its issuer, else `id`',
  })
  personId!: string;
  @Field(() => RoleEnum)
  role!: Role;
  @Field(() => [ID], { nullable: true, description: 'Districts the caller may read and write; null: every district' })
  districts!: readonly string[] | null;
  @Field({ description: 'jwt, api-key or dev' })
  authenticatedBy!: string;
}

@Resolver()
export class IdentityResolver {
  @Query(() => Identity, { description: 'The caller: id, role and district scope (a client shows what it may do)' })
  me(@CurrentActor() actor: Principal): Identity {
    return { id: actor.id, personId: actingPerson(actor), role: actor.role, districts: actor.districts, authenticatedBy: actor.via };
  }
}
