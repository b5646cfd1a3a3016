import { Args, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { assertEveryDistrict } from '../../auth/district-scope';
import type { Principal } from '../../core/principal';
import { Connection, ConnectionArgs, toConnection } from '../../graphql/connection';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import { UserDirectory, type UserProfileDoc } from '../user-directory.service';
import { EraseUserProfileArgs, RecordUserProfileInput, UserProfileArgs } from './user-directory.inputs';

@ObjectType({ description: 'Who is behind a user id: from the user directory, outside the event log; erasable' })
export class UserProfile {
  @Field(() => ID)
  userId!: string;
  @Field()
  displayName!: string;
  @Field(() => String, { nullable: true })
  email!: string | null;
  @Field(() => String, { nullable: true })
  organisation!: string | null;
  @Field({ description: 'When the profile was first recorded (ISO timestamp)' })
  recordedAt!: string;
  @Field({ description: 'When it was last recorded (ISO timestamp)' })
  updatedAt!: string;
}

const UserProfileConnection = Connection(UserProfile, 'UserProfile');

@ObjectType({ description: 'Outcome of an erasure' })
export class EraseUserProfileResult {
  @Field(() => ID)
  userId!: string;
  @Field({ description: 'True when a profile was erased; false when none was recorded (e.g. erased before)' })
  erased!: boolean;
}

const toProfile = (doc: UserProfileDoc): UserProfile => ({
  userId: doc.id,
  displayName: doc.displayName,
  email: doc.email,
  organisation: doc.organisation,
  recordedAt: doc.recordedAt,
  updatedAt: doc.updatedAt,
});

@Resolver(() => UserProfile)
export class UserDirectoryResolver {
  constructor(private readonly directory: UserDirectory) {}

  @Query(() => UserProfile, { nullable: true, description: 'A user\'s profile; null when none is recorded or it was erased' })
  async userProfile(@CurrentActor() _actor: Principal, @Args() { id }: UserProfileArgs): Promise<UserProfile | null> {
    const doc = await this.directory.get(id);
    return doc ? toProfile(doc) : null;
  }

  @Query(() => UserProfileConnection, { description: 'The user directory, by user id; for callers for every district' })
  async userProfiles(@CurrentActor() actor: Principal, @Args() args: ConnectionArgs) {
    // The directory knows no districts: the whole list would show everyone's name and e-mail to a limited caller.
    assertEveryDistrict(actor, 'The user directory');
    return toConnection(await this.directory.list(args.first, args.after), toProfile);
  }

  @Mutation(() => UserProfile, {
    description: 'Creates or replaces a user\'s profile in the user directory. Nothing is appended to the event log.',
  })
  async recordUserProfile(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RecordUserProfileInput,
  ): Promise<UserProfile> {
    const doc = await this.directory.record(
      {
        userId: input.userId,
        displayName: input.displayName,
        email: input.email ?? null,
        organisation: input.organisation ?? null,
      },
      actor,
      request.correlationId,
    );
    return toProfile(doc);
  }

  @Mutation(() => EraseUserProfileResult, {
    description:
      'Erases a user\'s name, e-mail and organisation for good. The events keep the user id; names shown for it ' +
      'become null. Nothing is appended to the event log.',
  })
  async eraseUserProfile(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args() { userId }: EraseUserProfileArgs,
  ): Promise<EraseUserProfileResult> {
    return { userId, erased: await this.directory.erase(userId, actor, request.correlationId) };
  }
}
