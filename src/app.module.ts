import { type DynamicModule, Global, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { CommandPipeline } from './core/command-pipeline.service';
import { LOGGER, type JsonLogger } from './core/logger';
import { EventStoreModule } from './event-store/event-store.module';
import { ReadStoreModule } from './read-store/read-store.module';
import { graphqlOptions } from './graphql/graphql.options';
import { ExpectedErrorsFilter } from './graphql/expected-errors.filter';
import { MutationGate } from './graphql/mutation-gate';
import { CatalogueModule } from './catalogue/catalogue.module';
import { DistrictsModule } from './districts/districts.module';
import { BodiesModule } from './bodies/bodies.module';
import { GoalsModule } from './goals/goals.module';
import { MeasuresModule } from './measures/measures.module';
import { FundingModule } from './funding/funding.module';
import { HealthModule } from './health/health.module';
import { IntegrationModule } from './integration/integration.module';
import { TimeTravelModule } from './time-travel/time-travel.module';
import { IntegrityModule } from './integrity/integrity.module';
import { ExportsModule } from './exports/exports.module';
import { ProjectionsModule } from '../projections/projections.module';
import { AuthModule } from './auth/auth.module';
import { Authenticator } from './auth/authenticator';
import { ApiKeysModule } from './auth/api-keys/api-keys.module';

/** The command pipeline and the CQRS buses, for every feature module. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [CommandPipeline],
  exports: [CommandPipeline, CqrsModule],
})
export class CoreModule {}

@Module({
  imports: [
    EventStoreModule,
    ReadStoreModule,
    CoreModule,
    AuthModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG, LOGGER, Authenticator],
      useFactory: (config: AppConfig, logger: JsonLogger, authenticator: Authenticator) =>
        graphqlOptions(config, logger, authenticator),
    }),
    ProjectionsModule,
    CatalogueModule,
    DistrictsModule,
    BodiesModule,
    GoalsModule,
    MeasuresModule,
    FundingModule,
    HealthModule,
    IntegrationModule,
    TimeTravelModule,
    IntegrityModule,
    ExportsModule,
    ApiKeysModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ExpectedErrorsFilter },
    MutationGate,
    { provide: APP_INTERCEPTOR, useExisting: MutationGate },
    {
      provide: APP_PIPE,
      // Whitelisting strips unknown fields; transform builds the input classes so nested inputs are validated.
      useValue: new ValidationPipe({ whitelist: true, forbidUnknownValues: true, transform: true }),
    },
  ],
})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.forRoot(config)] };
  }
}
