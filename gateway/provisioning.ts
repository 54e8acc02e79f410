import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../common/errors.js';
import { numberedVehicleId } from '../protocol/vehicle-id.js';
import { writeDeviceBundle } from './device-bundle.js';
import { checkNewDevices, newToken, registerDevices } from './registry.js';

/**
 * Fleet roll-out: many vehicles registered in one locked registry edit, each with a bundle of
 * the files its SD card needs (gateway/device-bundle.ts). Nothing is half done: the bundles are
 * written first into a staging folder beside them (so no token is registered that is not on
 * disk), the registry takes every vehicle or none, and only then do the bundles move into place;
 * a failure leaves the registry as it was and no bundle behind.
 */
export interface ProvisionRequest {
  registryFile: string;
  vehicleIds: readonly string[];
  /** The gateway's URL as the trucks reach it. */
  gateway: string;
  /** One bundle per vehicle goes to `<outDir>/<vehicle id>/`. */
  outDir: string;
  now?: Date;
}

export interface ProvisionResult {
  registryFile: string;
  outDir: string;
  vehicles: Array<{ vehicleId: string; bundle: string }>;
}

/** The column that names the vehicle, in the spellings a spreadsheet export may use. */
const VEHICLE_ID_COLUMNS = ['vehicle_id', 'vehicleId', 'vehicle-id', 'vehicle id', 'vehicle'];

/**
 * Vehicle ids from a CSV file: a header row with a vehicle id column (`vehicle_id`, `vehicleId`,
 * …; other columns are ignored), or a single column without a header. Empty lines are skipped.
 */
export function vehicleIdsFromCsv(file: string): string[] {
  let rows: string[][];
  try {
    rows = parse(readFileSync(file), { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new UserError(`Cannot read the vehicle list ${file}: ${(err as Error).message}`, 'Give a CSV file with a vehicle_id column (or one vehicle id per line).');
  }
  if (rows.length === 0) throw new UserError(`The vehicle list ${file} is empty.`, 'Give a CSV file with a vehicle_id column (or one vehicle id per line).');
  const header = rows[0]!.map((h) => h.toLowerCase());
  const column = header.findIndex((h) => VEHICLE_ID_COLUMNS.some((name) => name.toLowerCase() === h));
  if (column >= 0) return rows.slice(1).map((row) => row[column] ?? '');
  if (header.length === 1) return rows.map((row) => row[0] ?? '');
  throw new UserError(`The vehicle list ${file} has no vehicle id column (its header: ${rows[0]!.join(', ')}).`, `Name the column ${VEHICLE_ID_COLUMNS[0]}.`);
}

/** `count` ids PREFIX-00001, PREFIX-00002, … starting at number `first`. */
export function numberedVehicleIds(prefix: string, count: number, first = 1): string[] {
  if (!Number.isInteger(count) || count < 1) throw new UserError(`--count must be a positive whole number, not ${count}.`);
  if (!Number.isInteger(first) || first < 0) throw new UserError(`--first must be a whole number ≥ 0, not ${first}.`);
  return Array.from({ length: count }, (_, i) => numberedVehicleId(prefix, first + i));
}

function checkGatewayUrl(gateway: string): void {
  let url: URL;
  try {
    url = new URL(gateway);
  } catch {
    throw new UserError(`--gateway-url ${gateway} is not a URL.`, 'Give the URL the trucks reach the gateway at, e.g. https://gw.example.com.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UserError(`--gateway-url ${gateway} must be an http:// or https:// URL.`);
}

/** Registers the vehicles and writes their bundles (see the module comment for the order). */
export function provisionDevices(request: ProvisionRequest): ProvisionResult {
  checkGatewayUrl(request.gateway);
  const outDir = resolve(request.outDir);
  // One listing, not a lookup per vehicle.
  const present = new Set(existsSync(outDir) ? readdirSync(outDir) : []);
  const existing = request.vehicleIds.filter((id) => present.has(id));
  if (existing.length > 0) {
    throw new UserError(
      `${existing.length} bundle(s) already exist in ${outDir}: ${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}. Nothing registered.`,
      'Copy them to their trucks and move them away, or give another --out.',
    );
  }
  // Before any file is written: every id valid (a bundle folder is named after it), none repeated or already active.
  checkNewDevices(request.registryFile, request.vehicleIds, request.now);
  const devices = request.vehicleIds.map((vehicleId) => ({ vehicleId, token: newToken() }));
  mkdirSync(outDir, { recursive: true });
  const staging = join(outDir, `.add-devices-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(staging, { mode: 0o700 });
    for (const device of devices) writeDeviceBundle(join(staging, device.vehicleId), { ...device, gateway: request.gateway });
    // Checks again under the registry's lock, and changes nothing when it refuses.
    registerDevices(request.registryFile, devices, request.now);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const vehicles = devices.map(({ vehicleId }) => {
    const bundle = join(outDir, vehicleId);
    renameSync(join(staging, vehicleId), bundle);
    return { vehicleId, bundle };
  });
  rmSync(staging, { recursive: true, force: true });
  return { registryFile: request.registryFile, outDir, vehicles };
}
