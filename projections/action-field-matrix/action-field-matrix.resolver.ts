import { QueryBus } from '@nestjs/cqrs';
import { Args, ArgsType, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, IsUUID } from 'class-validator';
import { assertVisible } from '../../src/auth/district-scope';
import { notFound } from '../../src/core/domain-error';
import type { Principal } from '../../src/core/principal';
import { CurrentActor } from '../../src/graphql/request-context';
import { ProjectionsService } from '../runner/projections.service';
import { type ActionFieldMatrix, ActionFieldMatrixQuery } from './action-field-matrix.query';

@ObjectType('ActionFieldMatrixColumn')
class ActionFieldMatrixColumn {
  @Field(() => ID)
  actionFieldId!: string;
  @Field(() => Int)
  number!: number;
  @Field()
  name!: string;
  @Field()
  nameDe!: string;
  @Field(() => Int)
  measureCount!: number;
  @Field(() => Int)
  integratedCount!: number;
}

@ObjectType('ActionFieldMatrixRow')
class ActionFieldMatrixRow {
  @Field(() => ID)
  id!: string;
  @Field()
  code!: string;
  @Field()
  title!: string;
  @Field()
  status!: string;
  @Field(() => [ID])
  actionFieldIds!: string[];
  @Field({ description: 'Serves two or more action fields' })
  integrated!: boolean;
  @Field(() => [Boolean], { description: 'One flag per column, in column order' })
  serves!: boolean[];
}

@ObjectType('ActionFieldMatrix', { description: "A district's measures × the action fields they serve" })
class ActionFieldMatrixType {
  @Field(() => ID)
  districtId!: string;
  @Field(() => [ActionFieldMatrixColumn], { description: 'Every action field of the catalogue, by number' })
  columns!: ActionFieldMatrixColumn[];
  @Field(() => [ActionFieldMatrixRow], { description: 'Measures by code' })
  rows!: ActionFieldMatrixRow[];
  @Field(() => Int)
  integratedCount!: number;
}

@ArgsType()
class ActionFieldMatrixArgs {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  includeCancelled: boolean = false;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@Resolver(() => ActionFieldMatrixType)
export class ActionFieldMatrixResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => ActionFieldMatrixType)
  async actionFieldMatrix(@CurrentActor() actor: Principal, @Args() args: ActionFieldMatrixArgs): Promise<ActionFieldMatrix> {
    assertVisible(actor, args.districtId, () => notFound('District', args.districtId));
    await this.projections.waitForPosition(args.waitForPosition);
    return this.queryBus.execute(new ActionFieldMatrixQuery(args.districtId, args.includeCancelled));
  }
}
