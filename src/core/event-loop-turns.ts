/**
 * Turns of the event loop for work that streams (subscription replays, WebSocket results): each step waits for its
 * turn, and one turn lets at most `perTurn` steps go on, all streams together. However many subscriptions replay at
 * once, other work (HTTP requests, health probes) waits for no more than a few steps between its own.
 */
export class EventLoopTurns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly perTurn = 16) {}

  /** Resolves on the caller's turn: at the earliest in the next turn of the event loop. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const go of this.waiting.splice(0, this.perTurn)) go();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
