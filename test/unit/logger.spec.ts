import { JsonLogger } from '../../src/core/logger';

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
