import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CLOCK, type Clock } from '../core/clock';
import { RateLimiter } from './rate-limiter';

/** One rate limiter for the process: HTTP requests and WebSocket operations of an identity share its budget. */
@Global()
@Module({
  providers: [
    {
      provide: RateLimiter,
      inject: [APP_CONFIG, CLOCK],
      useFactory: (config: AppConfig, clock: Clock) => new RateLimiter(config.rateLimit, clock),
    },
  ],
  exports: [RateLimiter],
})
export class LimitsModule {}
