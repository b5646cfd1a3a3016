import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIsoDate } from '../../graphql/validators';
import { ROLES, type Role } from '../../core/roles';
import { RoleEnum } from '../../graphql/role.enum';

@InputType()
export class IssueApiKeyInput {
  @Field({ description: 'What the key is for, e.g. "Fördermittel-Dashboard Land Sachsen-Anhalt"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field(() => RoleEnum)
  @IsIn(ROLES)
  role!: Role;

  @Field(() => [ID], {
    nullable: true,
    description: 'Districts the key covers; omitted: every district (a district manager’s key needs them)',
  })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsUUID(undefined, { each: true })
  districts?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Last day the key is accepted (YYYY-MM-DD, German calendar); omitted: until revoked',
  })
  @IsOptional()
  @IsIsoDate()
  expiresOn?: string | null;
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID)
  @IsUUID()
  keyId!: string;

  @Field({ description: 'Why the key is revoked, e.g. "integration decommissioned" or "key leaked"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
