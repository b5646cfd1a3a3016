import type { LoggerService } from '@nestjs/common';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON object per line on stdout: what log shippers expect. */
export class JsonLogger implements LoggerService {
  constructor(private readonly minLevel: LogLevel = 'info') {}

  write(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < RANK[this.minLevel]) return;
    this.line(level, message, fields);
  }

  /** A warning that must reach the operator whatever LOG_LEVEL says (it is shown only once). */
  announce(message: string, fields: Record<string, unknown>): void {
    this.line('warn', message, fields);
  }

  private line(level: LogLevel, message: string, fields: Record<string, unknown>): void {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  }

  log(message: unknown, context?: string): void {
    this.write('info', String(message), context ? { context } : {});
  }
  /** Nest hands over the error itself where it has one: its stack is what an operator needs. */
  error(message: unknown, trace?: string, context?: string): void {
    const stack = message instanceof Error ? { stack: message.stack } : {};
    const text = message instanceof Error ? message.message : String(message);
    this.write('error', text, { ...(context ? { context } : {}), ...(trace ? { trace } : {}), ...stack });
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', String(message), context ? { context } : {});
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', String(message), context ? { context } : {});
  }
  verbose(message: unknown, context?: string): void {
    this.debug(message, context);
  }
}

export const LOGGER = Symbol('LOGGER');
