import { Args, ArgsType, Field, Float, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Actor } from '../../src/event-store/event-store.port';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { CurrentActor } from '../../src/graphql/request-context';
import { ProjectionsService } from '../runner/projections.service';
import type { DistrictDoc } from './districts.projection';
import { GetDistrictQuery, ListDistrictsQuery } from './districts.query';

@ObjectType()
class Designation {
  @Field()
  number!: string;
  @Field()
  date!: string;
}

@ObjectType({ description: 'District (Stadtteil / Fördergebiet)' })
export class District {
  @Field(() => ID)
  id!: string;
  @Field()
  name!: string;
  @Field()
  municipality!: string;
  @Field({ description: 'Official municipality key (AGS)' })
  municipalityKey!: string;
  @Field(() => [String])
  programmes!: string[];
  @Field(() => Designation)
  designation!: Designation;
  @Field(() => Float, { nullable: true })
  areaHectares!: number | null;
  @Field(() => String, { nullable: true })
  startDate!: string | null;
  @Field(() => String, { nullable: true })
  expectedEndDate!: string | null;
  @Field()
  registeredAt!: string;
  @Field()
  updatedAt!: string;
  @Field(() => Int, { description: 'Stream version of the last change' })
  version!: number;
}

const DistrictConnection = Connection(District, 'District');

@ArgsType()
class DistrictsArgs extends ConnectionArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  municipality?: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@ArgsType()
class DistrictArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

const toDistrict = (doc: DistrictDoc): District => doc as unknown as District;

@Resolver(() => District)
export class DistrictsResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => DistrictConnection, { description: 'Districts by municipality and name' })
  async districts(@CurrentActor() _actor: Actor, @Args() args: DistrictsArgs) {
    await this.projections.waitForPosition(args.waitForPosition);
    const page = await this.queryBus.execute(
      new ListDistrictsQuery({ municipality: args.municipality, first: args.first, after: args.after }),
    );
    return toConnection(page, toDistrict);
  }

  @Query(() => District)
  async district(@CurrentActor() _actor: Actor, @Args() args: DistrictArgs): Promise<District> {
    await this.projections.waitForPosition(args.waitForPosition);
    return toDistrict(await this.queryBus.execute(new GetDistrictQuery(args.id)));
  }
}
