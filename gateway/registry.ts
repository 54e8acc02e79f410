import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { VEHICLE_ID_PATTERN, VEHICLE_ID_RULE } from '../protocol/vehicle-id.js';
import { REGISTRY_DIR_MODE, tryWithRegistryLock, withRegistryLock } from './registry-lock.js';

const log = getLogger('gateway.registry');

/**
 * The device registry: one JSON file mapping token hashes to vehicles.
 *
 * Tokens are 256-bit random values, so a plain SHA-256 is enough to store them: a slow
 * password hash (bcrypt, scrypt) protects low-entropy secrets against guessing, which is
 * impossible here, and would cost milliseconds of CPU on every request.
 */
export interface DeviceEntry {
  vehicleId: string;
  /** hex SHA-256 of the bearer token */
  tokenSha256: string;
  createdAt: string;
  revokedAt?: string;
  /** Set by rotate-device on the tokens it replaces: valid until then, or until a newer token of the vehicle is used. */
  expiresAt?: string;
  /** When the gateway first accepted this token; recorded for a token that replaces others (rotate-device). */
  firstUsedAt?: string;
}

export interface RegistryFile {
  version: 1;
  devices: DeviceEntry[];
}

export const REGISTRY_DEFAULTS = {
  /** rotate-device: how long the old token stays valid while the truck has not used its new one yet. */
  rotationOverlapMs: 7 * 86_400_000,
  /** The gateway records a token's first use in the file; a locked or unwritable file is retried after this. */
  recordRetryMs: 200,
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function readRegistryFile(file: string): RegistryFile {
  if (!existsSync(file)) return { version: 1, devices: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`The device registry ${file} is not valid JSON: ${(err as Error).message}`, 'Fix or restore the file.');
  }
  const reg = parsed as Partial<RegistryFile>;
  if (reg.version !== 1 || !Array.isArray(reg.devices)) {
    throw new UserError(`The device registry ${file} is not a version-1 registry.`, 'It should look like {"version":1,"devices":[…]}.');
  }
  return reg as RegistryFile;
}

/** Atomic: readers see the old file or the new one, never half of one. Edits go through `editRegistry` (locked). */
export function writeRegistryFile(file: string, registry: RegistryFile): void {
  mkdirSync(dirname(file), { recursive: true, mode: REGISTRY_DIR_MODE });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(registry, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Reads, changes and writes the registry holding its lock, so two edits at the same instant
 * (two CLI runs, a CLI run and the gateway) both land. `edit` changes the registry in place and
 * returns what the caller wants back; `changed` says whether there is anything to write.
 */
export function editRegistry<T>(file: string, edit: (registry: RegistryFile) => T, changed: (result: T) => boolean = () => true): T {
  return withRegistryLock(file, () => {
    const registry = readRegistryFile(file);
    const result = edit(registry);
    if (changed(result)) writeRegistryFile(file, registry);
    return result;
  });
}

export type TokenState = 'active' | 'revoked' | 'expired' | 'replaced';

/**
 * Whether a token is accepted at `nowMs`. `newerTokenUsed`: a token of the same vehicle added
 * after this one (entries are only ever appended) has been used and is not revoked. A token being
 * rotated out (`expiresAt`) stays valid until its window ends or a newer token of the vehicle has
 * been used, whichever is first: a truck that has not picked up its new token keeps uploading.
 */
export function tokenState(entry: DeviceEntry, newerTokenUsed: boolean, nowMs: number): TokenState {
  if (entry.revokedAt) return 'revoked';
  if (entry.expiresAt === undefined) return 'active';
  if (Date.parse(entry.expiresAt) <= nowMs) return 'expired';
  return newerTokenUsed ? 'replaced' : 'active';
}

function isUsed(entry: DeviceEntry): boolean {
  return entry.firstUsedAt !== undefined && !entry.revokedAt;
}

/** A token whose first use retires older ones: it has none recorded yet and an older token of its vehicle is being rotated out. */
function retiresOthersOnFirstUse(entry: DeviceEntry, older: readonly DeviceEntry[]): boolean {
  return entry.firstUsedAt === undefined && older.some((e) => e.expiresAt !== undefined && !e.revokedAt);
}

/** Each vehicle's entries, in file order (oldest first). */
function entriesByVehicle(devices: readonly DeviceEntry[]): Map<string, DeviceEntry[]> {
  const byVehicle = new Map<string, DeviceEntry[]>();
  for (const d of devices) {
    const list = byVehicle.get(d.vehicleId);
    if (list) list.push(d);
    else byVehicle.set(d.vehicleId, [d]);
  }
  return byVehicle;
}

/** Each entry's state at `nowMs`. */
export function tokenStates(devices: readonly DeviceEntry[], nowMs: number): Map<DeviceEntry, TokenState> {
  const states = new Map<DeviceEntry, TokenState>();
  for (const entries of entriesByVehicle(devices).values()) {
    let newerTokenUsed = false;
    for (let i = entries.length - 1; i >= 0; i--) {
      states.set(entries[i]!, tokenState(entries[i]!, newerTokenUsed, nowMs));
      newerTokenUsed ||= isUsed(entries[i]!);
    }
  }
  return states;
}

/** The vehicles that have a token accepted at `nowMs`. */
function vehiclesWithActiveToken(registry: RegistryFile, nowMs: number): Set<string> {
  const active = new Set<string>();
  for (const [entry, state] of tokenStates(registry.devices, nowMs)) if (state === 'active') active.add(entry.vehicleId);
  return active;
}

/** Registers a vehicle; returns the token, which is never stored and cannot be shown again. */
export function addDevice(file: string, vehicleId: string, now = new Date()): string {
  return addDevices(file, [vehicleId], now).get(vehicleId)!;
}

/** A vehicle to register and its new token. */
export interface NewDevice {
  vehicleId: string;
  token: string;
}

/** Registers vehicles with new tokens in one locked edit; returns each one's token (see registerDevices). */
export function addDevices(file: string, vehicleIds: readonly string[], now = new Date()): Map<string, string> {
  const devices = vehicleIds.map((vehicleId) => ({ vehicleId, token: newToken() }));
  registerDevices(file, devices, now);
  return new Map(devices.map((d) => [d.vehicleId, d.token]));
}

/** Invalid ids, ids listed twice, ids that already have an active token; one line each. */
function newDeviceProblems(vehicleIds: readonly string[], active: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const id of vehicleIds) {
    if (!VEHICLE_ID_PATTERN.test(id)) lines.push(`Invalid vehicle id '${id}'.`);
    else if (seen.has(id)) lines.push(`Vehicle ${id} is listed twice.`);
    else if (active.has(id)) lines.push(`Vehicle ${id} already has an active token.`);
    seen.add(id);
  }
  return lines;
}

function refusal(vehicleIds: readonly string[], lines: string[]): UserError {
  const single = vehicleIds.length === 1;
  const more = lines.length > 20 ? `\n  - … and ${lines.length - 20} more` : '';
  const hint = lines.some((l) => l.startsWith('Invalid'))
    ? `Use ${VEHICLE_ID_RULE}.`
    : single
      ? `Revoke it first with 'telematics gateway revoke-device ${vehicleIds[0]}', or rotate it with 'telematics gateway rotate-device ${vehicleIds[0]}'.`
      : 'Leave those vehicles out, or rotate their tokens with rotate-device.';
  return new UserError(single ? lines[0]! : `Nothing registered: ${lines.length} problem(s):\n  - ${lines.slice(0, 20).join('\n  - ')}${more}`, hint);
}

function refusalOf(registry: RegistryFile, vehicleIds: readonly string[], now: Date): UserError | undefined {
  const problems = newDeviceProblems(vehicleIds, vehiclesWithActiveToken(registry, now.getTime()));
  return problems.length > 0 ? refusal(vehicleIds, problems) : undefined;
}

/** Checks ahead, without the lock, what registerDevices would refuse (it checks again, locked). @throws UserError listing every problem. */
export function checkNewDevices(file: string, vehicleIds: readonly string[], now = new Date()): void {
  const refused = refusalOf(readRegistryFile(file), vehicleIds, now);
  if (refused) throw refused;
}

/**
 * Registers vehicles with the given tokens in one locked edit (one write, whatever their
 * number). Nothing is registered when any id is invalid, repeated or already has an active
 * token: the error lists every such problem.
 */
export function registerDevices(file: string, devices: readonly NewDevice[], now = new Date()): void {
  const ids = devices.map((d) => d.vehicleId);
  editRegistry(file, (registry) => {
    const refused = refusalOf(registry, ids, now);
    if (refused) throw refused;
    const at = now.toISOString();
    for (const { vehicleId, token } of devices) registry.devices.push({ vehicleId, tokenSha256: hashToken(token), createdAt: at });
  });
}

/** Revokes every active token of the vehicle; returns how many. */
export function revokeDevice(file: string, vehicleId: string, now = new Date()): number {
  return editRegistry(
    file,
    (registry) => {
      let revoked = 0;
      for (const d of registry.devices) {
        if (d.vehicleId === vehicleId && !d.revokedAt) {
          d.revokedAt = now.toISOString();
          revoked++;
        }
      }
      return revoked;
    },
    (revoked) => revoked > 0,
  );
}

export interface Rotation {
  token: string;
  /** Tokens now being rotated out, and until when at most. */
  replaced: number;
  oldValidUntil: string;
}

/**
 * Gives a vehicle a new token while its current ones stay valid for `overlapMs`, or until the
 * gateway sees the new token, whichever is first: a truck is never locked out mid-rotation.
 * @throws UserError when the vehicle has no active token (register it with add-device).
 */
export function rotateDevice(file: string, vehicleId: string, overlapMs: number = REGISTRY_DEFAULTS.rotationOverlapMs, now = new Date()): Rotation {
  return editRegistry(file, (registry) => {
    const nowMs = now.getTime();
    const states = tokenStates(registry.devices.filter((d) => d.vehicleId === vehicleId), nowMs);
    const active = [...states].filter(([, state]) => state === 'active').map(([d]) => d);
    if (active.length === 0) {
      throw new UserError(`Vehicle ${vehicleId} has no active token to rotate in ${file}.`, `Register it with 'telematics gateway add-device ${vehicleId}'.`);
    }
    const until = new Date(nowMs + overlapMs).toISOString();
    for (const d of active) if (d.expiresAt === undefined || d.expiresAt > until) d.expiresAt = until;
    const token = newToken();
    registry.devices.push({ vehicleId, tokenSha256: hashToken(token), createdAt: now.toISOString() });
    return { token, replaced: active.length, oldValidUntil: until };
  });
}

export type Lookup = { status: TokenState; vehicleId: string } | { status: 'unknown' };

/** A token's entry with the entries of its vehicle before and after it in the file. */
interface Known {
  entry: DeviceEntry;
  older: DeviceEntry[];
  newer: DeviceEntry[];
}

/**
 * The gateway's live view of the registry file. The file is re-read when it changes
 * (fs.watch on its directory, since an atomic rename replaces the file), and its
 * identity (inode, mtime, size) is re-checked on every miss and at most every
 * `recheckMs` on hits, so a revocation takes effect without a restart even where
 * fs.watch is unreliable (network file systems). The first use of a rotated vehicle's new
 * token retires its old ones at once here and is recorded in the file (under its lock,
 * without blocking requests), so other gateways and restarts agree.
 */
export class DeviceRegistry {
  private byHash = new Map<string, Known>();
  private identity = '';
  private lastCheckMs = 0;
  private watcher?: FSWatcher;
  /** First uses not yet in the file: token hash → time. */
  private unrecorded = new Map<string, string>();
  private recordTimer?: NodeJS.Timeout;

  constructor(
    readonly file: string,
    private readonly recheckMs: number,
  ) {
    this.reload();
  }

  /** Start following changes of the file. */
  watch(): void {
    const dir = dirname(this.file);
    mkdirSync(dir, { recursive: true, mode: REGISTRY_DIR_MODE });
    try {
      this.watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name === basename(this.file)) this.reloadIfChanged();
      });
      this.watcher.on('error', (err) => log.warn({ err }, 'watching the registry failed; falling back to mtime checks'));
    } catch (err) {
      log.warn({ err }, 'cannot watch the registry directory; falling back to mtime checks');
    }
  }

  /** Stops watching; first uses not recorded yet get one last try (the next use records them otherwise). */
  close(): void {
    this.watcher?.close();
    clearTimeout(this.recordTimer);
    if (this.unrecorded.size > 0) this.recordFirstUses();
    clearTimeout(this.recordTimer);
  }

  get size(): number {
    return this.byHash.size;
  }

  lookup(token: string, nowMs = Date.now()): Lookup {
    const hash = hashToken(token);
    let known = this.byHash.get(hash);
    if (!known || nowMs - this.lastCheckMs >= this.recheckMs) {
      this.lastCheckMs = nowMs;
      if (this.reloadIfChanged()) known = this.byHash.get(hash);
    }
    if (!known) return { status: 'unknown' };
    const status = tokenState(known.entry, known.newer.some(isUsed), nowMs);
    if (status === 'active' && retiresOthersOnFirstUse(known.entry, known.older)) this.firstUse(known.entry, nowMs);
    return { status, vehicleId: known.entry.vehicleId };
  }

  private firstUse(entry: DeviceEntry, nowMs: number): void {
    entry.firstUsedAt = new Date(nowMs).toISOString();
    this.unrecorded.set(entry.tokenSha256, entry.firstUsedAt);
    log.info({ vehicleId: entry.vehicleId }, 'rotated token used for the first time: the older tokens of the vehicle are retired');
    this.scheduleRecord(0);
  }

  private scheduleRecord(delayMs: number): void {
    clearTimeout(this.recordTimer);
    this.recordTimer = setTimeout(() => this.recordFirstUses(), delayMs);
    this.recordTimer.unref();
  }

  /** Writes the first uses into the file if its lock is free now; else (or on an error) tries again shortly. */
  private recordFirstUses(): void {
    const pending = new Map(this.unrecorded);
    try {
      const done = tryWithRegistryLock(this.file, () => {
        const registry = readRegistryFile(this.file);
        for (const d of registry.devices) {
          const at = pending.get(d.tokenSha256);
          if (at !== undefined && d.firstUsedAt === undefined) d.firstUsedAt = at;
        }
        writeRegistryFile(this.file, registry);
      });
      if (!done) return this.scheduleRecord(REGISTRY_DEFAULTS.recordRetryMs);
      for (const hash of pending.keys()) this.unrecorded.delete(hash);
    } catch (err) {
      log.error({ err, file: this.file }, 'cannot record a token\'s first use in the registry; it holds in this gateway, and is retried');
      this.scheduleRecord(REGISTRY_DEFAULTS.recordRetryMs * 25);
    }
  }

  private fileIdentity(): string {
    try {
      const s = statSync(this.file);
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch {
      return 'missing';
    }
  }

  /** Returns true when the file changed and was re-read. A broken file keeps the last good view. */
  private reloadIfChanged(): boolean {
    if (this.fileIdentity() === this.identity) return false;
    try {
      this.reload();
      return true;
    } catch (err) {
      log.error({ err, file: this.file }, 'device registry unreadable; keeping the previous one');
      return false;
    }
  }

  private reload(): void {
    const identity = this.fileIdentity();
    const registry = readRegistryFile(this.file);
    for (const d of registry.devices) {
      // A first use this gateway saw and has not recorded yet still counts.
      const seen = d.firstUsedAt ?? this.unrecorded.get(d.tokenSha256);
      if (seen !== undefined) d.firstUsedAt = seen;
    }
    const byHash = new Map<string, Known>();
    for (const list of entriesByVehicle(registry.devices).values()) list.forEach((entry, i) => byHash.set(entry.tokenSha256, { entry, older: list.slice(0, i), newer: list.slice(i + 1) }));
    this.byHash = byHash;
    this.identity = identity;
    log.info({ file: this.file, devices: registry.devices.length }, 'device registry loaded');
  }
}
