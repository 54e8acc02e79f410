import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { createKafka } from '../kafka/config.js';
import { GatewayServer } from '../gateway/server.js';
import { readAllRecords, registerVehicle, tempRegistry } from '../gateway/test-support.js';
import { VirtualSerial } from '../hw/virtual/virtual-serial.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { AgentCore } from './agent-core.js';
import { runDiag } from './diag.js';
import { readStatusFile } from './status-file.js';
import { NmeaFeeder, startAgentProcess, until, type AgentProcess } from './test-support.js';

const FIXTURES = join(PACKAGE_ROOT, 'gateway', 'test-fixtures');
/** A private CA (self-signed) and the gateway certificate it signed; tls-cert.pem is an unrelated self-signed certificate. */
const CA_FILE = join(FIXTURES, 'private-ca-cert.pem');
const OTHER_CA_FILE = join(FIXTURES, 'tls-cert.pem');

describeWithKafka("the agent's gateway CA (--ca-file): a real TLS gateway whose certificate a private CA signed", () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-ca-'));
  const registryFile = tempRegistry();
  const topic = `agent-ca-${process.pid}-${Date.now()}`;
  let gateway: GatewayServer;
  let url: string;
  /** For the refused attempts: valid credentials, so only TLS can refuse them. */
  let refusedToken: string;
  const agents: AgentProcess[] = [];
  const cores: AgentCore[] = [];

  beforeAll(async () => {
    gateway = new GatewayServer({
      brokers: brokersOrThrow(),
      port: 0,
      topic,
      registryFile,
      tls: { cert: readFileSync(join(FIXTURES, 'private-ca-gateway-cert.pem')), key: readFileSync(join(FIXTURES, 'private-ca-gateway-key.pem')) },
    });
    url = await gateway.start();
    refusedToken = registerVehicle(registryFile, 'truck-ca-refused');
  });
  afterAll(async () => {
    for (const a of agents) a.child.kill('SIGKILL');
    for (const c of cores) await c.stop().catch(() => undefined);
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the agent process given --ca-file uploads over HTTPS into Kafka', async () => {
    const vehicleId = 'truck-ca';
    const token = registerVehicle(registryFile, vehicleId);
    const device = await VirtualSerial.create({ linkPath: join(dir, 'gps0') });
    const feeder = new NmeaFeeder(device, Date.now() - 3_600_000, 20);
    const db = join(dir, 'ca.db');
    const statusFile = `${db}.status.json`;
    feeder.start();
    const agent = startAgentProcess(
      ['--serial', device.path, '--gateway', url, '--ca-file', CA_FILE, '--vehicle-id', vehicleId, '--token', token, '--db', db, '--status-file', statusFile, '--every-fix'],
      { NODE_EXTRA_CA_CERTS: undefined },
    );
    agents.push(agent);
    try {
      await until(() => (readStatusFile(statusFile)?.uplink.sentPositions ?? 0) >= 10, 'ten positions acknowledged over HTTPS');
    } catch (err) {
      console.error('agent stderr:', agent.stderr().slice(-4000));
      throw err;
    } finally {
      feeder.stop();
      agent.child.kill('SIGTERM');
      await agent.exited;
      await device.close();
    }
    const s = readStatusFile(statusFile)!;
    expect(s.uplink).toMatchObject({ gateway: url, failedRequests: 0 });
    const seqs = (await readAllRecords(createKafka('agent-ca-test', brokersOrThrow()), topic)).filter((r) => r.key === vehicleId).map((r) => r.value.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(10);
  }, 120_000);

  it.each([
    ['without a CA file (the system CAs do not know the private CA)', undefined],
    ['with a CA that did not sign the gateway certificate', readFileSync(OTHER_CA_FILE, 'utf8')],
  ])('%s the agent refuses the gateway and keeps every position', async (_name, gatewayCa) => {
    const core = new AgentCore({
      vehicleId: 'truck-ca-refused',
      gateway: url,
      token: refusedToken,
      dbPath: ':memory:',
      ...(gatewayCa !== undefined && { gatewayCa }),
      uploader: { intervalMs: 20, backoffInitialMs: 20, backoffMaxMs: 100 },
    });
    cores.push(core);
    await core.start();
    core.pushFix({ class: 'TPV', mode: 3, time: new Date(Date.now() - 60_000).toISOString(), lat: -25.4, lon: -49.2, speed: 0 });
    core.buffer.commit();
    await until(() => core.status().uplink.failedRequests >= 2, 'two refused attempts');
    const { uplink, buffer } = core.status();
    expect(uplink.lastAttempt).toMatchObject({ ok: false, error: expect.stringMatching(/self[- ]signed certificate in certificate chain|unable to (get local issuer|verify the first) certificate/) });
    expect(uplink.sentPositions).toBe(0);
    expect(buffer.depth).toBe(1);
    await core.stop();
  });

  it('diag checks the gateway with the same CA', async () => {
    const db = join(dir, 'none.db');
    const trusted = await runDiag({ db, statusFile: join(dir, 'none.json'), gateway: url, gatewayCa: readFileSync(CA_FILE, 'utf8') });
    expect(trusted.uplink).toMatchObject({ reachable: true, healthzError: null });
    const untrusted = await runDiag({ db, statusFile: join(dir, 'none.json'), gateway: url });
    expect(untrusted.uplink).toMatchObject({ reachable: false, healthzError: expect.stringMatching(/certificate/) });
  });
});
