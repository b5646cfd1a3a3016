/**
 * What the service logs while a test runs, captured instead of printed: its JSON lines on stdout
 * (src/core/logger.ts), and whatever a library prints to the console or to stderr.
 */
export interface LogEntry {
  level: string;
  message: string;
  [field: string]: unknown;
}

export interface LogCapture {
  /** Everything written to stdout so far, chunk by chunk. */
  readonly chunks: readonly string[];
  /** The JSON lines written to stdout so far. */
  entries(): LogEntry[];
  /** Lines at error level, `console.error` calls and writes to stderr, as text: what an operator is paged for. */
  errors(): string[];
  /** Forgets what was captured so far. */
  clear(): void;
  restore(): void;
}

export function captureLogs(): LogCapture {
  const chunks: string[] = [];
  const printed: string[] = [];
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }),
    // Jest's console does not write to process.stderr, so libraries that print errors are caught here.
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(args.map((arg) => (arg instanceof Error ? (arg.stack ?? arg.message) : String(arg))).join(' '));
    }),
  ];
  const entries = (): LogEntry[] =>
    chunks
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogEntry);
  return {
    chunks,
    entries,
    errors: () => [
      ...entries()
        .filter((entry) => entry.level === 'error')
        .map((entry) => JSON.stringify(entry)),
      ...printed,
    ],
    clear: () => {
      chunks.length = 0;
      printed.length = 0;
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
