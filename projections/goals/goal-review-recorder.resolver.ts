import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { UserDirectory } from '../../src/user-directory/user-directory.service';
import { GoalReview } from './goals.resolver';

/** The person behind a review's `recordedBy`, from the user directory; the review itself keeps only the id. */
@Resolver(() => GoalReview)
export class GoalReviewRecorderResolver {
  constructor(private readonly directory: UserDirectory) {}

  @ResolveField(() => String, {
    nullable: true,
    description: 'Name of the user who recorded it, from the user directory; null when none is recorded, it was erased, or the caller may not read the user directory',
  })
  recordedByName(@Parent() review: GoalReview, @Context() context: object): Promise<string | null> {
    return this.directory.displayNameFor(context, review.recordedBy);
  }
}
