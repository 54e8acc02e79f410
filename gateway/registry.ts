import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { VEHICLE_ID_PATTERN, VEHICLE_ID_RULE } from '../protocol/vehicle-id.js';

const log = getLogger('gateway.registry');

/** Directories the registry creates: its owner's only, whatever the umask (the umask only removes bits). */
const REGISTRY_DIR_MODE = 0o700;

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
}

export interface RegistryFile {
  version: 1;
  devices: DeviceEntry[];
}

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

/** Atomic: readers see the old file or the new one, never half of one. */
export function writeRegistryFile(file: string, registry: RegistryFile): void {
  mkdirSync(dirname(file), { recursive: true, mode: REGISTRY_DIR_MODE });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(registry, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** Registers a vehicle; returns the token, which is never stored and cannot be shown again. */
export function addDevice(file: string, vehicleId: string, now = new Date()): string {
  if (!VEHICLE_ID_PATTERN.test(vehicleId)) {
    throw new UserError(`Invalid vehicle id '${vehicleId}'.`, `Use ${VEHICLE_ID_RULE}.`);
  }
  const registry = readRegistryFile(file);
  if (registry.devices.some((d) => d.vehicleId === vehicleId && !d.revokedAt)) {
    throw new UserError(`Vehicle ${vehicleId} already has an active token.`, `Revoke it first with 'telematics gateway revoke-device ${vehicleId}'.`);
  }
  const token = newToken();
  registry.devices.push({ vehicleId, tokenSha256: hashToken(token), createdAt: now.toISOString() });
  writeRegistryFile(file, registry);
  return token;
}

/** Revokes every active token of the vehicle; returns how many. */
export function revokeDevice(file: string, vehicleId: string, now = new Date()): number {
  const registry = readRegistryFile(file);
  let revoked = 0;
  for (const d of registry.devices) {
    if (d.vehicleId === vehicleId && !d.revokedAt) {
      d.revokedAt = now.toISOString();
      revoked++;
    }
  }
  if (revoked > 0) writeRegistryFile(file, registry);
  return revoked;
}

export type Lookup = { status: 'active'; vehicleId: string } | { status: 'revoked'; vehicleId: string } | { status: 'unknown' };

/**
 * The gateway's live view of the registry file. The file is re-read when it changes
 * (fs.watch on its directory, since an atomic rename replaces the file), and its
 * identity (inode, mtime, size) is re-checked on every miss and at most every
 * `recheckMs` on hits, so a revocation takes effect without a restart even where
 * fs.watch is unreliable (network file systems).
 */
export class DeviceRegistry {
  private byHash = new Map<string, DeviceEntry>();
  private identity = '';
  private lastCheckMs = 0;
  private watcher?: FSWatcher;

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

  close(): void {
    this.watcher?.close();
  }

  get size(): number {
    return this.byHash.size;
  }

  lookup(token: string, nowMs = Date.now()): Lookup {
    const hash = hashToken(token);
    let entry = this.byHash.get(hash);
    if (!entry || nowMs - this.lastCheckMs >= this.recheckMs) {
      this.lastCheckMs = nowMs;
      if (this.reloadIfChanged()) entry = this.byHash.get(hash);
    }
    if (!entry) return { status: 'unknown' };
    return entry.revokedAt ? { status: 'revoked', vehicleId: entry.vehicleId } : { status: 'active', vehicleId: entry.vehicleId };
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
    const byHash = new Map<string, DeviceEntry>();
    for (const d of registry.devices) byHash.set(d.tokenSha256, d);
    this.byHash = byHash;
    this.identity = identity;
    log.info({ file: this.file, devices: registry.devices.length }, 'device registry loaded');
  }
}
