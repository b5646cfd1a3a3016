import { Module } from '@nestjs/common';
import {
  AddActionFieldHandler,
  RenameActionFieldHandler,
  SeedDefaultActionFieldsHandler,
} from './application/action-field.commands';
import { SeedActionFieldsService } from './application/seed-action-fields.service';
import { ActionFieldsMutations } from './api/action-fields.resolver';

@Module({
  providers: [
    SeedDefaultActionFieldsHandler,
    AddActionFieldHandler,
    RenameActionFieldHandler,
    SeedActionFieldsService,
    ActionFieldsMutations,
  ],
})
export class CatalogueModule {}
