import { JsonLogger } from '../../../src/core/logger';

describe('JSON logger', () => {
  it('drops lines below its level, but an announcement always reaches the operator', () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const logger = new JsonLogger('error');
      logger.write('warn', 'not shown');
      logger.announce('FIRST START: shown once', { adminToken: 't' });
    } finally {
      write.mockRestore();
    }
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', message: 'FIRST START: shown once', adminToken: 't' }),
    ]);
  });
});

describe('JSON logger as Nest logger', () => {
  it('logs an error that Nest hands over as such with its message and stack', () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      // As Nest's exception handler calls it: the error, no trace, its context.
      new JsonLogger('info').error(new Error('read store unreachable'), undefined, 'ExceptionsHandler');
      new JsonLogger('info').error('plain text', 'a trace');
    } finally {
      write.mockRestore();
    }
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'read store unreachable',
        context: 'ExceptionsHandler',
        stack: expect.stringMatching(/^Error: read store unreachable\n\s+at /),
      }),
      expect.objectContaining({ level: 'error', message: 'plain text', trace: 'a trace' }),
    ]);
  });
});
