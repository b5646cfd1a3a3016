import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { HealthService } from './health.service';

@ObjectType()
class Health {
  @Field()
  ready!: boolean;
  @Field()
  eventStore!: string;
  @Field()
  readStore!: string;
  @Field(() => [String])
  failedProjections!: string[];
}

@Resolver()
export class HealthResolver {
  constructor(private readonly health: HealthService) {}

  /** The one operation that needs no identity, so monitors can call it. */
  @Query(() => Health, { name: 'health' })
  readiness(): Promise<Health> {
    return this.health.readiness();
  }
}
