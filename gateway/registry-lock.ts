import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../common/errors.js';

/**
 * One writer at a time for the device registry: every edit (the CLI's, the gateway's record of a
 * token's first use) reads, changes and writes the file while holding `<registry>.lock`.
 * proper-lockfile makes the lock (an atomic mkdir, taken over when its holder died and left it
 * older than `staleMs`); it cannot wait in its synchronous form, so waiting is done here.
 */
export const REGISTRY_LOCK_DEFAULTS = {
  /** A lock not refreshed for this long belongs to a dead process and is taken over (proper-lockfile's minimum is 2 s). */
  staleMs: 10_000,
  /** How long an edit waits for another one; longer than staleMs, so a crashed holder never blocks an edit. */
  waitMs: 15_000,
  /** Pause between attempts (plus up to as much again, so waiting processes do not retry in step). */
  retryMs: 10,
};

export type RegistryLockOptions = typeof REGISTRY_LOCK_DEFAULTS;

/** Directories the registry creates: its owner's only, whatever the umask (the umask only removes bits). */
export const REGISTRY_DIR_MODE = 0o700;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread: an edit is a few milliseconds of file work, and the CLI has nothing else to do meanwhile. */
function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function isLocked(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ELOCKED';
}

function lockOnce(file: string, staleMs: number): (() => void) | undefined {
  mkdirSync(dirname(file), { recursive: true, mode: REGISTRY_DIR_MODE });
  try {
    return lockfile.lockSync(file, { realpath: false, stale: staleMs });
  } catch (err) {
    if (isLocked(err)) return undefined;
    throw err;
  }
}

/**
 * Runs `edit` holding the registry's lock, waiting for another holder up to `waitMs`.
 * @throws UserError when the lock stays taken (exit 1: running the command again later helps).
 */
export function withRegistryLock<T>(file: string, edit: () => T, options: Partial<RegistryLockOptions> = {}): T {
  const o = { ...REGISTRY_LOCK_DEFAULTS, ...options };
  const deadline = Date.now() + o.waitMs;
  for (;;) {
    const done = tryWithRegistryLock(file, edit, o);
    if (done) return done.value;
    if (Date.now() >= deadline) {
      throw new UserError(`The device registry ${file} stayed locked for ${o.waitMs / 1000} s by another edit (${file}.lock).`, 'Run the command again; a lock left by a crashed process is taken over after 10 s.', 1);
    }
    sleepMs(o.retryMs * (1 + Math.random()));
  }
}

/** Runs `edit` holding the lock if it is free now; `undefined` when another edit holds it (for callers that must not block, like the gateway). */
export function tryWithRegistryLock<T>(file: string, edit: () => T, options: Partial<RegistryLockOptions> = {}): { value: T } | undefined {
  const release = lockOnce(file, options.staleMs ?? REGISTRY_LOCK_DEFAULTS.staleMs);
  if (!release) return undefined;
  try {
    return { value: edit() };
  } finally {
    release();
  }
}
