import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../core/clock';
import { JsonLogger, LOGGER } from '../core/logger';
import { APP_CONFIG, type AppConfig, loadConfig } from './config';

/** Configuration, clock and logger: the process-wide services every module may inject. */
@Global()
@Module({})
export class ConfigModule {
  /** Without an argument the configuration is read from the environment. */
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: LOGGER, useValue: new JsonLogger(config.logLevel) },
      ],
      exports: [APP_CONFIG, CLOCK, LOGGER],
    };
  }
}
