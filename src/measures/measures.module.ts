import { Module } from '@nestjs/common';
import { MeasuresMutations } from './api/measures.resolver';

@Module({
  providers: [
    MeasuresMutations,
  ],
})
export class MeasuresModule {}
