import { afterAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { FleetMonitor, MONITOR_DEFAULTS } from './monitor.js';
import { parsePlan, type Plan } from './plan.js';
import { detourScenario, disorder, heldBackScenario, planDocument } from './scenarios.js';
import { readAllStatuses, type StoredStatus } from './status-store.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { comparable, createKafka, readAlerts, statusV1Records, uniqueName, waitFor } from './test-support.js';
import { ensureTopics, statusTopic } from '../kafka/topics.js';
import type { PositionRecord } from '../protocol/position-record.js';
import type { Alert, VehicleStatus } from './vehicle-tracker.js';


describeWithKafka('fleet monitor against the real broker', () => {
  const brokers = brokersOrThrow();
  const kafka = createKafka('monitor-test', brokers);
  const detour = detourScenario('truck-detour');
  const held = heldBackScenario('truck-held');
  const plan: Plan = parsePlan(planDocument([detour, held]));
  const clean = [...detour.records, ...held.records];
  const monitors: FleetMonitor[] = [];

  async function startMonitor(topic: string, name: string, options: Partial<typeof MONITOR_DEFAULTS> = {}): Promise<FleetMonitor> {
    const m = new FleetMonitor({
      brokers,
      plan,
      groupId: `${name}-group`,
      positionsTopic: topic,
      alertsTopic: `${name}-alerts`,
      statusTopic: `${name}-status`,
      fromBeginning: true,
      flushIdleMs: 500,
      ...options,
    });
    monitors.push(m);
    await m.start();
    return m;
  }

  /** Every position of both vehicles has been through the reorder buffer and is in vehicle-status. */
  async function settled(m: FleetMonitor, processed = { 'truck-detour': detour.records.length, 'truck-held': held.records.length }): Promise<StoredStatus[]> {
    return waitFor('all positions processed', () => {
      const v = m.vehicles();
      const done = Object.entries(processed).every(([id, n]) => v.find((s) => s.vehicleId === id)?.counts.processed === n);
      return done && v.every((s) => s.resume.pending.length === 0) ? v : null;
    });
  }

  async function run(records: PositionRecord[], name: string): Promise<{ statuses: Map<string, StoredStatus>; alerts: Alert[] }> {
    const topic = uniqueName(`${name}-positions`);
    await createPositionsTopic(kafka, topic);
    await producePositions(kafka, topic, records);
    const m = await startMonitor(topic, uniqueName(name));
    await settled(m);
    await m.stop();
    // Read back by independent consumers: what other systems see.
    return { statuses: await readAllStatuses(kafka, m.options.statusTopic), alerts: await readAlerts(brokers, m.options.alertsTopic) };
  }

  let cleanRun: Awaited<ReturnType<typeof run>>;

  /** A monitor restored at seq 800 gets the rest: it reads only that and ends with the clean run's statuses. Returns its alerts. */
  async function resumeWithSecondHalf(m: FleetMonitor, topic: string): Promise<Alert[]> {
    const secondHalf = clean.filter((r) => r.seq > 800);
    await producePositions(kafka, topic, secondHalf);
    await settled(m);
    // Only the second half was read again: the restored state and the committed offsets (if any) agree.
    expect(m.stats.positions).toBe(secondHalf.length);
    await m.stop();
    const statuses = await readAllStatuses(kafka, m.options.statusTopic);
    for (const id of ['truck-detour', 'truck-held']) expect(comparable(statuses.get(id)!)).toEqual(comparable(cleanRun.statuses.get(id)!));
    return readAlerts(brokers, m.options.alertsTopic);
  }

  afterAll(async () => {
    await Promise.all(monitors.map((m) => m.stop().catch(() => undefined)));
  });

  it('raises a deviation within the grace period and clears it on return; predicts a held-back delay before the promised time', async () => {
    cleanRun = await run(clean, 'clean');
    const grace = plan.thresholds.deviationGraceMs;
    const deviation = cleanRun.alerts.filter((a) => a.vehicleId === 'truck-detour');
    expect(deviation.map((a) => a.type)).toEqual(['deviation-start', 'deviation-end', 'arrival']);
    const [start, end] = deviation;
    const leftRouteMs = Date.parse(detour.records[detour.leftAtIndex].time);
    expect(Date.parse(start.offRouteSince!)).toBeGreaterThanOrEqual(leftRouteMs);
    // Alerted once off route for the grace period, within one more fix (1 Hz).
    expect(Date.parse(start.time) - Date.parse(start.offRouteSince!)).toBeGreaterThanOrEqual(grace);
    expect(Date.parse(start.time) - Date.parse(start.offRouteSince!)).toBeLessThanOrEqual(grace + 2_000);
    expect(Date.parse(end.time)).toBeLessThanOrEqual(Date.parse(detour.records[detour.backAtIndex].time));
    expect(start.distanceFromRoute).toBeGreaterThan(plan.thresholds.deviationM);

    const delays = cleanRun.alerts.filter((a) => a.vehicleId === 'truck-held');
    expect(delays.map((a) => a.type)).toEqual(['delay-predicted', 'arrival']);
    expect(Date.parse(delays[0].time)).toBeLessThan(held.promisedAtMs);
    expect(Date.parse(delays[0].eta!)).toBeGreaterThan(held.promisedAtMs);
    expect(delays[1].lateByMs).toBeGreaterThan(0);

    const status = cleanRun.statuses.get('truck-held')!;
    expect(status.stopsDone).toBe(1);
    expect(status.counts).toEqual({ processed: held.records.length, duplicates: 0, late: 0, jumps: 0 });
    expect(status.distance).toBeGreaterThan(15_000);
  });

  it('gives the same status and alerts for out-of-order and duplicated positions as for clean ones', async () => {
    const messy = disorder(clean);
    expect(messy.length).toBeGreaterThan(clean.length);
    const messyRun = await run(messy, 'messy');
    for (const id of ['truck-detour', 'truck-held']) {
      expect(comparable(messyRun.statuses.get(id)!)).toEqual(comparable(cleanRun.statuses.get(id)!));
    }
    expect(messyRun.alerts).toEqual(cleanRun.alerts);
    const duplicates = [...messyRun.statuses.values()].reduce((n, s) => n + s.counts.duplicates, 0);
    expect(duplicates).toBe(messy.length - clean.length);
  });

  it('a restarted monitor resumes from vehicle-status with the same state, without re-reading history', async () => {
    const topic = uniqueName('restart-positions');
    const name = uniqueName('restart');
    await createPositionsTopic(kafka, topic);
    const firstHalf = clean.filter((r) => r.seq <= 800);
    await producePositions(kafka, topic, firstHalf);
    // A long idle flush keeps the last positions in the reorder buffer: they must survive the restart too.
    const first = await startMonitor(topic, name, { flushIdleMs: 3_600_000 });
    const before = await waitFor('first half consumed', () => {
      const v = first.vehicles();
      return v.length === 2 && v.every((s) => s.counts.processed + s.resume.pending.length === 800) ? v : null;
    });
    expect(before.every((s) => s.resume.pending.length > 0)).toBe(true);
    await first.stop();

    const second = await startMonitor(topic, name);
    const restored = second.vehicles();
    for (const s of before) expect(comparable(restored.find((r) => r.vehicleId === s.vehicleId)!)).toEqual(comparable(s));
    expect(await resumeWithSecondHalf(second, topic)).toEqual(cleanRun.alerts);
  });

  it('restores from a status topic the previous version (schema 1) wrote and ends as if it had never stopped', async () => {
    const topic = uniqueName('v1-positions');
    const name = uniqueName('v1');
    await createPositionsTopic(kafka, topic);
    // The fixture's monitor had consumed seq 1–800 of both vehicles; this one gets the rest.
    const v1 = statusV1Records();
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [statusTopic({ name: `${name}-status` })]).finally(() => admin.disconnect());
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: `${name}-status`, acks: -1, messages: v1 }).finally(() => producer.disconnect());
    // The fixture's receive times are old: no silence alerts in this run.
    const m = await startMonitor(topic, name, { noDataMs: 365 * 86_400_000 });
    const restored = m.vehicles();
    expect(restored.map((s) => [s.vehicleId, s.schemaVersion, s.counts.processed, s.resume.pending.length]).sort()).toEqual([
      ['truck-detour', 2, 780, 20],
      ['truck-held', 2, 780, 20],
    ]);
    const alerts = await resumeWithSecondHalf(m, topic);
    const restoredAt = new Map(v1.map((r) => [r.key, Date.parse(JSON.parse(r.value).position.time)]));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts).toEqual(cleanRun.alerts.filter((a) => Date.parse(a.time) > restoredAt.get(a.vehicleId)!));
  });
});
