/** Thrown when a poll's deadline passes: names what was awaited and the last state seen. */
export class DeadlineError extends Error {
  constructor(what: string, timeoutMs: number, lastSeen: string) {
    super(`waited ${timeoutMs} ms for ${what}; last seen: ${lastSeen}`);
    this.name = 'DeadlineError';
  }
}

/** One look at a state: whether it is reached, its value, and what was seen (for the error if the deadline passes). */
export interface PollResult<T> {
  done: boolean;
  value: T;
  seen: string;
}

/**
 * Waits on a state instead of a time: calls `check` every `intervalMs` until it reports done,
 * and returns its value; after `timeoutMs` fails with a DeadlineError naming `what` and the
 * last state seen. A check that throws counts as not done (the error is what was seen): a
 * cluster in the middle of a failover refuses requests for a while.
 */
export async function pollForState<T>(what: string, timeoutMs: number, check: () => Promise<PollResult<T>>, intervalMs = 250): Promise<T> {
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

/**
 * The simple case of pollForState: `probe` returns a truthy value (returned) when the state is
 * reached. Unlike pollForState, a probe that throws fails at once: these states are not
 * expected to refuse on the way. `describe` tells the last state seen for the error.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 100, describe } = options;
  let thrown: { err: unknown } | undefined;
  const value = await pollForState(
    what,
    timeoutMs,
    async () => {
      try {
        const v = await probe();
        return { done: Boolean(v), value: v as T, seen: describe?.() ?? 'not yet' };
      } catch (err) {
        thrown = { err };
        return { done: true, value: undefined as T, seen: '' };
      }
    },
    intervalMs,
  );
  if (thrown) throw thrown.err;
  return value;
}
