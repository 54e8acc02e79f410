/** Thrown by pollUntil: names what was awaited and what was last seen. */
export class DeadlineError extends Error {
  constructor(what: string, timeoutMs: number, lastSeen: string) {
    super(`waited ${timeoutMs} ms for ${what}; last seen: ${lastSeen}`);
    this.name = 'DeadlineError';
  }
}

export interface PollResult<T> {
  done: boolean;
  value: T;
  /** What was seen, for the error if the deadline passes. */
  seen: string;
}

/**
 * Calls `check` every `intervalMs` until it reports done, and returns its value; after
 * `timeoutMs` fails with a DeadlineError naming `what` and the last state seen. A check that
 * throws counts as not done (the error is what was seen): a cluster in the middle of a
 * failover refuses requests for a while.
 */
export async function pollUntil<T>(what: string, timeoutMs: number, check: () => Promise<PollResult<T>>, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastSeen = '(nothing yet)';
  for (;;) {
    try {
      const result = await check();
      if (result.done) return result.value;
      lastSeen = result.seen;
    } catch (err) {
      lastSeen = `error: ${(err as Error).message}`;
    }
    if (Date.now() >= deadline) throw new DeadlineError(what, timeoutMs, lastSeen);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
