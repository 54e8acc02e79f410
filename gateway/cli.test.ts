import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { PACKAGE_ROOT } from '../common/paths.js';
import { UserError } from '../common/errors.js';
import { JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { gatewayCommands } from './cli.js';
import { GatewayServer } from './server.js';
import { jsonBody, makeBatch, registerVehicle, tempRegistry } from './test-support.js';

const FIXTURES = join(PACKAGE_ROOT, 'gateway', 'test-fixtures');

/** Runs `telematics gateway …` in-process and returns what it wrote to stdout. */
async function cli(...args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await yargs(args).command(gatewayCommands[0]!).strict().fail(false).parseAsync();
  } finally {
    spy.mockRestore();
    stderr.mockRestore();
  }
  return out;
}

describe('telematics gateway device commands', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('add-device prints the token once, list-devices shows status, revoke-device revokes (exit 1 when nothing to revoke)', async () => {
    const registry = tempRegistry();
    const token = (await cli('gateway', 'add-device', 'truck-9', '--registry', registry)).trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(registry, 'utf8')).not.toContain(token);
    const asJson = JSON.parse(await cli('gateway', 'add-device', 'truck-10', '--registry', registry, '--json')) as { vehicleId: string; token: string };
    expect(asJson.vehicleId).toBe('truck-10');

    expect(JSON.parse(await cli('gateway', 'list-devices', '--registry', registry, '--json'))).toEqual([
      expect.objectContaining({ vehicleId: 'truck-9', status: 'active' }),
      expect.objectContaining({ vehicleId: 'truck-10', status: 'active' }),
    ]);
    expect(await cli('gateway', 'revoke-device', 'truck-9', '--registry', registry)).toMatch(/Revoked 1 token/);
    expect(process.exitCode).toBe(0);
    expect(await cli('gateway', 'list-devices', '--registry', registry)).toMatch(/^truck-9\trevoked/m);
    await cli('gateway', 'revoke-device', 'truck-9', '--registry', registry);
    expect(process.exitCode).toBe(1);
  });

  it('add-devices writes the bundles, rotate-device gives a new token while the old one stays, list-devices shows both', async () => {
    const registry = tempRegistry();
    const out = join(dirname(registry), 'bundles');
    const added = JSON.parse(await cli('gateway', 'add-devices', '--count', '2', '--prefix', 'truck', '--gateway-url', 'https://gw.example.com', '--out', out, '--registry', registry, '--json')) as {
      vehicles: Array<{ vehicleId: string; bundle: string }>;
    };
    expect(added.vehicles).toEqual([
      { vehicleId: 'truck-00001', bundle: join(out, 'truck-00001') },
      { vehicleId: 'truck-00002', bundle: join(out, 'truck-00002') },
    ]);
    const rotation = JSON.parse(await cli('gateway', 'rotate-device', 'truck-00001', '--overlap', '2d', '--registry', registry, '--json')) as { token: string; oldValidUntil: string };
    expect(rotation.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(rotation.oldValidUntil) - Date.now()).toBeGreaterThan(2 * 86_400_000 - 60_000);
    const listed = JSON.parse(await cli('gateway', 'list-devices', '--registry', registry, '--json')) as Array<{ vehicleId: string; status: string; expiresAt?: string }>;
    expect(listed).toEqual([
      expect.objectContaining({ vehicleId: 'truck-00001', status: 'active', expiresAt: rotation.oldValidUntil }),
      expect.objectContaining({ vehicleId: 'truck-00002', status: 'active' }),
      expect.objectContaining({ vehicleId: 'truck-00001', status: 'active' }),
    ]);
    expect(await cli('gateway', 'list-devices', '--registry', registry)).toMatch(/^truck-00001\tactive\t\S+\tuntil \S+ \(rotating\)$/m);
  });

  it('add-devices without a vehicle list, or --count without --prefix, is a usage error', async () => {
    const common = ['--gateway-url', 'https://gw.example.com', '--out', tmpdir(), '--registry', tempRegistry()];
    await expect(cli('gateway', 'add-devices', ...common)).rejects.toThrow(/Give --csv FILE, or --count N with --prefix P/);
    await expect(cli('gateway', 'add-devices', '--count', '3', ...common)).rejects.toThrow(/--count needs --prefix/);
    await expect(cli('gateway', 'rotate-device', 'truck-1', '--overlap', 'a week', '--registry', tempRegistry())).rejects.toThrow(/Invalid --overlap/);
  });

  it('refuses --tls-cert without --tls-key as a usage error', async () => {
    await expect(cli('gateway', '--tls-cert', join(FIXTURES, 'tls-cert.pem'), '--registry', tempRegistry())).rejects.toSatisfy(
      (err: unknown) => err instanceof UserError && err.exitCode === 2,
    );
  });
});

describeWithKafka('gateway over TLS', () => {
  it('terminates TLS itself and accepts a batch over HTTPS', async () => {
    const registryFile = tempRegistry();
    const token = registerVehicle(registryFile, 'truck-tls');
    const cert = readFileSync(join(FIXTURES, 'tls-cert.pem'));
    const gateway = new GatewayServer({
      brokers: brokersOrThrow(),
      port: 0,
      registryFile,
      topic: `gateway-test-tls-${process.pid}-${Date.now()}`,
      tls: { cert, key: readFileSync(join(FIXTURES, 'tls-key.pem')) },
    });
    const url = await gateway.start();
    try {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = jsonBody(makeBatch('epoch-tls', 1, 2));
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          `${url}/v1/positions`,
          { method: 'POST', ca: cert, headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}` } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(answer.status, answer.body).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ accepted: 2, duplicates: 0, ackedSeq: 2, epoch: 'epoch-tls' });
    } finally {
      await gateway.stop();
    }
  });
});
