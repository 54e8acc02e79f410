/**
 * All timing of the agent core goes through a Clock, so a fleet simulator can run
 * thousands of agents in one process on a sped-up or manually advanced clock.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch, as the agent sees it. */
  now(): number;
  /** Runs `fn` once after `delayMs` of this clock's time. */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
}

/** Wall-clock time and Node's timers. Timers are unref'd: a pending timer alone never keeps a process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, delayMs) {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * A clock that runs `speed` times faster than the wall clock, starting at `startMs`.
 * Timers fire after `delayMs / speed` real milliseconds.
 */
export function scaledClock(speed: number, startMs: number = Date.now()): Clock {
  if (!(speed > 0)) throw new RangeError(`clock speed must be > 0, got ${speed}`);
  const realStart = Date.now();
  return {
    now: () => startMs + (Date.now() - realStart) * speed,
    setTimeout(fn, delayMs) {
      const timer = setTimeout(fn, Math.max(0, delayMs / speed));
      timer.unref();
      return { cancel: () => clearTimeout(timer) };
    },
  };
}

/** A clock that moves only when told to (`advance`): for tests of pure timing logic. */
export class ManualClock implements Clock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const timer = { at: this.current + Math.max(0, delayMs), fn, id: this.nextId++ };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = due.at;
      due.fn();
    }
    this.current = end;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
