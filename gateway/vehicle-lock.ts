/** The lock could not be taken in time: an earlier request of the same vehicle is still running. */
export class LockTimeoutError extends Error {
  constructor(vehicleId: string, timeoutMs: number) {
    super(`an earlier request of vehicle ${vehicleId} is still in progress after ${timeoutMs} ms`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Serialises the requests of each vehicle (a promise chain per key), so two concurrent
 * resends of one batch cannot both pass the duplicate check and both produce. Waiting
 * is bounded; the work itself holds the lock until it has really settled.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier holder of `key` is done; rejects with LockTimeoutError after `timeoutMs` of waiting. */
  async run<T>(key: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // The next holder waits for ours and for the one before (if we time out, it must still wait for that one).
    const tail = previous ? Promise.all([previous, mine]).then(() => undefined) : mine;
    this.tails.set(key, tail);
    // Forget the key once everyone up to us is done and nobody queued behind.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    try {
      if (previous) await waitAtMost(previous, timeoutMs, () => new LockTimeoutError(key, timeoutMs));
      return await work();
    } finally {
      release();
    }
  }

  get size(): number {
    return this.tails.size;
  }
}

function waitAtMost(promise: Promise<void>, timeoutMs: number, onTimeout: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), timeoutMs);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
