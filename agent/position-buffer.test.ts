import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { PositionBuffer, readBufferSnapshot, readQuarantine, resendQuarantined, type UnsequencedPosition } from './position-buffer.js';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

function pos(i: number): UnsequencedPosition {
  return { timeMs: T0 + i * 1000, lat: 45 + i * 1e-5, lon: 7, speed: 10, track: 90, altMSL: 300, hdop: 0.9, uSat: 9, mode: 3 };
}

function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'agent-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-buffer-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('PositionBuffer', () => {
  it('keeps a driving event as a record with its own seq between the positions, across reopen; a version-1 buffer gets the column', () => {
    // A buffer written by an agent from before driving events (schema version 1, no event column).
    const path = join(dir, 'v1.db');
    const old = new Database(path);
    old.exec('CREATE TABLE positions (seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, speed REAL, track REAL, alt_msl REAL, hdop REAL, usat INTEGER, mode INTEGER)');
    old.prepare('INSERT INTO positions (seq, time_ms, lat, lon) VALUES (1, ?, 45, 7)').run(T0);
    old.pragma('user_version = 1');
    old.close();
    const clock = new ManualClock(T0);
    let b = new PositionBuffer(path, { clock });
    const event = { kind: 'harsh-braking' as const, startMs: T0, endMs: T0 + 4000, peak: 4.4, threshold: 2.94, trail: [{ timeMs: T0, lat: 45, lon: 7, speed: 22 }] };
    b.append(pos(1));
    b.append({ timeMs: T0 + 2000, lat: 45.1, lon: 7, event });
    b.append(pos(3));
    b.close();
    b = new PositionBuffer(path, { clock });
    expect(b.oldest(10)).toEqual([{ seq: 1, timeMs: T0, lat: 45, lon: 7 }, { seq: 2, ...pos(1) }, { seq: 3, timeMs: T0 + 2000, lat: 45.1, lon: 7, event }, { seq: 4, ...pos(3) }]);
    b.close();
  });

  it('assigns strictly increasing seqs that survive reopen, even when every row was sent', () => {
    const path = join(dir, 'a.db');
    const clock = new ManualClock(T0);
    let b = new PositionBuffer(path, { clock });
    const epoch = b.epoch;
    for (let i = 0; i < 5; i++) b.append(pos(i));
    expect(b.oldest(10)).toHaveLength(0); // not committed yet
    clock.advance(1_000);
    const first = b.oldest(10);
    expect(first.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(first[0]).toEqual({ seq: 1, ...pos(0) });
    b.acknowledge(first, 5);
    expect(b.stats().depth).toBe(0);
    b.append(pos(5));
    b.close(); // close commits what is waiting

    b = new PositionBuffer(path, { clock });
    expect(b.epoch).toBe(epoch);
    const second = b.oldest(10);
    expect(second.map((p) => p.seq)).toEqual([6]);
    b.acknowledge(second, 6);
    b.close();

    b = new PositionBuffer(path, { clock });
    b.append(pos(6));
    b.commit();
    expect(b.oldest(10).map((p) => p.seq)).toEqual([7]);
    expect(b.stats()).toMatchObject({ lastSeq: 7, depth: 1, epoch });
    b.close();
  });

  it('gives a new database a new epoch', () => {
    const a = new PositionBuffer(join(dir, 'a.db'));
    const b = new PositionBuffer(join(dir, 'b.db'));
    expect(a.epoch).not.toBe(b.epoch);
    expect(a.epoch).toMatch(/^[A-Za-z0-9._-]+$/);
    // A version 4 UUID (from SQLite's randomblob, agent/position-buffer.ts).
    for (const e of [a.epoch, b.epoch]) expect(e).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    a.close();
    b.close();
  });

  it('commits a group when commitMaxRows are waiting', () => {
    const b = new PositionBuffer(join(dir, 'a.db'), { clock: new ManualClock(T0), commitMaxRows: 3 });
    b.append(pos(0));
    b.append(pos(1));
    expect(b.stats().pendingInMemory).toBe(2);
    b.append(pos(2));
    expect(b.stats()).toMatchObject({ pendingInMemory: 0, depth: 3 });
    b.close();
  });

  it('drops the oldest positions beyond the row cap and counts them', () => {
    const path = join(dir, 'a.db');
    const b = new PositionBuffer(path, { clock: new ManualClock(T0), maxRows: 10, commitMaxRows: 4 });
    for (let i = 0; i < 25; i++) b.append(pos(i));
    b.commit();
    const left = b.oldest(100).map((p) => p.seq);
    expect(left).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(b.stats().drops.capacity).toBe(15);
    b.close();
    expect(readBufferSnapshot(path)).toMatchObject({ depth: 10, lastSeq: 25, drops: { capacity: 15, memory: 0 }, integrity: 'ok' });
  });

  it('honours a byte cap', () => {
    const b = new PositionBuffer(join(dir, 'a.db'), { clock: new ManualClock(T0), maxBytes: 64 * 1024, commitMaxRows: 500 });
    for (let i = 0; i < 5_000; i++) b.append(pos(i));
    b.commit();
    const s = b.stats();
    expect(s.drops.capacity).toBeGreaterThan(0);
    expect(s.depth + s.drops.capacity).toBe(5_000);
    expect(b.oldest(1)[0]!.seq).toBe(s.drops.capacity + 1);
    b.close();
  });

  it('quarantines a rejected batch so the queue moves on', () => {
    const path = join(dir, 'a.db');
    const b = new PositionBuffer(path, { clock: new ManualClock(T0) });
    for (let i = 0; i < 6; i++) b.append(pos(i));
    b.commit();
    const batch = b.oldest(3);
    expect(b.quarantine(batch, 400, 'seq 2: bad')).toBe(true);
    expect(b.oldest(10).map((p) => p.seq)).toEqual([4, 5, 6]);
    expect(b.stats()).toMatchObject({ quarantinedBatches: 1, quarantinedPositions: 3, depth: 3 });
    b.close();
    const db = new Database(path, { readonly: true });
    const row = db.prepare('SELECT first_seq, last_seq, count, http_status, error, batch_json FROM quarantine').get() as Record<string, unknown>;
    db.close();
    expect(row).toMatchObject({ first_seq: 1, last_seq: 3, count: 3, http_status: 400, error: 'seq 2: bad' });
    expect(JSON.parse(row.batch_json as string).positions).toHaveLength(3);
  });

  it('lists quarantined batches and moves them back with their seq while the agent runs: sent first, never deleted unsent', () => {
    const path = join(dir, 'a.db');
    const b = new PositionBuffer(path, { clock: new ManualClock(T0) });
    for (let i = 0; i < 10; i++) b.append(pos(i));
    b.commit();
    expect(b.quarantine(b.oldest(3), 400, '{"error":"invalid_batch"}')).toBe(true);
    const inFlight = b.oldest(4);
    expect(inFlight.map((p) => p.seq)).toEqual([4, 5, 6, 7]);

    const held = readQuarantine(path);
    expect(held.epoch).toBe(b.epoch);
    expect(held.batches).toMatchObject([{ id: 1, firstSeq: 1, lastSeq: 3, count: 3, httpStatus: 400, error: '{"error":"invalid_batch"}' }]);
    expect(held.batches[0]!.positions).toEqual([1, 2, 3].map((seq) => ({ seq, ...pos(seq - 1) })));
    expect(readBufferSnapshot(path)).toMatchObject({ inQuarantine: { batches: 1, positions: 3 }, resentPositions: 0 });

    // Another process (telematics agent quarantine resend) while the batch 4..7 is in flight.
    expect(resendQuarantined(path)).toEqual({ batches: 1, positions: 3 });
    b.acknowledge(inFlight, 7);
    expect(b.oldest(10).map((p) => p.seq)).toEqual([1, 2, 3, 8, 9, 10]);
    expect(b.oldest(1)[0]).toEqual({ seq: 1, ...pos(0) });
    expect(b.stats()).toMatchObject({ depth: 6, lastSeq: 10, oldestUnsentTimeMs: pos(0).timeMs });
    b.append(pos(10));
    b.commit();
    expect(b.stats()).toMatchObject({ depth: 7, lastSeq: 11 });
    b.close();
    expect(readQuarantine(path).batches).toEqual([]);
    expect(readBufferSnapshot(path)).toMatchObject({ depth: 7, inQuarantine: { batches: 0, positions: 0 }, resentPositions: 3 });
    expect(resendQuarantined(path)).toEqual({ batches: 0, positions: 0 });
  });

  it('keeps running when the disk is full: holds positions in memory and writes them once space is back', () => {
    const path = join(dir, 'a.db');
    const clock = new ManualClock(T0);
    // A database that may not grow past 12 pages behaves like a full disk (SQLITE_FULL).
    const b = new PositionBuffer(path, { clock, maxPageCount: 12, maxBytes: 0 });
    let i = 0;
    while (b.stats().state === 'ok' && i < 5_000) {
      b.append(pos(i++));
      clock.advance(1_000);
    }
    expect(b.stats().state).toBe('disk-full');
    expect(b.stats().lastError?.code).toBe('SQLITE_FULL');
    const committed = b.stats().lastSeq;
    for (let k = 0; k < 50; k++) {
      b.append(pos(i++));
      clock.advance(1_000);
    }
    const held = b.stats().pendingInMemory;
    expect(held).toBeGreaterThanOrEqual(50);
    // Space comes back: the gateway acknowledged the committed rows, their pages are free again.
    b.acknowledge(b.oldest(committed), committed);
    clock.advance(1_000);
    const s = b.stats();
    expect(s.state).toBe('ok');
    expect(s.pendingInMemory).toBe(0);
    expect(s.drops).toEqual({ capacity: 0, memory: 0 });
    const seqs = b.oldest(10_000).map((p) => p.seq);
    expect(seqs).toEqual(Array.from({ length: held }, (_, k) => committed + 1 + k));
    b.close();
    expect(readBufferSnapshot(path).integrity).toBe('ok');
  });

  it('bounds the memory queue while the disk is full and counts what it drops', () => {
    const clock = new ManualClock(T0);
    const b = new PositionBuffer(join(dir, 'a.db'), { clock, maxPageCount: 12, maxBytes: 0, memoryQueueMaxRows: 20 });
    let i = 0;
    while (b.stats().state === 'ok') {
      b.append(pos(i++));
      clock.advance(1_000);
    }
    for (let k = 0; k < 30; k++) b.append(pos(i++));
    expect(b.stats().pendingInMemory).toBe(20);
    expect(b.stats().drops.memory).toBeGreaterThan(0);
    b.close();
  });

  it('refuses a buffer that belongs to another vehicle', () => {
    const path = join(dir, 'a.db');
    new PositionBuffer(path, { vehicleId: 'truck-1' }).close();
    expect(() => new PositionBuffer(path, { vehicleId: 'truck-2' })).toThrow(/belongs to vehicle truck-1/);
  });

  // A real full file system: a 1 MiB tmpfs (mounting needs root with CAP_SYS_ADMIN, which this project's machines and CI have).
  it.skipIf(!canMountTmpfs())('rides out ENOSPC on a real full file system and loses nothing once space is freed', () => {
    const mnt = join(dir, 'small-fs');
    execFileSync('mkdir', ['-p', mnt]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
    try {
      const path = join(mnt, 'agent.db');
      const clock = new ManualClock(T0);
      const b = new PositionBuffer(path, { clock, maxBytes: 0 });
      // Leave ~48 KiB free, then record until the disk is full.
      const fs = statfsSync(mnt);
      writeFileSync(join(mnt, 'ballast'), Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - 48 * 1024)));
      let i = 0;
      while (b.stats().state === 'ok' && i < 50_000) {
        b.append(pos(i++));
        clock.advance(1_000);
      }
      expect(b.stats().state).toBe('disk-full');
      const committed = b.stats().lastSeq;
      for (let k = 0; k < 100; k++) {
        b.append(pos(i++));
        clock.advance(1_000);
      }
      const held = b.stats().pendingInMemory;
      expect(held).toBeGreaterThanOrEqual(100);
      unlinkSync(join(mnt, 'ballast'));
      clock.advance(1_000);
      const s = b.stats();
      expect(s).toMatchObject({ state: 'ok', pendingInMemory: 0, drops: { capacity: 0, memory: 0 } });
      expect(s.lastSeq).toBe(committed + held);
      expect(b.oldest(100_000).map((p) => p.seq)).toEqual(Array.from({ length: s.lastSeq }, (_, k) => k + 1));
      b.close();
      expect(readBufferSnapshot(path).integrity).toBe('ok');
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
