import { type DynamicModule, Global, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { AuthorizationGuard } from './auth/authorization.guard';
import { APP_CONFIG, type AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { CommandDispatch, DecideHandler } from './core/command-dispatch';
import { CommandPipeline } from './core/command-pipeline.service';
import { EventLoopTurns } from './core/event-loop-turns';
import { LOGGER, type JsonLogger } from './core/logger';
import { EventStoreModule } from './event-store/event-store.module';
import { ReadStoreModule } from './read-store/read-store.module';
import { StateStoreModule } from './state-store/state-store.module';
import { graphqlOptions } from './graphql/graphql.options';
import { ExpectedErrorsFilter } from './graphql/expected-errors.filter';
import { MutationGate } from './graphql/mutation-gate';
import { CatalogueModule } from './catalogue/catalogue.module';
import { DistrictsModule } from './districts/districts.module';
import { BodiesModule } from './bodies/bodies.module';
import { GoalsModule } from './goals/goals.module';
import { MeasuresModule } from './measures/measures.module';
import { FundingModule } from './funding/funding.module';
import { WorkflowsModule } from './workflows/workflows.module';
import { HealthModule } from './health/health.module';
import { IntegrationModule } from './integration/integration.module';
import { WebhooksModule } from './integration/webhooks/webhooks.module';
import { TimeTravelModule } from './time-travel/time-travel.module';
import { IntegrityModule } from './integrity/integrity.module';
import { ExportsModule } from './exports/exports.module';
import { LimitsModule } from './limits/limits.module';
import { OperationLimits } from './limits/operation-limits';
import { RateLimiter } from './limits/rate-limiter';
import { UserDirectoryModule } from './user-directory/user-directory.module';
import { ProjectionsModule } from '../projections/projections.module';
import { AuthModule } from './auth/auth.module';
import { connectionCredentials } from './auth/actor';
import { Authenticator } from './auth/authenticator';
import { ApiKeysModule } from './api-keys/api-keys.module';

/**
 * The command pipeline, the one generic command route (CommandDispatch), the CQRS buses and the turns of streaming
 * work, for every feature module.
 */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [CommandPipeline, DecideHandler, CommandDispatch, { provide: EventLoopTurns, useValue: new EventLoopTurns() }],
  exports: [CommandPipeline, CommandDispatch, CqrsModule, EventLoopTurns],
})
export class CoreModule {}

@Module({
  imports: [
    EventStoreModule,
    ReadStoreModule,
    StateStoreModule,
    CoreModule,
    LimitsModule,
    AuthModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG, LOGGER, Authenticator, GraphQLSchemaHost, RateLimiter, HttpAdapterHost, EventLoopTurns],
      useFactory: (
        config: AppConfig,
        logger: JsonLogger,
        authenticator: Authenticator,
        schemaHost: GraphQLSchemaHost,
        rateLimiter: RateLimiter,
        adapterHost: HttpAdapterHost,
        turns: EventLoopTurns,
      ) =>
        graphqlOptions(
          config,
          logger,
          (params) => authenticator.authenticate(connectionCredentials(params)),
          new OperationLimits(config, () => schemaHost.schema, rateLimiter),
          // The HTTP server exists once the application does, after this factory ran.
          () => adapterHost.httpAdapter.getHttpServer(),
          turns,
        ),
    }),
    ProjectionsModule,
    CatalogueModule,
    DistrictsModule,
    BodiesModule,
    GoalsModule,
    MeasuresModule,
    FundingModule,
    WorkflowsModule,
    HealthModule,
    IntegrationModule,
    WebhooksModule,
    TimeTravelModule,
    IntegrityModule,
    ExportsModule,
    UserDirectoryModule,
    ApiKeysModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ExpectedErrorsFilter },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
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
