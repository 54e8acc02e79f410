import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gToMps2, kmhToMps } from '../common/units.js';
import { GatewayServer } from '../gateway/server.js';
import { readAllRecords, registerVehicle, tempRegistry } from '../gateway/test-support.js';
import { createKafka } from '../kafka/config.js';
import { DRIVING_EVENT_RECORD_SCHEMA_VERSION, parseDrivingEventRecord } from '../protocol/driving-event-record.js';
import { POSITION_RECORD_SCHEMA_VERSION } from '../protocol/position-record.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { AgentCore } from './agent-core.js';
import { scriptedFixes, type Script } from './manoeuvres.js';
import { until } from './test-support.js';

/**
 * Driving events delivered with real parts: AgentCore (real SQLite buffer) → real gateway → real
 * Kafka. Events take seqs between the positions'; the gateway puts them on their own topic.
 */
describeWithKafka('driving events from the agent to Kafka', () => {
  const run = `${process.pid}-${Date.now()}`;
  const topic = `events-e2e-positions-${run}`;
  const eventsTopic = `events-e2e-events-${run}`;
  const registryFile = tempRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'driving-events-'));
  let kafka: Kafka;
  let gateway: GatewayServer;
  let url: string;

  beforeAll(async () => {
    kafka = createKafka('driving-events-test', brokersOrThrow());
    gateway = new GatewayServer({ brokers: brokersOrThrow(), port: 0, topic, eventsTopic, registryFile, registryRecheckMs: 50 });
    url = await gateway.start();
  });
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** 30 s at 80 km/h, a 0.45 g stop, 6 minutes standing, then driving off gently for a minute. */
  const stopAndIdle: Script = (tS) => {
    const v0 = kmhToMps(80);
    const stopped = 30 + v0 / gToMps2(0.45);
    const off = stopped + 360;
    const speed = tS < 30 ? v0 : tS < stopped ? v0 - gToMps2(0.45) * (tS - 30) : tS < off ? 0 : Math.min(kmhToMps(50), gToMps2(0.05) * (tS - off));
    return { speed, track: 0 };
  };

  it('delivers a harsh brake and an idle once each to vehicle-events, every seq of the epoch once across the two topics', async () => {
    const token = registerVehicle(registryFile, 'truck-ev');
    const core = new AgentCore({ vehicleId: 'truck-ev', gateway: url, token, dbPath: join(dir, 'agent.db'), uploader: { intervalMs: 50 } });
    await core.start();
    const fixes = scriptedFixes(stopAndIdle, 30 + 5 + 360 + 60, 1, { timeMs: Date.now() - 3 * 3600_000, lat: -25.45, lon: -49.23 });
    for (const f of fixes) core.pushFix(f);
    await core.stop();
    expect(core.status().drivingEvents).toMatchObject({ 'harsh-braking': 1, idling: 1, 'harsh-acceleration': 0, speeding: 0 });
    const lastSeq = core.status().buffer.lastSeq;

    // A second core on the same buffer uploads what the first recorded (it stopped before uploading all of it).
    const again = new AgentCore({ vehicleId: 'truck-ev', gateway: url, token, dbPath: join(dir, 'agent.db'), uploader: { intervalMs: 50 } });
    await again.start();
    await until(() => again.status().buffer.depth === 0 && again.status().buffer.pendingInMemory === 0, 'the buffer emptied into the gateway');
    const epoch = again.buffer.epoch;
    await again.stop();

    const positions = (await readAllRecords(kafka, topic)).filter((r) => r.key === 'truck-ev');
    const events = (await readAllRecords(kafka, eventsTopic)).filter((r) => r.key === 'truck-ev');
    const seqs = [...positions, ...events].map((r) => r.value.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(positions.every((r) => r.headers['schema-version'] === String(POSITION_RECORD_SCHEMA_VERSION) && !('event' in r.value) && !('kind' in r.value))).toBe(true);

    expect(events.map((r) => r.value.kind).sort()).toEqual(['harsh-braking', 'idling']);
    for (const r of events) {
      expect(r.headers['schema-version']).toBe(String(DRIVING_EVENT_RECORD_SCHEMA_VERSION));
      const record = parseDrivingEventRecord(JSON.stringify(r.value), r.headers);
      expect(record).toMatchObject({ vehicleId: 'truck-ev', epoch });
      expect(Date.parse(record.start)).toBeLessThanOrEqual(Date.parse(record.time));
      expect(Date.parse(record.time)).toBeLessThanOrEqual(Date.parse(record.end));
      expect(record.trail.length).toBeGreaterThan(10);
    }
    const brake = parseDrivingEventRecord(JSON.stringify(events.find((r) => r.value.kind === 'harsh-braking')!.value));
    expect(Math.abs(brake.peak - gToMps2(0.45)) / gToMps2(0.45)).toBeLessThanOrEqual(0.1);
    const idle = parseDrivingEventRecord(JSON.stringify(events.find((r) => r.value.kind === 'idling')!.value));
    expect(Math.abs(idle.peak - 360) / 360).toBeLessThanOrEqual(0.1);
  });

  it('a resent batch holding an event adds no record to either topic', async () => {
    const token = registerVehicle(registryFile, 'truck-ev2');
    const core = new AgentCore({ vehicleId: 'truck-ev2', gateway: url, token, dbPath: join(dir, 'agent2.db'), sampler: { everyFix: true }, uploader: { intervalMs: 50 } });
    await core.start();
    for (const f of scriptedFixes(stopAndIdle, 60, 1, { timeMs: Date.now() - 3600_000, lat: -25.45, lon: -49.23 })) core.pushFix(f);
    await until(() => core.status().buffer.depth === 0 && core.status().buffer.pendingInMemory === 0 && core.status().buffer.lastSeq > 0, 'everything uploaded');
    const lastSeq = core.status().buffer.lastSeq;
    const epoch = core.buffer.epoch;
    await core.stop();
    const count = async (t: string): Promise<number> => (await readAllRecords(kafka, t)).filter((r) => r.key === 'truck-ev2').length;
    const before = { positions: await count(topic), events: await count(eventsTopic) };
    expect(before.events).toBe(1);
    expect(before.positions + before.events).toBe(lastSeq);

    // The same records again, as an agent whose acknowledgement was lost would resend them.
    const eventRecord = parseDrivingEventRecord(JSON.stringify((await readAllRecords(kafka, eventsTopic)).find((r) => r.key === 'truck-ev2')!.value));
    const { vehicleId: _v, epoch: _e, receivedAt: _r, ...wire } = eventRecord;
    const { time, lat, lon, seq, ...event } = wire;
    const body = JSON.stringify({ epoch, positions: [{ seq, time, lat, lon, event }] });
    const answer = await fetch(`${url}/v1/positions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ accepted: 0, duplicates: 1, ackedSeq: seq, epoch });
    expect({ positions: await count(topic), events: await count(eventsTopic) }).toEqual(before);
  });
});
