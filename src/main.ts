import 'reflect-metadata';
import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { authenticate } from './auth/actor';
import { Authenticator } from './auth/authenticator';
import { type AppConfig, ConfigError, loadConfig, usesDataDir } from './config/config';
import { checkPrivateDataDir, InsecurePermissionsError } from './core/private-files';
import { graphiql } from './graphql/graphiql';
import { MutationGate } from './graphql/mutation-gate';
import { corsOptions, securityHeaders } from './limits/http-security';
import { rateLimitRequests } from './limits/rate-limit.middleware';
import { RateLimiter } from './limits/rate-limiter';
import { JsonLogger } from './core/logger';

/** Body-parser failures answered in the GraphQL error shape, so clients handle one format. */
function bodyErrors(limit: string) {
  const messages: Record<string, string> = {
    'entity.too.large': `Request body exceeds the limit of ${limit}`,
    'entity.parse.failed': 'Request body is not valid JSON',
    'encoding.unsupported': 'Unsupported content encoding',
    'charset.unsupported': 'Unsupported charset',
  };
  return (error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    const status = error?.status;
    // Every 4xx of the body parser (including bodies that fail to decompress) is the client's input.
    if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
    const message = (error.type && messages[error.type]) || 'Request body could not be read';
    return res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
  };
}

export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  // Before anything opens or creates a file there: a folder others may read is refused, a missing one made private.
  if (usesDataDir(config)) checkPrivateDataDir(config.dataDir);
  const logger = new JsonLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger,
  });
  app.disable('x-powered-by');
  app.use(securityHeaders(config.production));
  app.enableCors(corsOptions(config.corsOrigins));
  app.use(authenticate(app.get(Authenticator)));
  // After authentication (the principal is the key), before the body is read.
  app.use(rateLimitRequests(app.get(RateLimiter)));
  if (!config.production) app.use(graphiql(logger));
  app.use(json({ limit: config.bodyLimit }));
  app.use(bodyErrors(config.bodyLimit));
  return app;
}

/**
 * Graceful shutdown: refuse new mutations, let those in flight finish (with all their sub-commands), flush the projection batch (projections
 * stop before the stores close), close the stores.
 */
export async function shutdown(app: NestExpressApplication, config: AppConfig): Promise<void> {
  await app.get(MutationGate).drain(config.shutdownTimeoutMs);
  await app.close();
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = new JsonLogger(config.logLevel);
  let app: NestExpressApplication;
  try {
    app = await createApp(config);
    await app.listen(config.port, config.host);
  } catch (error) {
    // What the operator has to fix, said plainly: file permissions, a key that does not fit the stored secrets.
    if (error instanceof InsecurePermissionsError || error instanceof ConfigError) {
      process.stderr.write(`Refusing to start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.write('info', 'listening', {
    graphql: `http://localhost:${port}/graphql`,
    eventStore: config.eventStore.kind,
    readStore: config.readStore.kind,
    dataDir: usesDataDir(config) ? config.dataDir : undefined,
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.write('info', 'shutting down', { signal });
    const force = setTimeout(() => {
      logger.write('error', 'shutdown took too long; exiting', { timeoutMs: config.shutdownTimeoutMs * 2 });
      process.exit(1);
    }, config.shutdownTimeoutMs * 2);
    force.unref();
    shutdown(app, config).then(
      () => {
        logger.write('info', 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.write('error', 'shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
