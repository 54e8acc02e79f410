import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { VEHICLE_FILES } from '../agent/settings.js';

/**
 * A truck's provisioning bundle: the files its SD card needs, laid out as on the truck's root
 * file system, so that copying the bundle onto the card's root partition puts them in place:
 *
 *   <bundle>/etc/telematics/agent.json   gateway URL, vehicle id, serial device, token file (0644: no secret)
 *   <bundle>/etc/telematics/token        the bearer token (0600; the unit hands it to the agent with LoadCredential)
 */
export interface DeviceBundle {
  vehicleId: string;
  token: string;
  /** The gateway's URL as the trucks reach it. */
  gateway: string;
}

/** What the bundle's agent.json holds besides the vehicle's own values: the Debian package's template values. */
export const BUNDLE_DEFAULTS = {
  serial: VEHICLE_FILES.serial,
  baud: 'auto' as const,
};

/** The agent config of a bundle (keys of the agent's config file, agent/settings.ts). */
export function bundleAgentConfig(bundle: DeviceBundle): Record<string, unknown> {
  return { serial: BUNDLE_DEFAULTS.serial, baud: BUNDLE_DEFAULTS.baud, gateway: bundle.gateway, vehicleId: bundle.vehicleId, tokenFile: VEHICLE_FILES.tokenFile };
}

/** The bundle's path of a file that lives at `truckPath` on the truck. */
export function bundlePath(bundleDir: string, truckPath: string): string {
  return join(bundleDir, truckPath);
}

/**
 * Writes one bundle into `bundleDir`, which must not exist yet. The modes are exact whatever the caller's umask
 * (see withBundleUmask): the config readable by the agent's user, the token by root only, 0600
 * from its creation on.
 */
export function writeDeviceBundle(bundleDir: string, bundle: DeviceBundle): void {
  const config = bundlePath(bundleDir, VEHICLE_FILES.configFile);
  const token = bundlePath(bundleDir, VEHICLE_FILES.tokenFile);
  withBundleUmask(() => {
    for (const dir of foldersDown(bundleDir, [dirname(config), dirname(token)])) mkdirSync(dir, { mode: 0o755 });
    writeFileSync(token, bundle.token + '\n', { mode: 0o600 });
    writeFileSync(config, JSON.stringify(bundleAgentConfig(bundle), null, 2) + '\n', { mode: 0o644 });
  });
}

/**
 * The folders to create for `leaves`, parents first, starting with `root` (which must not exist):
 * one mkdir each, where a recursive mkdir probes from the leaf up (mkdir is most of the time a
 * thousand bundles take).
 */
function foldersDown(root: string, leaves: string[]): string[] {
  const folders = new Set<string>([root]);
  for (const leaf of leaves) {
    const parts = relative(root, leaf).split(sep);
    parts.forEach((_, i) => folders.add(join(root, ...parts.slice(0, i + 1))));
  }
  return [...folders];
}

/** Runs `write` with umask 022, so that the modes given are the modes made (a chmod per file would double the file system calls). */
export function withBundleUmask<T>(write: () => T): T {
  const previous = process.umask(0o022);
  try {
    return write();
  } finally {
    process.umask(previous);
  }
}
