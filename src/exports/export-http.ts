import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest, Principal } from '../core/principal';
import { DomainError, HTTP_STATUS_OF } from '../core/domain-error';
import { LOGGER, type JsonLogger } from '../core/logger';
import { InvalidPositionError } from '../event-store/event-store.errors';
import { InvalidCursorError } from '../read-store/read-store.cursor';

/** The caller of an export, identified by the authentication middleware exactly like a GraphQL request. */
export function exportCaller(request: Request): Principal {
  const { principal, authFailure } = request as AuthenticatedRequest;
  if (!principal) throw new DomainError('UNAUTHENTICATED', authFailure ?? 'A valid bearer token is required');
  return principal;
}

/** The client went away before the download was complete. */
export class ClientGoneError extends Error {
  constructor() {
    super('The client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/** Socket errors of a connection the client dropped (reset, broken pipe) or that was closed under a stream. */
const CONNECTION_LOST = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
]);

const clientGone = (error: unknown): boolean =>
  error instanceof ClientGoneError || CONNECTION_LOST.has(String((error as { code?: unknown } | null)?.code));

const errorFields = (error: unknown) =>
  error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };

/**
 * Errors of the export endpoints as JSON `{ error, code }` with the matching HTTP status, the codes GraphQL uses.
 * A failure after the file has started streaming can only cut the connection, so the client sees a broken file
 * rather than a truncated one that looks complete. A client that goes away mid-download is no failure of the
 * service (anyone can do that): logged at debug.
 */
@Catch()
export class ExportErrorsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: JsonLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (clientGone(error)) {
      this.logger.write('debug', 'export cut off: the client closed the connection', { error: String(error) });
      response.destroy();
      return;
    }
    if (response.headersSent) {
      this.logger.write('error', 'export failed while streaming', errorFields(error));
      response.destroy();
      return;
    }
    const { status, code, message } = this.describe(error);
    response.status(status).json({ error: message, code });
  }

  private describe(error: unknown): { status: number; code: string; message: string } {
    if (error instanceof DomainError) return { status: HTTP_STATUS_OF[error.code], code: error.code, message: error.message };
    if (error instanceof InvalidCursorError || error instanceof InvalidPositionError) {
      return { status: 400, code: 'BAD_USER_INPUT', message: error.message };
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      return { status: error.getStatus(), code: error.getStatus() === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT', message: error.message };
    }
    this.logger.write('error', 'unexpected error in an export', errorFields(error));
    return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'The export failed' };
  }
}

/** Starts a download: content type and file name; never cached, the records are internal. */
export function startDownload(response: Response, contentType: string, filename: string): void {
  response.status(200);
  response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
}

/** Writes a chunk, waiting for the socket to drain when its buffer is full (back-pressure for big exports). */
export async function writeChunk(response: Response, chunk: string): Promise<void> {
  if (response.destroyed) throw new ClientGoneError();
  if (response.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      response.off('drain', onDrain);
      response.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new ClientGoneError());
    };
    response.on('drain', onDrain);
    response.on('close', onClose);
  });
}

/** `2026-11-26T13:45:12.345Z` → `20261126-134512`, for file names. */
export const fileStamp = (at: Date): string => at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
