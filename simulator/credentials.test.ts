import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../gateway/registry.js';
import { provisionInRegistry, readCredentialsFile, vehicleIdOf, writeCredentialsFile } from './credentials.js';

describe('truck credentials', () => {
  it('provisions trucks into a registry the gateway accepts, replacing older tokens', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sim-creds-')), 'devices.json');
    const first = provisionInRegistry(file, 'sim', [0, 1, 2]);
    const second = provisionInRegistry(file, 'sim', [1]);
    const registry = new DeviceRegistry(file, 0);
    expect(registry.lookup(first.get(0)!.token)).toEqual({ status: 'active', vehicleId: 'sim-00001' });
    expect(registry.lookup(first.get(1)!.token)).toEqual({ status: 'revoked', vehicleId: 'sim-00002' });
    expect(registry.lookup(second.get(1)!.token)).toEqual({ status: 'active', vehicleId: 'sim-00002' });
    expect(vehicleIdOf('x', 41)).toBe('x-00042');
  });

  it('round-trips a credentials file by truck number and says what is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-creds-'));
    const file = join(dir, 'creds.json');
    writeCredentialsFile(file, new Map([[0, { vehicleId: 'a', token: 't0' }], [1, { vehicleId: 'b', token: 't1' }]]));
    expect(readCredentialsFile(file, [1]).get(1)).toEqual({ vehicleId: 'b', token: 't1' });
    expect(() => readCredentialsFile(file, [2])).toThrow(/has 2 vehicles; the fleet needs 3/);
    writeFileSync(join(dir, 'bad.json'), '{"vehicles": 3}');
    expect(() => readCredentialsFile(join(dir, 'bad.json'), [0])).toThrow(/no "vehicles" array/);
  });
});
