import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../agent/config.js';
import { VEHICLE_FILES } from '../agent/settings.js';
import { UserError } from '../common/errors.js';
import { bundlePath } from './device-bundle.js';
import { numberedVehicleIds, provisionDevices, vehicleIdsFromCsv } from './provisioning.js';
import { addDevice, DeviceRegistry, readRegistryFile } from './registry.js';

function temp(name: string): string {
  return mkdtempSync(join(tmpdir(), `gateway-${name}-`));
}

describe('fleet provisioning', () => {
  it('writes a bundle per truck that the agent accepts as the unit would run it, with a registered token readable by its owner only', () => {
    const registryFile = join(temp('registry'), 'devices.json');
    const out = temp('bundles');
    const result = provisionDevices({ registryFile, vehicleIds: numberedVehicleIds('truck', 3), gateway: 'https://gw.example.com', outDir: out });
    expect(result.vehicles.map((v) => v.vehicleId)).toEqual(['truck-00001', 'truck-00002', 'truck-00003']);
    expect(readdirSync(out).sort()).toEqual(['truck-00001', 'truck-00002', 'truck-00003']);

    const gateway = new DeviceRegistry(registryFile, 1_000);
    for (const { vehicleId, bundle } of result.vehicles) {
      const configFile = bundlePath(bundle, VEHICLE_FILES.configFile);
      const tokenFile = bundlePath(bundle, VEHICLE_FILES.tokenFile);
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      expect(statSync(configFile).mode & 0o777).toBe(0o644);
      // The unit passes the token as a credential (TELEMATICS_TOKEN_FILE=%d/token): here, the bundle's file.
      const config = loadAgentConfig({ config: configFile, db: join(temp('db'), 'agent.db') }, { TELEMATICS_TOKEN_FILE: tokenFile });
      expect(config).toMatchObject({ serial: '/dev/gps0', baud: 'auto', gateway: 'https://gw.example.com', vehicleId });
      expect(gateway.lookup(config.token)).toEqual({ status: 'active', vehicleId });
      expect(JSON.parse(readFileSync(configFile, 'utf8')).tokenFile).toBe(VEHICLE_FILES.tokenFile);
    }
    gateway.close();
  });

  it('reads the vehicle list from a CSV with a vehicle_id column, or a bare list', () => {
    const dir = temp('csv');
    const withHeader = join(dir, 'fleet.csv');
    writeFileSync(withHeader, '\uFEFFplate,Vehicle_ID,depot\r\nABC-1,"truck-a",north\r\n\r\nXYZ-9, truck-b ,south\r\n');
    expect(vehicleIdsFromCsv(withHeader)).toEqual(['truck-a', 'truck-b']);
    const bare = join(dir, 'ids.csv');
    writeFileSync(bare, 'truck-c\ntruck-d\n');
    expect(vehicleIdsFromCsv(bare)).toEqual(['truck-c', 'truck-d']);
    const noColumn = join(dir, 'other.csv');
    writeFileSync(noColumn, 'plate,depot\nABC-1,north\n');
    expect(() => vehicleIdsFromCsv(noColumn)).toThrow(/no vehicle id column \(its header: plate, depot\)/);
    expect(() => vehicleIdsFromCsv(join(dir, 'missing.csv'))).toThrow(UserError);
  });

  it('registers nothing and leaves no bundle when any vehicle is refused, or a bundle is already there', () => {
    const registryFile = join(temp('registry'), 'devices.json');
    addDevice(registryFile, 'truck-b');
    const before = readFileSync(registryFile, 'utf8');
    const out = temp('bundles');
    const request = { registryFile, gateway: 'https://gw.example.com', outDir: out };
    expect(() => provisionDevices({ ...request, vehicleIds: ['truck-a', 'truck-b', 'bad id'] })).toThrow(/Nothing registered: 2 problem/);
    expect(readdirSync(out)).toEqual([]);
    expect(readFileSync(registryFile, 'utf8')).toBe(before);

    provisionDevices({ ...request, vehicleIds: ['truck-a'] });
    expect(() => provisionDevices({ ...request, vehicleIds: ['truck-c', 'truck-a'] })).toThrow(/1 bundle\(s\) already exist in .*: truck-a\. Nothing registered/);
    expect(readRegistryFile(registryFile).devices.map((d) => d.vehicleId)).toEqual(['truck-b', 'truck-a']);
    expect(() => provisionDevices({ ...request, vehicleIds: ['truck-d'], gateway: 'gw.example.com' })).toThrow(/not a URL|http/);
  });

  it('leaves no staging folder behind when the registry cannot be written', () => {
    const dir = temp('registry');
    const registryFile = join(dir, 'devices.json');
    writeFileSync(registryFile, '{ not json');
    const out = temp('bundles');
    expect(() => provisionDevices({ registryFile, vehicleIds: ['truck-a'], gateway: 'https://gw.example.com', outDir: out })).toThrow(/not valid JSON/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('numbers vehicles from --first and refuses a count that is not one', () => {
    expect(numberedVehicleIds('van', 2, 41)).toEqual(['van-00041', 'van-00042']);
    expect(() => numberedVehicleIds('van', 0)).toThrow(/--count/);
    expect(() => numberedVehicleIds('van', 1.5)).toThrow(/--count/);
  });
});
