import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../projections/projections.module';
import { HealthController } from './health.controller';
import { HealthResolver } from './health.resolver';
import { HealthService } from './health.service';

@Module({
  imports: [ProjectionsModule],
  controllers: [HealthController],
  providers: [HealthService, HealthResolver],
})
export class HealthModule {}
