/**
 * Says loudly that a suite did not run and why. Written straight to stderr: Jest swallows console output of a
 * suite whose tests are all skipped, and a silent skip could be mistaken for a pass.
 */
export function announceSkip(message: string): void {
  process.stderr.write(`\n*** ${message}\n\n`);
}
