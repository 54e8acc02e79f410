import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../common/poll.js';
import { builtModule, CLI_JS, requireBuilt } from '../test/helpers/built.js';
import { UserError } from '../common/errors.js';
import { addDevice, addDevices, DeviceRegistry, readRegistryFile, rotateDevice } from './registry.js';

const registryFile = () => join(mkdtempSync(join(tmpdir(), 'gateway-registry-')), 'devices.json');
const HOUR = 3_600_000;

describe('token rotation', () => {
  it('keeps both tokens valid until the new one is used, then refuses the old one', () => {
    const f = registryFile();
    const t0 = new Date('2026-12-01T08:00:00Z');
    const old = addDevice(f, 'truck-1', t0);
    const rotation = rotateDevice(f, 'truck-1', 24 * HOUR, new Date(t0.getTime() + HOUR));
    expect(rotation).toMatchObject({ replaced: 1, oldValidUntil: '2026-12-02T09:00:00.000Z' });
    const gateway = new DeviceRegistry(f, 1_000);
    const during = t0.getTime() + 2 * HOUR;
    // The truck has not picked up its new token yet: the old one still works, as does the new one.
    expect(gateway.lookup(old, during)).toEqual({ status: 'active', vehicleId: 'truck-1' });
    expect(gateway.lookup(old, during + 1)).toEqual({ status: 'active', vehicleId: 'truck-1' });
    expect(gateway.lookup(rotation.token, during + 2)).toEqual({ status: 'active', vehicleId: 'truck-1' });
    // Seen once: the old token is retired at once, long before its window ends.
    expect(gateway.lookup(old, during + 3)).toEqual({ status: 'replaced', vehicleId: 'truck-1' });
    expect(gateway.lookup(rotation.token, during + 4)).toEqual({ status: 'active', vehicleId: 'truck-1' });
    gateway.close();
  });

  it('ends the old token with its window when the new one was never used', () => {
    const f = registryFile();
    const t0 = Date.parse('2026-12-01T08:00:00Z');
    const old = addDevice(f, 'truck-1', new Date(t0));
    const rotation = rotateDevice(f, 'truck-1', HOUR, new Date(t0));
    const gateway = new DeviceRegistry(f, 1_000);
    expect(gateway.lookup(old, t0 + HOUR - 1).status).toBe('active');
    expect(gateway.lookup(old, t0 + HOUR).status).toBe('expired');
    expect(gateway.lookup(rotation.token, t0 + HOUR).status).toBe('active');
    gateway.close();
  });

  it('records the first use in the file, so another gateway (or a restart) refuses the old token too', async () => {
    const f = registryFile();
    const old = addDevice(f, 'truck-1');
    const { token } = rotateDevice(f, 'truck-1');
    const first = new DeviceRegistry(f, 1_000);
    expect(first.lookup(token).status).toBe('active');
    const entry = await pollUntil('the first use of the new token in the registry file', () =>
      readRegistryFile(f).devices.find((d) => d.vehicleId === 'truck-1' && d.firstUsedAt !== undefined),
    );
    expect(entry.expiresAt).toBeUndefined();
    const second = new DeviceRegistry(f, 1_000);
    expect(second.lookup(old).status).toBe('replaced');
    first.close();
    second.close();
  });

  it('rotates only a vehicle that has an active token, and add-device refuses one that has', () => {
    const f = registryFile();
    expect(() => rotateDevice(f, 'truck-1')).toThrow(/no active token to rotate/);
    addDevice(f, 'truck-1');
    rotateDevice(f, 'truck-1');
    expect(() => addDevice(f, 'truck-1')).toThrow(UserError);
  });
});

describe('bulk registration', () => {
  it('registers every vehicle in one write, or none when any id is bad, repeated or taken, listing each problem', () => {
    const f = registryFile();
    addDevice(f, 'truck-3');
    const before = readFileSync(f, 'utf8');
    let error: unknown;
    try {
      addDevices(f, ['truck-1', 'bad id', 'truck-2', 'truck-2', 'truck-3']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/Nothing registered: 3 problem/);
    expect((error as Error).message).toMatch(/Invalid vehicle id 'bad id'/);
    expect((error as Error).message).toMatch(/truck-2 is listed twice/);
    expect((error as Error).message).toMatch(/truck-3 already has an active token/);
    expect(readFileSync(f, 'utf8')).toBe(before);
    const tokens = addDevices(f, ['truck-1', 'truck-2']);
    expect([...tokens.keys()]).toEqual(['truck-1', 'truck-2']);
    expect(readRegistryFile(f).devices.map((d) => d.vehicleId)).toEqual(['truck-3', 'truck-1', 'truck-2']);
  });
});

describe('registry lock', () => {
  beforeAll(() => requireBuilt('gateway/registry.ts', 'gateway/registry-lock.ts', 'gateway/cli.ts'));

  function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  }

  it('loses no edit when processes edit the registry at the same instant', async () => {
    const f = registryFile();
    const processes = 8;
    const perProcess = 25;
    // Every process waits for the same wall-clock instant, then registers its vehicles one edit at a time.
    const startAt = Date.now() + 1_500;
    const script = `
      const { addDevice } = await import(${JSON.stringify(builtModule('gateway/registry.ts'))});
      const [file, index, count, startAt] = process.argv.slice(1);
      while (Date.now() < Number(startAt));
      for (let i = 0; i < Number(count); i++) addDevice(file, 'truck-' + index + '-' + i);
    `;
    const results = await Promise.all(
      Array.from({ length: processes }, (_, p) => run(['--input-type=module', '-e', script, f, String(p), String(perProcess), String(startAt)])),
    );
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    const ids = readRegistryFile(f).devices.map((d) => d.vehicleId);
    expect(ids).toHaveLength(processes * perProcess);
    expect(new Set(ids).size).toBe(processes * perProcess);
  });

  it('two `telematics gateway` edits started together both land', async () => {
    const f = registryFile();
    const out = mkdtempSync(join(tmpdir(), 'gateway-bundles-'));
    const results = await Promise.all([
      run([CLI_JS, 'gateway', 'add-devices', '--count', '300', '--prefix', 'north', '--gateway-url', 'https://gw.example.com', '--out', out, '--registry', f]),
      run([CLI_JS, 'gateway', 'add-devices', '--count', '300', '--prefix', 'south', '--gateway-url', 'https://gw.example.com', '--out', out, '--registry', f]),
      run([CLI_JS, 'gateway', 'add-device', 'east-1', '--registry', f]),
    ]);
    expect(results.map((r) => [r.code, r.stderr.replace(/^Vehicle east-1 registered.*\n/, '')])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    expect(readRegistryFile(f).devices).toHaveLength(601);
  });
});
