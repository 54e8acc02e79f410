import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
 * Writes one bundle into `bundleDir` (created). The modes are set whatever the umask: the config
 * must be readable by the agent's user, the token by root only (0600 from its creation on).
 */
export function writeDeviceBundle(bundleDir: string, bundle: DeviceBundle): void {
  const config = bundlePath(bundleDir, VEHICLE_FILES.configFile);
  const token = bundlePath(bundleDir, VEHICLE_FILES.tokenFile);
  for (const dir of new Set([dirname(config), dirname(token)])) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
  }
  writeFileSync(token, bundle.token + '\n', { mode: 0o600 });
  writeFileSync(config, JSON.stringify(bundleAgentConfig(bundle), null, 2) + '\n');
  chmodSync(config, 0o644);
}
