import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { GatewayServer } from '../gateway/server.js';
import { readAllRecords, registerVehicle, tempRegistry, type ReadRecord } from '../gateway/test-support.js';
import { renderEpoch } from '../hw/virtual/nmea-render.js';
import { loadReplaySource, replay } from '../hw/virtual/replay.js';
import { VirtualSerial } from '../hw/virtual/virtual-serial.js';
import { createKafka } from '../kafka/config.js';
import { PLAUSIBILITY_DEFAULTS } from '../protocol/position-rules.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { NDSBR_CSV } from '../trips/trip-csv.js';
import { readTripFile } from '../trips/trip-files.js';
import { readStatusFile } from './status-file.js';
import { AGENT_JS, NmeaFeeder, ScriptedGateway, startAgentProcess, until, type AgentProcess } from './test-support.js';

/** A recorded position is always deliverable: real agent process (PTY GPS, SQLite buffer) → real gateway → Kafka. */
describeWithKafka('a recorded position is always deliverable, and a GPS glitch never becomes one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-deliverable-'));
  const registryFile = tempRegistry();
  const config = join(dir, 'agent.json');
  let kafka: Kafka;
  const agents: AgentProcess[] = [];
  const devices: VirtualSerial[] = [];
  const gateways: GatewayServer[] = [];

  beforeAll(() => {
    kafka = createKafka('agent-deliverable', brokersOrThrow());
    writeFileSync(config, JSON.stringify({ uploader: { intervalMs: 200, backoffMaxMs: 2_000 }, buffer: { commitIntervalMs: 500 } }));
  });
  afterAll(async () => {
    for (const a of agents) a.child.kill('SIGKILL');
    for (const g of gateways) await g.stop().catch(() => undefined);
    for (const d of devices) await d.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function setUp(name: string): Promise<{ topic: string; eventsTopic: string; url: string; token: string; device: VirtualSerial; db: string; statusFile: string; vehicleId: string }> {
    const topic = `agent-deliverable-${name}-${Date.now()}`;
    const eventsTopic = `${topic}-events`;
    const gateway = new GatewayServer({ brokers: brokersOrThrow(), port: 0, topic, eventsTopic, registryFile });
    gateways.push(gateway);
    const url = await gateway.start();
    const vehicleId = `truck-${name}`;
    const device = await VirtualSerial.create({ linkPath: join(dir, `gps-${name}`) });
    devices.push(device);
    const db = join(dir, `${name}.db`);
    return { topic, eventsTopic, url, token: registerVehicle(registryFile, vehicleId), device, db, statusFile: `${db}.status.json`, vehicleId };
  }

  function startAgent(s: { device: VirtualSerial; db: string; statusFile: string; vehicleId: string; token: string }, gateway: string): AgentProcess {
    const args = ['--config', config, '--serial', s.device.path, '--baud', '9600', '--gateway', gateway, '--vehicle-id', s.vehicleId, `--token=${s.token}`, '--db', s.db, '--status-file', s.statusFile, '--every-fix'];
    const agent = startAgentProcess(args);
    agents.push(agent);
    return agent;
  }

  /**
   * The vehicle's position records, seq ascending, after checking that its records on the positions
   * and events topics together are seq 1…lastSeq of one epoch, each exactly once (driving events take seqs too).
   */
  async function exactlyOnce(s: { topic: string; eventsTopic: string; vehicleId: string }, epoch: string, lastSeq: number): Promise<ReadRecord[]> {
    const read = async (topic: string) => (await readAllRecords(kafka, topic, 60_000)).filter((r) => r.key === s.vehicleId);
    const positions = await read(s.topic);
    const records = [...positions, ...(await read(s.eventsTopic))].sort((a, b) => (a.value.seq as number) - (b.value.seq as number));
    expect(records.every((r) => r.value.epoch === epoch)).toBe(true);
    expect(records.map((r) => r.value.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    return positions.sort((a, b) => (a.value.seq as number) - (b.value.seq as number));
  }

  const eventCount = (status: { drivingEvents: Record<string, number> }): number => Object.values(status.drivingEvents).reduce((a, b) => a + b, 0);

  const allSent = (statusFile: string) => () => {
    const s = readStatusFile(statusFile);
    return Boolean(s && s.buffer.depth === 0 && s.buffer.pendingInMemory === 0 && s.buffer.lastSeq > 0);
  };

  it('gps replay --now --rate 20: every position reaches Kafka, those ahead of the gateway clock flagged time-future (they were refused and quarantined)', async () => {
    const s = await setUp('replay');
    const agent = startAgent(s, s.url);
    try {
      await until(() => readStatusFile(s.statusFile)?.gps.receiver?.state === 'open', 'the agent to open the virtual GPS');
      // A real 1 Hz car trip (NDS-BR A-trip12, 985 points), its clock moved to now, played 20× faster: fix times run ahead.
      const source = await loadReplaySource(join(PACKAGE_ROOT, 'simulator', 'fixtures', 'ndsbr_a_trip12.csv'), { startNow: true });
      const played = await replay(s.device, source, { rate: 20 });
      await until(() => (readStatusFile(s.statusFile)?.gps.fixes ?? 0) >= played.cycles - 1, 'the agent to read every replayed fix', 60_000);
      await until(allSent(s.statusFile), 'every recorded position uploaded', 60_000);
    } catch (err) {
      console.error('agent stderr:', agent.stderr().slice(-4000), '\nstatus:', JSON.stringify(readStatusFile(s.statusFile)));
      throw err;
    }
    const status = readStatusFile(s.statusFile)!;
    expect(status.buffer.quarantinedPositions).toBe(0);
    expect(status.buffer.lastSeq).toBeGreaterThan(900);
    const records = await exactlyOnce(s, status.buffer.epoch, status.buffer.lastSeq);
    const ahead = (r: ReadRecord) => Date.parse(r.value.time as string) > Date.parse(r.value.receivedAt as string) + PLAUSIBILITY_DEFAULTS.maxFutureMs;
    for (const r of records) expect(r.value.suspect, `seq ${String(r.value.seq)}`).toEqual(ahead(r) ? ['time-future'] : undefined);
    expect(records.filter(ahead).length).toBeGreaterThan(records.length / 2);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  }, 300_000);

  it('a glitch plateau in a real 1 Hz trip (frozen 3 s, then 470 m away in 1 s) is never recorded: no seq gap downstream', async () => {
    const s = await setUp('plateau');
    const agent = startAgent(s, s.url);
    // A real car trip (NDS-BR A-trip05), moved to the last minutes; the receiver freezes at fix 60 for 3 s, then jumps 470 m.
    const points = readTripFile(NDSBR_CSV).trips.get('A-trip05')!.points.slice(300, 420);
    const shiftMs = Date.now() - 5 * 60_000 - points[0]!.timeMs;
    const fixes = points.map((p) => ({ ...p, timeMs: p.timeMs + shiftMs }));
    const k = 60;
    for (let i = k; i < k + 3; i++) fixes[i] = { ...fixes[i]!, lat: fixes[k - 1]!.lat, lon: fixes[k - 1]!.lon };
    fixes[k + 3] = { ...fixes[k + 3]!, lat: fixes[k - 1]!.lat + 470 / 111_195 };
    const glitchTimes = fixes.slice(k, k + 4).map((f) => new Date(f.timeMs).toISOString());
    try {
      await until(() => readStatusFile(s.statusFile)?.gps.receiver?.state === 'open', 'the agent to open the virtual GPS');
      for (const f of fixes) {
        s.device.write(renderEpoch(f).join('\r\n') + '\r\n');
        await new Promise((r) => setTimeout(r, 50));
      }
      await until(() => (readStatusFile(s.statusFile)?.gps.fixes ?? 0) >= fixes.length - 1, 'the agent to read every fix', 60_000);
      await until(allSent(s.statusFile), 'every recorded position uploaded', 60_000);
    } catch (err) {
      console.error('agent stderr:', agent.stderr().slice(-4000), '\nstatus:', JSON.stringify(readStatusFile(s.statusFile)));
      throw err;
    }
    const status = readStatusFile(s.statusFile)!;
    expect(status.plausibility.rejected).toMatchObject({ frozen: 3, jump: 1, malformed: 0, speed: 0 });
    // Every accepted fix is a position (every fix); the real trip's one harsh start is an event with a seq of its own.
    expect(eventCount(status)).toBe(1);
    expect(status.buffer.lastSeq).toBe(status.gps.fixes - 4 + eventCount(status));
    const records = await exactlyOnce(s, status.buffer.epoch, status.buffer.lastSeq);
    expect(records.filter((r) => glitchTimes.includes(r.value.time as string))).toEqual([]);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  }, 180_000);

  it('positions a gateway refused are listed and, once it is fixed, re-sent with their seq while the agent runs: Kafka then holds every seq once', async () => {
    const s = await setUp('resend');
    const cli = (...args: string[]) => execFileSync(process.execPath, [AGENT_JS, 'agent', 'quarantine', ...args, '--db', s.db], { encoding: 'utf8' });
    // A gateway that refuses every batch (a bug in a gateway version): the agent quarantines and goes on.
    const refusing = new ScriptedGateway(() => ({ status: 400, body: { error: 'invalid_batch', message: 'refused by a buggy gateway' } }));
    const refusingUrl = await refusing.start();
    const feeder = new NmeaFeeder(s.device, Date.now() - 60 * 60_000, 20);
    let agent = startAgent(s, refusingUrl);
    try {
      await until(() => readStatusFile(s.statusFile)?.gps.receiver?.state === 'open', 'the agent to open the virtual GPS');
      feeder.start();
      await until(() => (readStatusFile(s.statusFile)?.buffer.quarantinedPositions ?? 0) >= 20, 'positions quarantined');
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toBe(0);
      await refusing.stop();

      const held = JSON.parse(cli('list', '--json')) as { batches: { count: number; httpStatus: number; error: string }[] };
      const quarantined = held.batches.reduce((n, b) => n + b.count, 0);
      expect(quarantined).toBeGreaterThanOrEqual(20);
      expect(held.batches[0]).toMatchObject({ httpStatus: 400, error: expect.stringContaining('refused by a buggy gateway') });

      // The fixed gateway: the agent records and delivers on, then the quarantine is re-sent while it runs.
      agent = startAgent(s, s.url);
      await until(() => (readStatusFile(s.statusFile)?.uplink.sentPositions ?? 0) >= 20, 'new positions delivered');
      expect(cli('resend')).toMatch(new RegExp(`^${quarantined} positions of ${held.batches.length} batch\\(es\\) back in the send queue`));
      feeder.stop();
      await until(allSent(s.statusFile), 'every position uploaded, the re-sent ones included', 60_000);
    } catch (err) {
      console.error('agent stderr:', agent.stderr().slice(-4000), '\nstatus:', JSON.stringify(readStatusFile(s.statusFile)));
      throw err;
    } finally {
      feeder.stop();
    }
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    const status = readStatusFile(s.statusFile)!;
    await exactlyOnce(s, status.buffer.epoch, status.buffer.lastSeq);
    expect(JSON.parse(cli('list', '--json')).batches).toEqual([]);
  }, 240_000);
});
