import { Inject } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../../event-store/event-store.port';
import { CLOCK, type Clock } from '../../core/clock';
import { deterministicUuid } from '../../core/ids';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import { RegisterDistrictCommand, UpdateDistrictProfileCommand } from '../application/district.commands';
import type { DistrictProfile } from '../domain/districts.events';
import { RegisterDistrictInput, UpdateDistrictProfileInput } from './districts.inputs';

@ObjectType()
export class RegisterDistrictPayload extends CommandPayload {
  @Field(() => ID)
  districtId!: string;
}

@Resolver()
export class DistrictsMutations {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => RegisterDistrictPayload, { description: 'Registers a district (Fördergebiet)' })
  async registerDistrict(
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RegisterDistrictInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<RegisterDistrictPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    // Derived from the command id, so a retried registration without an id lands on the same stream.
    const districtId = input.districtId ?? deterministicUuid('district', context.commandId);
    const profile: DistrictProfile = {
      name: input.name,
      municipality: input.municipality,
      municipalityKey: input.municipalityKey,
      programmes: [...input.programmes],
      designation: { number: input.designation.number, date: input.designation.date },
      areaHectares: input.areaHectares ?? null,
      startDate: input.startDate ?? null,
      expectedEndDate: input.expectedEndDate ?? null,
    };
    const outcome = await this.commandBus.execute(new RegisterDistrictCommand({ districtId, ...profile }, context));
    return Object.assign(new RegisterDistrictPayload(), CommandPayload.from(context.commandId, outcome), { districtId });
  }

  @Mutation(() => CommandPayload, { description: 'Changes profile fields of a district; unchanged fields are ignored' })
  async updateDistrictProfile(
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: UpdateDistrictProfileInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const { districtId, designation, programmes, ...rest } = input;
    const changes: Partial<DistrictProfile> = {
      ...rest,
      ...(programmes ? { programmes: [...programmes] } : {}),
      ...(designation ? { designation: { number: designation.number, date: designation.date } } : {}),
    };
    const outcome = await this.commandBus.execute(new UpdateDistrictProfileCommand({ districtId, changes }, context));
    return CommandPayload.from(context.commandId, outcome);
  }
}
