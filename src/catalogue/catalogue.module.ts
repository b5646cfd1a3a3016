import { Module } from '@nestjs/common';
import { SeedActionFieldsService } from './application/seed-action-fields.service';
import { ActionFieldsMutations } from './api/action-fields.resolver';

@Module({
  providers: [
    SeedActionFieldsService,
    ActionFieldsMutations,
  ],
})
export class CatalogueModule {}
