import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: stores reachable and no projection failed. 503 otherwise, with the reason. */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const readiness = await this.health.readiness();
    res.status(readiness.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(readiness);
  }
}
