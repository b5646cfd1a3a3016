import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { ProjectionsService } from '../runner/projections.service';
import { ListActionFieldsQuery } from './action-fields.query';

@ObjectType({ description: 'Action field (Handlungsfeld)' })
export class ActionField {
  @Field(() => ID)
  id!: string;
  @Field(() => Int, { description: 'Order in the catalogue, from 1' })
  number!: number;
  @Field()
  name!: string;
  @Field({ description: 'German name' })
  nameDe!: string;
  @Field()
  addedAt!: string;
  @Field(() => String, { nullable: true })
  renamedAt!: string | null;
}

@Resolver(() => ActionField)
export class ActionFieldsResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => [ActionField], { description: 'The action-field catalogue, in order' })
  async actionFields(
    @Args('waitForPosition', { nullable: true, description: 'Wait (≤ 2 s) until read models reached it' })
    waitForPosition?: string,
  ): Promise<ActionField[]> {
    await this.projections.waitForPosition(waitForPosition);
    return this.queryBus.execute(new ListActionFieldsQuery());
  }
}
