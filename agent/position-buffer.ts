import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { getLogger, type Logger } from '../common/logger.js';
import { UserError } from '../common/errors.js';
import type { DrivingEventDetails } from '../protocol/driving-event.js';
import type { Position } from '../protocol/position.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';

/**
 * A new buffer's epoch: a random (version 4) UUID from SQLite's randomblob (ChaCha20 seeded by the
 * OS), not node:crypto, which the agent would load for this one call and carry (~1 MiB of RSS).
 */
function newEpoch(db: Database.Database): string {
  const bytes = db.prepare('SELECT randomblob(16)').pluck().get() as Buffer;
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Durability and size limits of the buffer (documented in agent/README.md).
 *
 * Power loss: positions are committed in groups at most `commitIntervalMs` apart with
 * `synchronous=FULL` in WAL mode, so a committed group is on the medium before the commit
 * returns: a power cut loses at most the last `commitIntervalMs` of positions, and WAL
 * never leaves a half-written database behind.
 */
export const POSITION_BUFFER_DEFAULTS = {
  /** Longest a recorded position waits in memory before its commit. */
  commitIntervalMs: 1_000,
  /** A group is committed at once when this many positions are waiting. */
  commitMaxRows: 200,
  /** Cap on buffered (unsent) positions: 7 days at 1 Hz. Overflow drops the oldest. */
  maxRows: 604_800,
  /** Cap on the database's used bytes (0 = none). 128 MiB holds > 1 M positions. */
  maxBytes: 128 * 1024 * 1024,
  /** Positions held in memory while the disk is full or failing (10 h at 1 Hz); beyond it the oldest are dropped. */
  memoryQueueMaxRows: 36_000,
  /** SQLite's max_page_count (0 = SQLite's default); tests use it to simulate a full disk. */
  maxPageCount: 0,
  /** The WAL is truncated back to this after a checkpoint, so it cannot keep an SD card's space. */
  walSizeLimitBytes: 4 * 1024 * 1024,
};

export type PositionBufferOptions = typeof POSITION_BUFFER_DEFAULTS & { clock: Clock; logger: Logger; vehicleId?: string };

export type BufferState = 'ok' | 'disk-full' | 'write-error' | 'closed';

export interface BufferStats {
  path: string;
  epoch: string;
  vehicleId?: string;
  createdAt: string;
  /** Highest seq ever committed (0 before the first). */
  lastSeq: number;
  /** Positions in the database not yet acknowledged by the gateway. */
  depth: number;
  /** Recorded positions not yet committed (normally < 1 s worth; more while the disk is full). */
  pendingInMemory: number;
  /** Fix time of the oldest position not yet acknowledged, ms. */
  oldestUnsentTimeMs?: number;
  dbBytes: number;
  walBytes: number;
  drops: { capacity: number; memory: number };
  quarantinedBatches: number;
  quarantinedPositions: number;
  state: BufferState;
  lastError?: { atMs: number; code?: string; message: string };
  lastCommitAtMs?: number;
}

interface PositionRow {
  seq: number;
  time_ms: number;
  lat: number;
  lon: number;
  speed: number | null;
  track: number | null;
  alt_msl: number | null;
  hdop: number | null;
  usat: number | null;
  mode: number | null;
  /** A driving event's details as JSON (times in ms), or null for a position. */
  event: string | null;
}

/** What is recorded: a position before its seq is assigned at commit. */
export type UnsequencedPosition = Omit<Position, 'seq'>;

/** 2: the `event` column (driving events share the positions' seq); a version-1 file gets it when opened. */
const SCHEMA_VERSION = 2;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS positions (
  seq INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  speed REAL, track REAL, alt_msl REAL, hdop REAL, usat INTEGER, mode INTEGER,
  event TEXT
);
CREATE TABLE IF NOT EXISTS quarantine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  count INTEGER NOT NULL,
  http_status INTEGER,
  error TEXT NOT NULL,
  batch_json TEXT NOT NULL
);
`;

const COUNTERS = ['last_seq', 'dropped_capacity', 'dropped_memory', 'quarantined_batches', 'quarantined_positions'] as const;
type Counter = (typeof COUNTERS)[number];

const INSERT_POSITION = 'INSERT INTO positions (seq, time_ms, lat, lon, speed, track, alt_msl, hdop, usat, mode, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** The parameters of INSERT_POSITION for a position. */
function positionRow(p: Position): (number | string | null)[] {
  return [p.seq, p.timeMs, p.lat, p.lon, p.speed ?? null, p.track ?? null, p.altMSL ?? null, p.hdop ?? null, p.uSat ?? null, p.mode ?? null, p.event ? JSON.stringify(p.event) : null];
}

function rowToPosition(r: PositionRow): Position {
  const p: Position = { seq: r.seq, timeMs: r.time_ms, lat: r.lat, lon: r.lon };
  if (r.speed !== null) p.speed = r.speed;
  if (r.track !== null) p.track = r.track;
  if (r.alt_msl !== null) p.altMSL = r.alt_msl;
  if (r.hdop !== null) p.hdop = r.hdop;
  if (r.usat !== null) p.uSat = r.usat;
  if (r.mode === 2 || r.mode === 3) p.mode = r.mode;
  if (r.event !== null && r.event !== undefined) p.event = JSON.parse(r.event) as DrivingEventDetails;
  return p;
}

/** Schema version 1 → 2: a buffer written before driving events gets their column. */
function addEventColumn(db: Database.Database): void {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all('positions') as { name: string }[];
  if (!columns.some((c) => c.name === 'event')) db.exec('ALTER TABLE positions ADD COLUMN event TEXT');
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The durable queue between sampler and uploader: one SQLite file (WAL) per vehicle.
 * Each committed position gets the next `seq` (strictly increasing, never reused)
 * and carries the buffer's `epoch`, a random id created with the database. The highest
 * seq survives the deletion of every row: see `saveLastSeq`.
 */
export class PositionBuffer {
  readonly path: string;
  readonly epoch: string;
  readonly options: PositionBufferOptions;
  private readonly db: Database.Database;
  private readonly log: Logger;
  private counters: Record<Counter, number>;
  /** last_seq as stored in meta: it is written only with a transaction that deletes rows (see SEQ below). */
  private savedLastSeq: number;
  private readonly createdAt: string;
  private pending: UnsequencedPosition[] = [];
  /** Memory drops not yet written to meta (they happen while writing fails). */
  private unsavedMemoryDrops = 0;
  private rowCount: number;
  /** Acknowledged seq ranges whose delete is still outstanding (disk full): not sent again, deleted at the next chance. */
  private undeleted: [from: number, to: number][] = [];
  /** SQLite's data_version when rowCount was last right: it changes when another connection commits (`quarantine resend`). */
  private dataVersion: number;
  private commitTimer: TimerHandle | undefined;
  private state: BufferState = 'ok';
  private lastError: BufferStats['lastError'];
  private lastCommitAtMs: number | undefined;
  private readonly stmt: {
    insert: Database.Statement;
    setMeta: Database.Statement;
    oldest: Database.Statement;
    deleteRange: Database.Statement;
    deleteOldest: Database.Statement;
    quarantine: Database.Statement;
    oldestTime: Database.Statement;
  };

  constructor(path: string, options: Partial<PositionBufferOptions> = {}) {
    this.options = { ...POSITION_BUFFER_DEFAULTS, clock: systemClock, logger: getLogger('agent.buffer'), ...options };
    this.path = path;
    this.log = this.options.logger;
    try {
      this.db = new Database(path);
    } catch (err) {
      throw new UserError(`cannot open the position buffer ${path}: ${(err as Error).message}`, 'check that the directory exists and the agent user may write to it (--db)', 2);
    }
    const db = this.db;
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma(`journal_size_limit = ${this.options.walSizeLimitBytes}`);
      if (this.options.maxPageCount > 0) db.pragma(`max_page_count = ${this.options.maxPageCount}`);
      const integrity = db.pragma('quick_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`quick_check: ${String(integrity)}`);
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) throw new Error(`schema version ${version} is newer than this agent's ${SCHEMA_VERSION}`);
      db.transaction(() => {
        db.exec(SCHEMA);
        addEventColumn(db);
        const insertMeta = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
        insertMeta.run('epoch', newEpoch(db));
        insertMeta.run('created_at', new Date(this.options.clock.now()).toISOString());
        for (const c of COUNTERS) insertMeta.run(c, '0');
        if (this.options.vehicleId) insertMeta.run('vehicle_id', this.options.vehicleId);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } catch (err) {
      db.close();
      throw new UserError(
        `the position buffer ${path} cannot be used: ${(err as Error).message}`,
        'if the disk is full, free space; if the file is damaged, move it aside (the agent creates a new buffer with a new epoch)',
        2,
      );
    }
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    this.epoch = meta.get('epoch')!;
    this.createdAt = meta.get('created_at')!;
    const storedVehicle = meta.get('vehicle_id');
    if (this.options.vehicleId && storedVehicle && storedVehicle !== this.options.vehicleId) {
      db.close();
      throw new UserError(
        `the position buffer ${path} belongs to vehicle ${storedVehicle}, not ${this.options.vehicleId}`,
        'each vehicle needs its own buffer: give another --db, or the right --vehicle-id',
        2,
      );
    }
    this.counters = Object.fromEntries(COUNTERS.map((c) => [c, Number(meta.get(c) ?? 0)])) as Record<Counter, number>;
    const rows = db.prepare('SELECT COUNT(*) AS n, MAX(seq) AS hi FROM positions').get() as { n: number; hi: number | null };
    this.rowCount = rows.n;
    this.dataVersion = db.pragma('data_version', { simple: true }) as number;
    this.savedLastSeq = this.counters.last_seq;
    this.counters.last_seq = Math.max(this.counters.last_seq, rows.hi ?? 0);
    this.stmt = {
      insert: db.prepare(INSERT_POSITION),
      setMeta: db.prepare('UPDATE meta SET value = ? WHERE key = ?'),
      oldest: db.prepare('SELECT * FROM positions ORDER BY seq LIMIT ?'),
      deleteRange: db.prepare('DELETE FROM positions WHERE seq BETWEEN ? AND ?'),
      deleteOldest: db.prepare('DELETE FROM positions WHERE seq IN (SELECT seq FROM positions ORDER BY seq LIMIT ?)'),
      quarantine: db.prepare(
        'INSERT INTO quarantine (at_ms, first_seq, last_seq, count, http_status, error, batch_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      oldestTime: db.prepare('SELECT time_ms FROM positions ORDER BY seq LIMIT 1'),
    };
    this.log.info({ path, epoch: this.epoch, lastSeq: this.counters.last_seq, depth: this.rowCount }, 'position buffer open');
  }

  /** Records a position; it gets its seq when its group is committed (within `commitIntervalMs`). */
  append(position: UnsequencedPosition): void {
    if (this.state === 'closed') throw new Error('position buffer is closed');
    this.pending.push(position);
    if (this.pending.length > this.options.memoryQueueMaxRows) {
      const excess = this.pending.length - this.options.memoryQueueMaxRows;
      this.pending.splice(0, excess);
      if (this.unsavedMemoryDrops === 0) this.log.warn({ dropped: excess, state: this.state }, 'memory queue full while the disk cannot be written: dropping the oldest unsaved positions');
      this.unsavedMemoryDrops += excess;
    }
    if (this.pending.length >= this.options.commitMaxRows && this.state === 'ok') this.commit();
    else this.scheduleCommit();
  }

  /**
   * Writes all waiting positions in one transaction. Returns false when the write failed
   * (disk full, I/O error): the positions stay in memory and the commit is retried.
   */
  commit(): boolean {
    this.commitTimer?.cancel();
    this.commitTimer = undefined;
    if (this.state === 'closed') return false;
    if (this.pending.length === 0 && this.unsavedMemoryDrops === 0) return true;
    this.recountAfterOtherWriters();
    const batch = this.pending;
    const before = { ...this.counters };
    const rowsBefore = this.rowCount;
    try {
      this.tx(() => {
        for (const p of batch) {
          const seq = ++this.counters.last_seq;
          this.stmt.insert.run(...positionRow({ ...p, seq }));
        }
        this.rowCount += batch.length;
        this.counters.dropped_memory += this.unsavedMemoryDrops;
        this.enforceCap();
        for (const c of COUNTERS) if (c !== 'last_seq' && this.counters[c] !== before[c]) this.stmt.setMeta.run(String(this.counters[c]), c);
        if (this.rowCount < rowsBefore + batch.length) this.saveLastSeq();
      });
    } catch (err) {
      this.counters = before;
      this.rowCount = rowsBefore;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.failed(err, 'commit');
      this.scheduleCommit();
      return false;
    }
    this.pending = [];
    this.unsavedMemoryDrops = 0;
    this.lastCommitAtMs = this.options.clock.now();
    if (this.state !== 'ok') {
      this.log.info({ previous: this.state }, 'position buffer writable again');
      this.state = 'ok';
    }
    return true;
  }

  /** Oldest positions not yet acknowledged, seq ascending (positions re-sent from quarantine come first: their seqs are lower). */
  oldest(limit: number): Position[] {
    if (this.undeleted.length === 0) return (this.stmt.oldest.all(limit) as PositionRow[]).map(rowToPosition);
    const skip = this.undeleted.map(() => 'seq NOT BETWEEN ? AND ?').join(' AND ');
    return (this.db.prepare(`SELECT * FROM positions WHERE ${skip} ORDER BY seq LIMIT ?`).all(...this.undeleted.flat(), limit) as PositionRow[]).map(rowToPosition);
  }

  /**
   * The gateway acknowledged the positions of `batch` (as `oldest()` gave it) up to `throughSeq`:
   * delete exactly those. Not "everything up to throughSeq": a position re-sent from quarantine
   * meanwhile (by another process) has a lower seq and has not been sent yet.
   */
  acknowledge(batch: readonly Pick<Position, 'seq'>[], throughSeq: number): void {
    for (const { seq } of batch) {
      if (seq > throughSeq) break;
      const last = this.undeleted[this.undeleted.length - 1];
      if (last && seq === last[1] + 1) last[1] = seq;
      else this.undeleted.push([seq, seq]);
    }
    this.deleteAcknowledged();
  }

  /**
   * Moves positions the gateway rejected as invalid (400) out of the queue, with the
   * gateway's answer, so they cannot block the positions behind them. Kept for inspection.
   */
  quarantine(positions: Position[], httpStatus: number | undefined, error: string): boolean {
    if (positions.length === 0) return true;
    let removed = 0;
    const before = { ...this.counters };
    try {
      this.tx(() => {
        this.stmt.quarantine.run(
          this.options.clock.now(),
          positions[0]!.seq,
          positions[positions.length - 1]!.seq,
          positions.length,
          httpStatus ?? null,
          error,
          JSON.stringify({ epoch: this.epoch, positions }),
        );
        for (const p of positions) removed += this.stmt.deleteRange.run(p.seq, p.seq).changes;
        this.bumpCounter('quarantined_batches', 1);
        this.bumpCounter('quarantined_positions', positions.length);
        this.saveLastSeq();
      });
    } catch (err) {
      this.counters = before;
      this.failed(err, 'quarantine');
      return false;
    }
    this.rowCount -= removed;
    return true;
  }

  stats(): BufferStats {
    let oldest: number | undefined;
    let walBytes = 0;
    if (this.state !== 'closed') {
      this.recountAfterOtherWriters();
      oldest = this.undeleted.length === 0 ? (this.stmt.oldestTime.get() as { time_ms: number } | undefined)?.time_ms : this.oldest(1)[0]?.timeMs;
      walBytes = fileBytes(this.path + '-wal');
    }
    if (oldest === undefined && this.pending.length > 0) oldest = this.pending[0]!.timeMs;
    return {
      path: this.path,
      epoch: this.epoch,
      vehicleId: this.options.vehicleId,
      createdAt: this.createdAt,
      lastSeq: this.counters.last_seq,
      depth: Math.max(0, this.rowCount - this.outstandingAcked()),
      pendingInMemory: this.pending.length,
      oldestUnsentTimeMs: oldest,
      dbBytes: fileBytes(this.path),
      walBytes,
      drops: { capacity: this.counters.dropped_capacity, memory: this.counters.dropped_memory + this.unsavedMemoryDrops },
      quarantinedBatches: this.counters.quarantined_batches,
      quarantinedPositions: this.counters.quarantined_positions,
      state: this.state,
      lastError: this.lastError,
      lastCommitAtMs: this.lastCommitAtMs,
    };
  }

  /** Commits what is waiting (one try) and closes the database. */
  close(): void {
    if (this.state === 'closed') return;
    if (!this.commit() && this.pending.length > 0) {
      this.log.error({ lost: this.pending.length }, 'closing with positions that could not be written (disk full or failing)');
    }
    this.commitTimer?.cancel();
    this.state = 'closed';
    this.db.close();
  }

  private outstandingAcked(): number {
    if (this.undeleted.length === 0 || this.state === 'closed') return 0;
    const count = this.db.prepare('SELECT COUNT(*) AS n FROM positions WHERE seq BETWEEN ? AND ?');
    return this.undeleted.reduce((n, [from, to]) => n + (count.get(from, to) as { n: number }).n, 0);
  }

  /** Another connection (`telematics agent quarantine resend`) added rows: count them again. */
  private recountAfterOtherWriters(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.rowCount = (this.db.prepare('SELECT COUNT(*) AS n FROM positions').get() as { n: number }).n;
  }

  private deleteAcknowledged(): void {
    try {
      this.recountAfterOtherWriters();
      const removed = this.tx(() => {
        this.saveLastSeq();
        return this.undeleted.reduce((n, [from, to]) => n + this.stmt.deleteRange.run(from, to).changes, 0);
      });
      this.undeleted = [];
      this.rowCount -= removed;
    } catch (err) {
      // Not lost: the next acknowledgement (or commit) deletes them; a resend after a crash is a gateway duplicate.
      this.failed(err, 'delete acknowledged');
    }
  }

  /** Inside a commit transaction: drops the oldest rows beyond the row or byte cap. */
  private enforceCap(): void {
    let excess = this.rowCount - this.options.maxRows;
    if (this.options.maxBytes > 0 && this.rowCount > 0) {
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const free = this.db.pragma('freelist_count', { simple: true }) as number;
      const usedBytes = (pages - free) * pageSize;
      if (usedBytes > this.options.maxBytes) {
        // Rows are of near-equal size: drop the share of rows that frees the excess bytes.
        excess = Math.max(excess, Math.ceil((this.rowCount * (usedBytes - this.options.maxBytes)) / usedBytes));
      }
    }
    if (excess <= 0) return;
    const removed = this.stmt.deleteOldest.run(excess).changes;
    this.rowCount -= removed;
    this.counters.dropped_capacity += removed;
    this.log.warn({ dropped: removed, maxRows: this.options.maxRows, maxBytes: this.options.maxBytes }, 'buffer full: oldest unsent positions dropped');
  }

  private pendingSavedLastSeq = 0;

  /** A transaction; what it stored as last_seq counts only once it committed. */
  private tx<T>(fn: () => T): T {
    this.pendingSavedLastSeq = this.savedLastSeq;
    try {
      const result = this.db.transaction(fn)();
      this.savedLastSeq = this.pendingSavedLastSeq;
      return result;
    } catch (err) {
      this.pendingSavedLastSeq = this.savedLastSeq;
      throw err;
    }
  }

  /**
   * SEQ: the next seq is max(meta.last_seq, MAX(seq) of the rows) + 1. Rows only ever
   * disappear in a transaction that first stores last_seq in meta, so the maximum is never
   * lost with them, and a plain commit (the 1 Hz path) writes one page less.
   */
  private saveLastSeq(): void {
    if (this.counters.last_seq === this.savedLastSeq) return;
    this.stmt.setMeta.run(String(this.counters.last_seq), 'last_seq');
    this.pendingSavedLastSeq = this.counters.last_seq;
  }

  private bumpCounter(c: Counter, by: number): void {
    this.counters[c] += by;
    this.stmt.setMeta.run(String(this.counters[c]), c);
  }

  private failed(err: unknown, during: string): void {
    const code = sqliteCode(err);
    const state: BufferState = code === 'SQLITE_FULL' || /ENOSPC|disk is full|database or disk is full/i.test(String(err)) ? 'disk-full' : 'write-error';
    if (state !== this.state) this.log.error({ err, code, during, pendingInMemory: this.pending.length }, `position buffer ${state}: holding positions in memory and retrying`);
    this.state = state;
    this.lastError = { atMs: this.options.clock.now(), code, message: `${during}: ${(err as Error)?.message ?? String(err)}` };
  }

  private scheduleCommit(): void {
    if (this.commitTimer || this.state === 'closed') return;
    this.commitTimer = this.options.clock.setTimeout(() => {
      this.commitTimer = undefined;
      this.commit();
    }, this.options.commitIntervalMs);
  }
}

/** What `telematics diag` reads from a buffer file it opens read-only (the agent may be running). */
export type BufferSnapshot = Omit<BufferStats, 'pendingInMemory' | 'state' | 'lastError' | 'lastCommitAtMs'> & {
  integrity: string;
  /** What the quarantine holds now (the counters above count everything ever quarantined). */
  inQuarantine: { batches: number; positions: number };
  /** Positions moved back into the queue by `telematics agent quarantine resend`. */
  resentPositions: number;
};

export function readBufferSnapshot(path: string): BufferSnapshot {
  if (!existsSync(path)) throw new UserError(`no position buffer at ${path}`, 'give the agent database with --db (default /var/lib/telematics/agent.db)', 2);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const agg = db.prepare('SELECT COUNT(*) AS n, MIN(time_ms) AS t, MAX(seq) AS hi FROM positions').get() as { n: number; t: number | null; hi: number | null };
    const held = db.prepare('SELECT COUNT(*) AS batches, COALESCE(SUM(count), 0) AS positions FROM quarantine').get() as { batches: number; positions: number };
    return {
      path,
      epoch: meta.get('epoch') ?? '',
      vehicleId: meta.get('vehicle_id'),
      createdAt: meta.get('created_at') ?? '',
      lastSeq: Math.max(Number(meta.get('last_seq') ?? 0), agg.hi ?? 0),
      depth: agg.n,
      oldestUnsentTimeMs: agg.t ?? undefined,
      dbBytes: fileBytes(path),
      walBytes: fileBytes(path + '-wal'),
      drops: { capacity: Number(meta.get('dropped_capacity') ?? 0), memory: Number(meta.get('dropped_memory') ?? 0) },
      quarantinedBatches: Number(meta.get('quarantined_batches') ?? 0),
      quarantinedPositions: Number(meta.get('quarantined_positions') ?? 0),
      integrity: String(db.pragma('quick_check', { simple: true })),
      inQuarantine: held,
      resentPositions: Number(meta.get(RESENT_COUNTER) ?? 0),
    };
  } finally {
    db.close();
  }
}

/** Written only by `resendQuarantined`, never by a running agent, so the two never overwrite each other. */
const RESENT_COUNTER = 'resent_positions';

/** One batch the gateway refused, as the quarantine keeps it. */
export interface QuarantinedBatch {
  id: number;
  atMs: number;
  firstSeq: number;
  lastSeq: number;
  count: number;
  httpStatus: number | null;
  /** The gateway's answer (its body, cut at 4,000 characters). */
  error: string;
  positions: Position[];
}

interface QuarantineRow {
  id: number;
  at_ms: number;
  first_seq: number;
  last_seq: number;
  count: number;
  http_status: number | null;
  error: string;
  batch_json: string;
}

function openForQuarantine(path: string, readonly: boolean): Database.Database {
  if (!existsSync(path)) throw new UserError(`no position buffer at ${path}`, 'give the agent database with --db (default /var/lib/telematics/agent.db)', 2);
  return new Database(path, { readonly, fileMustExist: true });
}

function quarantinedBatches(db: Database.Database, ids?: readonly number[]): QuarantinedBatch[] {
  const rows = db.prepare('SELECT * FROM quarantine ORDER BY id').all() as QuarantineRow[];
  return rows
    .filter((r) => !ids || ids.includes(r.id))
    .map((r) => ({
      id: r.id,
      atMs: r.at_ms,
      firstSeq: r.first_seq,
      lastSeq: r.last_seq,
      count: r.count,
      httpStatus: r.http_status,
      error: r.error,
      positions: (JSON.parse(r.batch_json) as { positions: Position[] }).positions,
    }));
}

/** The buffer's epoch and what its quarantine holds, oldest first (read-only: the agent may be running). */
export function readQuarantine(path: string): { epoch: string; batches: QuarantinedBatch[] } {
  const db = openForQuarantine(path, true);
  try {
    const epoch = (db.prepare("SELECT value FROM meta WHERE key = 'epoch'").get() as { value: string } | undefined)?.value ?? '';
    return { epoch, batches: quarantinedBatches(db) };
  } finally {
    db.close();
  }
}

/**
 * Moves quarantined batches (all, or those with the given ids) back into the send queue with
 * their seq and epoch, in one transaction: the gateway's dedup then tells a position it never
 * produced (a gap below the highest seq it saw) from a resend. Safe while the agent runs (SQLite
 * serialises the writers; the agent notices the new rows by the database's data_version).
 */
export function resendQuarantined(path: string, ids?: readonly number[]): { batches: number; positions: number } {
  const db = openForQuarantine(path, false);
  try {
    return db.transaction(() => {
      const batches = quarantinedBatches(db, ids);
      addEventColumn(db);
      const insert = db.prepare(INSERT_POSITION.replace('INSERT', 'INSERT OR IGNORE'));
      const remove = db.prepare('DELETE FROM quarantine WHERE id = ?');
      let positions = 0;
      for (const b of batches) {
        for (const p of b.positions) positions += insert.run(...positionRow(p)).changes;
        remove.run(b.id);
      }
      db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, 0)').run(RESENT_COUNTER);
      db.prepare('UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = ?').run(positions, RESENT_COUNTER);
      return { batches: batches.length, positions };
    })();
  } finally {
    db.close();
  }
}
