import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { GATEWAY_ANSWER_BOUND_MS } from '../protocol/upload-contract.js';
import { GATEWAY_DEFAULTS, lockWaitMs } from './config.js';
import { DedupMemory } from './dedup.js';
import { addDevice, DeviceRegistry, hashToken, readRegistryFile, revokeDevice } from './registry.js';
import { KeyedLock, LockTimeoutError } from './vehicle-lock.js';

describe('GATEWAY_DEFAULTS', () => {
  it('keep the answer to a batch within the contract\'s bound: the lock wait plus the Kafka produce bound', () => {
    expect(GATEWAY_DEFAULTS.vehicleLockTimeoutMs + GATEWAY_DEFAULTS.produceTimeoutMs).toBeLessThanOrEqual(GATEWAY_ANSWER_BOUND_MS);
  });

  it('shorten the lock wait by the time reading and checking the body took, so the answer still comes within the bound', () => {
    const config = { vehicleLockTimeoutMs: 6_000, produceTimeoutMs: 5_000 };
    const slack = GATEWAY_ANSWER_BOUND_MS - config.produceTimeoutMs - config.vehicleLockTimeoutMs;
    expect(lockWaitMs(config, 0)).toBe(config.vehicleLockTimeoutMs);
    expect(lockWaitMs(config, slack + 2_500)).toBe(config.vehicleLockTimeoutMs - 2_500);
    expect(lockWaitMs(config, GATEWAY_ANSWER_BOUND_MS)).toBe(0);
    for (const elapsedMs of [0, 100, 3_000, 6_000, 20_000]) {
      expect(elapsedMs + lockWaitMs(config, elapsedMs) + config.produceTimeoutMs).toBeLessThanOrEqual(Math.max(GATEWAY_ANSWER_BOUND_MS, elapsedMs + config.produceTimeoutMs));
    }
  });
});

describe('DedupMemory', () => {
  it('knows the already-produced positions per vehicle and epoch', () => {
    const memory = new DedupMemory(2);
    expect(memory.alreadyProduced('v1', 'e1', [1, 2, 3])).toEqual([false, false, false]);
    memory.markProduced('v1', 'e1', [1, 2, 3]);
    expect(memory.alreadyProduced('v1', 'e1', [1, 2, 3])).toEqual([true, true, true]);
    expect(memory.alreadyProduced('v1', 'e1', [2, 3, 4, 5])).toEqual([true, true, false, false]);
    expect(memory.alreadyProduced('v1', 'e2', [1, 2])).toEqual([false, false]);
    expect(memory.alreadyProduced('v2', 'e1', [1])).toEqual([false]);
  });

  it('remembers the gaps below the highest seq: a position re-sent into a gap is new, once', () => {
    const memory = new DedupMemory(2);
    memory.markProduced('v1', 'e1', [1, 2, 3]);
    memory.markProduced('v1', 'e1', [7, 8, 10]); // 4..6 and 9 were refused (quarantined by the agent)
    expect(memory.alreadyProduced('v1', 'e1', [3, 4, 5, 6, 7, 9, 10, 11])).toEqual([true, false, false, false, true, false, true, false]);
    memory.markProduced('v1', 'e1', [5]);
    expect(memory.alreadyProduced('v1', 'e1', [4, 5, 6])).toEqual([false, true, false]);
    memory.markProduced('v1', 'e1', [4, 6, 9]);
    expect(memory.alreadyProduced('v1', 'e1', [4, 5, 6, 9])).toEqual([true, true, true, true]);
    expect(memory.highestSeq('v1', 'e1')).toBe(10);
  });

  it('takes a seq below the lowest it knows as new (re-sent from quarantine; the agent sends in order, so no resend arrives there), and learns the range down to it', () => {
    const memory = new DedupMemory(2);
    memory.markProduced('v1', 'e1', [5, 6, 7]); // 1..4 were quarantined before this gateway saw the epoch
    expect(memory.alreadyProduced('v1', 'e1', [1, 4, 5, 7, 8])).toEqual([false, false, true, true, false]);
    memory.markProduced('v1', 'e1', [2]);
    expect(memory.alreadyProduced('v1', 'e1', [1, 2, 3, 4, 5])).toEqual([false, true, false, false, true]);
    memory.markProduced('v1', 'e1', [1, 3, 4]);
    expect(memory.alreadyProduced('v1', 'e1', [1, 2, 3, 4, 5, 6, 7])).toEqual([true, true, true, true, true, true, true]);
  });

  it('keeps a bounded number of gaps: the oldest forgotten counts as produced', () => {
    const memory = new DedupMemory(1, 2);
    memory.markProduced('v1', 'e1', [1, 3, 5, 7]); // gaps 2, 4, 6: the first is forgotten
    expect(memory.alreadyProduced('v1', 'e1', [2, 4, 6])).toEqual([true, false, false]);
  });

  it('never lowers the highest seq and forgets the least recently used epoch beyond its bound', () => {
    const memory = new DedupMemory(2);
    memory.markProduced('v1', 'e1', 10);
    memory.markProduced('v1', 'e1', 5);
    expect(memory.highestSeq('v1', 'e1')).toBe(10);
    memory.markProduced('v1', 'e2', 1);
    memory.markProduced('v1', 'e1', 11); // e1 used again: e2 is now the oldest
    memory.markProduced('v1', 'e3', 1);
    expect(memory.highestSeq('v1', 'e2')).toBeUndefined();
    expect(memory.highestSeq('v1', 'e1')).toBe(11);
    expect(memory.highestSeq('v1', 'e3')).toBe(1);
  });
});

describe('KeyedLock', () => {
  it('runs the work of one key one at a time, in arrival order, and other keys in parallel', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = lock.run('a', 1000, async () => {
      events.push('a1 start');
      await new Promise<void>((r) => (releaseFirst = r));
      events.push('a1 end');
    });
    const second = lock.run('a', 1000, async () => void events.push('a2'));
    await lock.run('b', 1000, async () => void events.push('b1'));
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    await new Promise((r) => setImmediate(r));
    expect(lock.size).toBe(0);
  });

  it('gives up waiting after the timeout, and a later holder still waits for the earlier one', async () => {
    const lock = new KeyedLock();
    let release!: () => void;
    let firstDone = false;
    const first = lock.run('a', 1000, () => new Promise<void>((r) => (release = r)).then(() => void (firstDone = true)));
    await expect(lock.run('a', 20, async () => 'never')).rejects.toBeInstanceOf(LockTimeoutError);
    const third = lock.run('a', 5000, async () => firstDone);
    release();
    await first;
    expect(await third).toBe(true);
  });

  it('releases the lock when the work throws', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('a', 100, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('a', 100, async () => 'next')).toBe('next');
  });
});

describe('device registry', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'gateway-registry-')), 'sub', 'devices.json');

  it('stores only the SHA-256 of a 256-bit token, in a file only its owner can read', () => {
    const f = file();
    const token = addDevice(f, 'truck-1');
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain(token);
    expect(readRegistryFile(f).devices).toEqual([expect.objectContaining({ vehicleId: 'truck-1', tokenSha256: hashToken(token) })]);
    expect(statSync(f).mode & 0o077).toBe(0);
  });

  it('creates the registry directory 0700 even under umask 000, for the CLI and for the running gateway', () => {
    const previous = process.umask(0);
    try {
      const written = file();
      addDevice(written, 'truck-1');
      expect(statSync(dirname(written)).mode & 0o777).toBe(0o700);
      const watched = file();
      const registry = new DeviceRegistry(watched, 1000);
      registry.watch();
      registry.close();
      expect(statSync(dirname(watched)).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('refuses a second active token, bad vehicle ids and a broken file, with a hint', () => {
    const f = file();
    addDevice(f, 'truck-1');
    expect(() => addDevice(f, 'truck-1')).toThrow(UserError);
    expect(() => addDevice(f, '../etc')).toThrow(/Invalid vehicle id/);
    expect(() => addDevice(f, '')).toThrow(/Invalid vehicle id/);
    expect(revokeDevice(f, 'truck-1')).toBe(1);
    expect(revokeDevice(f, 'truck-1')).toBe(0);
    expect(() => addDevice(f, 'truck-1')).not.toThrow();
  });

  it('the live registry sees a device added and revoked on disk without a restart', () => {
    const f = file();
    const first = addDevice(f, 'truck-1');
    const registry = new DeviceRegistry(f, 60_000);
    expect(registry.lookup(first)).toEqual({ status: 'active', vehicleId: 'truck-1' });
    const second = addDevice(f, 'truck-2'); // a miss re-checks the file at once
    expect(registry.lookup(second)).toEqual({ status: 'active', vehicleId: 'truck-2' });
    revokeDevice(f, 'truck-1'); // a hit re-checks after recheckMs
    expect(registry.lookup(first, Date.now() + 60_000)).toEqual({ status: 'revoked', vehicleId: 'truck-1' });
    expect(registry.lookup('unknown-token')).toEqual({ status: 'unknown' });
  });
});
