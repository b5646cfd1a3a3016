import { ArgsType, Field, GraphQLISODateTime } from '@nestjs/graphql';
import { IsDate, IsOptional } from 'class-validator';

export const AS_OF_DESCRIPTION =
  'Time travel: the record as it was recorded up to this moment (ISO timestamp, recording time), rebuilt from the ' +
  'event log. Business dates (approved on, effective dates) are data of the record and are shown as such. ' +
  'NOT_FOUND when the record did not exist yet.';

/** The `asOf` argument of the single-record queries (district, goal, measure, grant). */
@ArgsType()
export class AsOfArgs {
  // The DateTime scalar turns any string into a Date, an unreadable one into an Invalid Date: refuse that here.
  @Field(() => GraphQLISODateTime, { nullable: true, description: AS_OF_DESCRIPTION })
  @IsOptional()
  @IsDate({ message: 'asOf must be an ISO timestamp such as 2025-03-01T12:00:00Z' })
  asOf?: Date;
}
