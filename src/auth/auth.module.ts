import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config';
import { CLOCK } from '../core/clock';
import { LOGGER } from '../core/logger';
import { STATE_STORE } from '../state-store/state-store.port';
import { API_KEY_LOOKUP } from './api-key-lookup.port';
import { Authenticator } from './authenticator';
import { IdentityResolver } from './identity.resolver';

/**
 * The Authenticator, for the HTTP middleware, the GraphQL WebSocket transport and anything else that needs it; and
 * `me`, the caller as authentication established it.
 */
@Global()
@Module({
  providers: [
    { provide: Authenticator, inject: [APP_CONFIG, API_KEY_LOOKUP, STATE_STORE, LOGGER, CLOCK], useFactory: Authenticator.create },
    IdentityResolver,
  ],
  exports: [Authenticator],
})
export class AuthModule {}
