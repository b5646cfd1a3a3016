import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

@InputType()
export class ActionFieldInput {
  @Field(() => ID, { description: 'Stable key, lower-case words joined by hyphens, e.g. "culture-arts"' })
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { message: 'actionFieldId must be lower-case words joined by hyphens' })
  @MaxLength(60)
  actionFieldId!: string;

  @Field({ description: 'English name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field({ description: 'German name (Handlungsfeld)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  nameDe!: string;
}
