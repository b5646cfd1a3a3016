import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsUserId } from '../../graphql/validators';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NOT_BLANK = /\S/;

@InputType({ description: 'Who is behind a user id; kept in the user directory, never in the event log' })
export class RecordUserProfileInput {
  @Field(() => ID, { description: 'The user id events record as their actor' })
  @IsUserId()
  userId!: string;

  @Field({ description: 'The name shown for the user (1–200 characters)' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'displayName must not be blank' })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'E-mail address; left out: none is kept' })
  @IsOptional()
  @Transform(trimmed)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Organisation (1–200 characters); left out: none is kept' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'organisation must not be blank' })
  organisation?: string | null;
}

@ArgsType()
export class UserProfileArgs {
  @Field(() => ID, { description: 'A user id' })
  @IsUserId()
  id!: string;
}

@ArgsType()
export class EraseUserProfileArgs {
  @Field(() => ID)
  @IsUserId()
  userId!: string;
}
