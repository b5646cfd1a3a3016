import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { defer, finalize, type Observable } from 'rxjs';
import { DomainError } from '../core/domain-error';

/**
 * Graceful shutdown at the edge: once draining, new mutations are refused, while the ones in flight run to the end
 * with every sub-command they issue (a command that spans streams must not be cut between its steps).
 */
@Injectable()
export class MutationGate implements NestInterceptor {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void)[] = [];

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const operation = GqlExecutionContext.create(context).getInfo<{ operation: { operation: string } }>().operation;
    if (operation.operation !== 'mutation') return next.handle();
    return defer(() => {
      if (this.draining) throw new DomainError('SERVICE_UNAVAILABLE', 'The service is shutting down; retry shortly');
      this.inFlight += 1;
      return next.handle().pipe(finalize(() => this.done()));
    });
  }

  /** Stops accepting mutations and resolves once those in flight are done (or the timeout passes). */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return;
    await Promise.race([
      new Promise<void>((resolve) => this.idle.push(resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }

  private done(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}
