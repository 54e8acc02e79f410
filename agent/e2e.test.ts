import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKafka } from '../kafka/config.js';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../kafka/local-broker.js';
import { GatewayServer } from '../gateway/server.js';
import { readAllRecords, registerVehicle, tempRegistry } from '../gateway/test-support.js';
import { VirtualSerial } from '../hw/virtual/virtual-serial.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { readStatusFile } from './status-file.js';
import { NmeaFeeder, startAgentProcess, until, type AgentProcess } from './test-support.js';

/** Every seq 1..lastSeq of the buffer's epoch arrived exactly once, and nothing else. */
async function expectExactlyOnce(kafka: Kafka, topic: string, vehicleId: string, epoch: string, lastSeq: number): Promise<void> {
  const records = (await readAllRecords(kafka, topic, 60_000)).filter((r) => r.key === vehicleId);
  const seqs = records.map((r) => r.value.seq as number).sort((a, b) => a - b);
  expect(records.every((r) => r.value.epoch === epoch)).toBe(true);
  expect(seqs.length).toBe(lastSeq);
  expect(seqs).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
}

function integrity(db: string): string {
  const d = new Database(db, { readonly: true });
  try {
    return String(d.pragma('integrity_check', { simple: true }));
  } finally {
    d.close();
  }
}

describeWithKafka('agent end to end: virtual GPS (PTY) → agent process → gateway → Kafka', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-e2e-'));
  const registryFile = tempRegistry();
  let kafka: Kafka;
  let device: VirtualSerial;
  let gatewayPort: number;
  const gateways: GatewayServer[] = [];
  const agents: AgentProcess[] = [];

  const startGateway = async (topic: string, fresh = false): Promise<GatewayServer> => {
    if (fresh) gatewayPort = await freePort();
    const g = new GatewayServer({ brokers: brokersOrThrow(), port: gatewayPort, topic, registryFile });
    await g.start();
    gateways.push(g);
    return g;
  };

  beforeAll(async () => {
    kafka = createKafka('agent-e2e', brokersOrThrow());
    device = await VirtualSerial.create({ linkPath: join(dir, 'gps0') });
    gatewayPort = await freePort();
    writeFileSync(join(dir, 'agent.json'), JSON.stringify({ uploader: { intervalMs: 200, backoffMaxMs: 2_000 }, buffer: { commitIntervalMs: 500 } }));
  });
  afterAll(async () => {
    for (const a of agents) a.child.kill('SIGKILL');
    for (const g of gateways) await g.stop().catch(() => undefined);
    await device?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function agentArgs(vehicleId: string, token: string, db: string): string[] {
    return ['--config', join(dir, 'agent.json'), '--serial', device.path, '--baud', '9600', '--gateway', `http://127.0.0.1:${gatewayPort}`, '--vehicle-id', vehicleId, `--token=${token}`, '--db', db, '--status-file', `${db}.status.json`, '--every-fix'];
  }

  it('delivers every recorded seq exactly once through a receiver unplug and a gateway outage', async () => {
    const topic = `agent-e2e-${Date.now()}`;
    const vehicleId = 'truck-e2e';
    const token = registerVehicle(registryFile, vehicleId);
    const db = join(dir, 'e2e.db');
    const statusFile = `${db}.status.json`;
    let gateway = await startGateway(topic, true);
    const feeder = new NmeaFeeder(device, Date.now() - 2 * 3_600_000, 20);
    feeder.start();
    const agent = startAgentProcess(agentArgs(vehicleId, token, db));
    agents.push(agent);
    const status = () => readStatusFile(statusFile);
    try {
      await until(() => (status()?.uplink.sentPositions ?? 0) >= 20, 'first uploads');
      expect(status()!.gps.receiver).toMatchObject({ kind: 'serial', state: 'open', baud: 9600 });

      // Receiver unplugged, then back behind the same path.
      await device.unplug();
      await until(() => status()?.gps.receiver?.state === 'outage', 'outage seen');
      const recordedBefore = status()!.sampler.recorded;
      await device.plug();
      await until(() => status()?.gps.receiver?.state === 'open' && status()!.sampler.recorded > recordedBefore + 20, 'recording again after replug');

      // Gateway down for a while: positions pile up in the buffer, then drain.
      await gateway.stop();
      await until(() => status()?.uplink.state === 'backoff' && status()!.buffer.depth > 40, 'backlog while the gateway is down');
      gateway = await startGateway(topic);
      await until(() => (status()?.uplink.consecutiveFailures ?? 1) === 0 && status()!.buffer.depth < 30, 'drained after the gateway is back');
    } catch (err) {
      console.error('agent stderr:', agent.stderr().slice(-4000), '\nstatus:', JSON.stringify(status()));
      throw err;
    } finally {
      feeder.stop();
    }
    await gateway.stop();
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    const s = status()!;
    expect(s.running).toBe(false);
    expect(s.buffer.depth).toBeGreaterThanOrEqual(0);
    // What was still buffered at shutdown goes out with the next run; here: check what Kafka has against the DB.
    const d = new Database(db, { readonly: true });
    const remaining = (d.prepare('SELECT MIN(seq) AS lo FROM positions').get() as { lo: number | null }).lo;
    d.close();
    const delivered = remaining === null ? s.buffer.lastSeq : remaining - 1;
    expect(delivered).toBeGreaterThan(100);
    await expectExactlyOnce(kafka, topic, vehicleId, s.buffer.epoch, delivered);
    expect(s.buffer.quarantinedPositions).toBe(0);
    expect(integrity(db)).toBe('ok');
  }, 180_000);

  it('survives 20+ SIGKILLs at random moments while recording and uploading: the DB opens clean, no seq is repeated or missing', async () => {
    const topic = `agent-crash-${Date.now()}`;
    const vehicleId = 'truck-crash';
    const token = registerVehicle(registryFile, vehicleId);
    const db = join(dir, 'crash.db');
    const statusFile = `${db}.status.json`;
    const gateway = await startGateway(topic, true);
    const feeder = new NmeaFeeder(device, Date.now() - 3 * 3_600_000, 20);
    feeder.start();
    const kills = 22;
    try {
      for (let k = 0; k < kills; k++) {
        const agent = startAgentProcess(agentArgs(vehicleId, token, db));
        agents.push(agent);
        // The first run creates the buffer: on a loaded machine its start can outlast the random wait, and a
        // kill before the file exists leaves nothing to check.
        await until(() => existsSync(db), `agent run ${k} to create its buffer ${db}`);
        await new Promise((r) => setTimeout(r, 700 + Math.random() * 1_300));
        agent.child.kill('SIGKILL');
        await agent.exited;
        expect(integrity(db)).toBe('ok');
      }
      // A last run drains the buffer and stops gracefully.
      const agent = startAgentProcess(agentArgs(vehicleId, token, db));
      agents.push(agent);
      await until(() => {
        const s = readStatusFile(statusFile);
        return Boolean(s && s.running && s.uplink.sentPositions > 0 && s.buffer.depth < 20);
      }, 'final drain');
      feeder.stop();
      await new Promise((r) => setTimeout(r, 1_500));
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toBe(0);
    } finally {
      feeder.stop();
    }
    await gateway.stop();
    const s = readStatusFile(statusFile)!;
    const d = new Database(db, { readonly: true });
    const remaining = (d.prepare('SELECT MIN(seq) AS lo FROM positions').get() as { lo: number | null }).lo;
    d.close();
    const delivered = remaining === null ? s.buffer.lastSeq : remaining - 1;
    expect(delivered).toBeGreaterThan(kills);
    // seq is assigned at commit, so a kill loses at most the uncommitted last ≤ 1 s and leaves no gap.
    await expectExactlyOnce(kafka, topic, vehicleId, s.buffer.epoch, delivered);
    expect(integrity(db)).toBe('ok');
  }, 180_000);

  it('keeps recording while Kafka is down and delivers everything exactly once when it is back', async () => {
    // A broker of its own: the run's shared broker is never stopped.
    const kafkaDir = mkdtempSync(join(tmpdir(), 'agent-kafka-down-'));
    const up = await kafkaUp({ dir: kafkaDir, port: await freePort(), owned: true });
    const brokers = [bootstrapAddress(up.state)];
    const ownKafka = createKafka('agent-kafka-down', brokers);
    const topic = 'positions-agent-kafka-down';
    const vehicleId = 'truck-kafka-down';
    const token = registerVehicle(registryFile, vehicleId);
    const db = join(dir, 'kafka-down.db');
    const statusFile = `${db}.status.json`;
    gatewayPort = await freePort();
    const gateway = new GatewayServer({ brokers, port: gatewayPort, topic, registryFile });
    await gateway.start();
    gateways.push(gateway);
    const feeder = new NmeaFeeder(device, Date.now() - 4 * 3_600_000, 20);
    feeder.start();
    const agent = startAgentProcess(agentArgs(vehicleId, token, db));
    agents.push(agent);
    const status = () => readStatusFile(statusFile);
    try {
      await until(() => (status()?.uplink.sentPositions ?? 0) >= 20, 'first uploads');
      await kafkaDown({ dir: kafkaDir });
      await until(() => status()?.uplink.lastAttempt?.status === 503 && status()!.buffer.depth > 60, '503s and a backlog while Kafka is down', 90_000);
      await kafkaUp({ dir: kafkaDir, port: up.state.port, owned: true });
      await until(() => status()?.uplink.lastAttempt?.status === 200 && status()!.buffer.depth < 30, 'drained after Kafka is back', 120_000);
      feeder.stop();
      await until(() => status()!.buffer.depth === 0 && status()!.buffer.pendingInMemory === 0, 'all sent', 30_000);
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toBe(0);
      const s = status()!;
      // A fix already on the serial line when the feeder stopped can be recorded after "all sent" was
      // seen: it stays in the buffer for the next start. Delivered = every seq below the oldest one left.
      const d = new Database(db, { readonly: true });
      const remaining = (d.prepare('SELECT MIN(seq) AS lo FROM positions').get() as { lo: number | null }).lo;
      d.close();
      const delivered = remaining === null ? s.buffer.lastSeq : remaining - 1;
      expect(s.buffer.lastSeq - delivered).toBeLessThanOrEqual(2);
      await expectExactlyOnce(ownKafka, topic, vehicleId, s.buffer.epoch, delivered);
    } catch (err) {
      console.error('agent stderr:', agent.stderr().slice(-4000), '\nstatus:', JSON.stringify(status()));
      throw err;
    } finally {
      feeder.stop();
      await gateway.stop();
      await kafkaDown({ dir: kafkaDir });
      rmSync(kafkaDir, { recursive: true, force: true });
    }
  }, 300_000);
});
