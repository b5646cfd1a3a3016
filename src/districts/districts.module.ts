import { Module } from '@nestjs/common';
import { RegisterDistrictHandler, UpdateDistrictProfileHandler } from './application/district.commands';
import { DistrictsMutations } from './api/districts.resolver';

@Module({ providers: [RegisterDistrictHandler, UpdateDistrictProfileHandler, DistrictsMutations] })
export class DistrictsModule {}
