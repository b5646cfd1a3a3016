import { Args, Field, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { ArgsType } from '@nestjs/graphql';
import type { ProjectionState } from './projection-manager';
import { ProjectionsService } from './projections.service';

enum ProjectionStateEnum {
  live = 'live',
  catching_up = 'catching_up',
  rebuilding = 'rebuilding',
  failed = 'failed',
  stopped = 'stopped',
}
registerEnumType(ProjectionStateEnum, { name: 'ProjectionState' });

@ObjectType()
class ProjectionError {
  @Field({ description: 'Position of the event the projection stopped at' })
  position!: string;
  @Field()
  eventId!: string;
  @Field()
  eventType!: string;
  @Field()
  message!: string;
}

@ObjectType()
class ProjectionStatusType {
  @Field()
  name!: string;
  @Field(() => Int)
  version!: number;
  @Field(() => ProjectionStateEnum)
  state!: ProjectionState;
  @Field(() => String, { nullable: true, description: 'Last processed position' })
  checkpoint!: string | null;
  @Field(() => String, { nullable: true, description: 'Newest position in the event store' })
  head!: string | null;
  @Field(() => Int, { nullable: true, description: 'Events behind the head (null where the store cannot count)' })
  lag!: number | null;
  @Field(() => ProjectionError, { nullable: true })
  error!: ProjectionError | null;
  @Field(() => String, { nullable: true, description: 'Checkpoint of a rebuild in progress' })
  rebuildCheckpoint!: string | null;
}

@ArgsType()
class RebuildArgs {
  @Field()
  @IsString()
  @MaxLength(100)
  name!: string;
}

@Resolver()
export class ProjectionsResolver {
  constructor(private readonly projections: ProjectionsService) {}

  @Query(() => [ProjectionStatusType], { description: 'State, checkpoint and lag of every projection' })
  async projectionStatus(): Promise<ProjectionStatusType[]> {
    const statuses = await this.projections.status();
    return statuses.map(({ rebuild, ...status }) => ({ ...status, rebuildCheckpoint: rebuild?.checkpoint ?? null }));
  }

  @Mutation(() => Boolean, {
    description:
      'Rebuilds a projection from the event log into fresh collections and switches over once caught up (admin)',
  })
  async rebuildProjection(@Args() { name }: RebuildArgs): Promise<boolean> {
    await this.projections.rebuild(name);
    return true;
  }
}
