import { Controller, Get, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Response } from 'express';
import { AuthorizationGuard } from '../../src/auth/authorization.guard';
import type { AuthenticatedRequest } from '../../src/core/principal';
import { ExpectedErrorsFilter } from '../../src/graphql/expected-errors.filter';

/**
 * Fail closed: an HTTP route the authorization table does not list is refused to everyone, admin included, and
 * the refusal is answered as JSON with its status (the route has no error filter of its own).
 */

let reached = 0;

@Controller('unlisted')
class UnlistedController {
  @Get()
  get(): { reached: boolean } {
    reached += 1;
    return { reached: true };
  }
}

@Module({
  controllers: [UnlistedController],
  providers: [
    { provide: APP_GUARD, useClass: AuthorizationGuard },
    { provide: APP_FILTER, useClass: ExpectedErrorsFilter },
  ],
})
class UnlistedModule {}

describe('authorization guard on a route without a table entry', () => {
  let app: NestExpressApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(UnlistedModule, { logger: false });
    // An admin when the request says so, nobody otherwise: what the authentication middleware would establish.
    app.use((request: AuthenticatedRequest, _response: Response, next: NextFunction) => {
      request.principal = request.headers['x-as-admin'] ? { id: 'root', role: 'admin', districts: null, via: 'dev' } : null;
      next();
    });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses an admin with 403 FORBIDDEN and a caller without identity with 401, never running the handler', async () => {
    const asAdmin = await fetch(`${baseUrl}/unlisted`, { headers: { 'x-as-admin': '1' } });
    expect({ status: asAdmin.status, body: await asAdmin.json() }).toEqual({
      status: 403,
      body: { error: expect.stringContaining('GET /unlisted'), code: 'FORBIDDEN' },
    });
    const anonymous = await fetch(`${baseUrl}/unlisted`);
    expect({ status: anonymous.status, body: await anonymous.json() }).toEqual({
      status: 401,
      body: { error: expect.any(String), code: 'UNAUTHENTICATED' },
    });
    expect(reached).toBe(0);
  });
});
