import { readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../common/errors.js';
import { editRegistry, hashToken, newToken } from '../gateway/registry.js';
import { numberedVehicleId, VEHICLE_ID_PATTERN } from '../protocol/vehicle-id.js';

/**
 * Each virtual truck's vehicle id and bearer token. For a local gateway the simulator
 * writes the trucks into the gateway's registry file itself (the gateway re-reads it
 * without restart); for a remote gateway they come from a credentials file that whoever
 * provisioned the fleet wrote (`{"vehicles":[{"vehicleId","token"}, …]}`, truck number =
 * index, so every shard reads the same file).
 */
export interface TruckCredential {
  vehicleId: string;
  token: string;
}

export const CREDENTIAL_DEFAULTS = {
  /** Vehicle ids are PREFIX-00001, PREFIX-00002, … (truck number + 1). */
  vehiclePrefix: 'sim',
};

export function vehicleIdOf(prefix: string, truck: number): string {
  return numberedVehicleId(prefix, truck + 1);
}

/**
 * Registers the given trucks in a registry file in one locked, atomic write (not one write per
 * truck: a 10,000-truck fleet would rewrite the file 10,000 times). A truck already in
 * the registry gets a new token; its old ones are revoked.
 */
export function provisionInRegistry(registryFile: string, prefix: string, trucks: number[], now = new Date()): Map<number, TruckCredential> {
  const creds = new Map<number, TruckCredential>();
  const ids = new Set<string>();
  for (const truck of trucks) {
    const vehicleId = vehicleIdOf(prefix, truck);
    if (!VEHICLE_ID_PATTERN.test(vehicleId)) throw new UserError(`Invalid vehicle id '${vehicleId}' from --vehicle-prefix '${prefix}'.`, 'Use letters, digits and . _ : - (up to ~55 characters).');
    ids.add(vehicleId);
    creds.set(truck, { vehicleId, token: newToken() });
  }
  const at = now.toISOString();
  editRegistry(registryFile, (registry) => {
    for (const d of registry.devices) if (ids.has(d.vehicleId) && !d.revokedAt) d.revokedAt = at;
    for (const { vehicleId, token } of creds.values()) registry.devices.push({ vehicleId, tokenSha256: hashToken(token), createdAt: at });
  });
  return creds;
}

export function readCredentialsFile(file: string, trucks: number[]): Map<number, TruckCredential> {
  let vehicles: unknown;
  try {
    vehicles = (JSON.parse(readFileSync(file, 'utf8')) as { vehicles?: unknown }).vehicles;
  } catch (err) {
    throw new UserError(`Cannot read the credentials file ${file}: ${(err as Error).message}`, 'Give a JSON file {"vehicles":[{"vehicleId":"…","token":"…"}, …]}.');
  }
  if (!Array.isArray(vehicles)) throw new UserError(`The credentials file ${file} has no "vehicles" array.`, 'Expected {"vehicles":[{"vehicleId":"…","token":"…"}, …]}.');
  const creds = new Map<number, TruckCredential>();
  for (const truck of trucks) {
    const v = vehicles[truck] as Partial<TruckCredential> | undefined;
    if (!v) throw new UserError(`The credentials file ${file} has ${vehicles.length} vehicles; the fleet needs ${truck + 1}.`, 'Provision more vehicles or lower --trucks.');
    if (typeof v.vehicleId !== 'string' || typeof v.token !== 'string') throw new UserError(`Credentials entry ${truck} in ${file} needs string "vehicleId" and "token".`, 'Fix the file.');
    creds.set(truck, { vehicleId: v.vehicleId, token: v.token });
  }
  return creds;
}

/** Writes credentials in the format `readCredentialsFile` reads (mode 0600: it holds tokens). */
export function writeCredentialsFile(file: string, creds: Map<number, TruckCredential>): void {
  const vehicles = [...creds.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  writeFileSync(file, JSON.stringify({ vehicles }, null, 1) + '\n', { mode: 0o600 });
}
