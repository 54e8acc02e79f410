import { randomUUID } from 'node:crypto';
import { createKafka } from '../kafka/config.js';
import { MONITOR_DEFAULTS, FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { SCENARIO_DEFAULTS, type Scenario, detourScenario, heldBackScenario, planDocument } from './scenarios.js';
import { startFleetHttp } from './http.js';
import { pollUntil } from '../common/poll.js';
import { producePositions } from './produce-records.js';
import { recordsIn } from '../kafka/range-reader.js';
import type { DeliveryView, DriverScoreView } from './live-contract.js';
import { DriverScoreKeeper } from './score-keeper.js';
import { driverScoreView, latestPeriods } from './score-view.js';
import type { PositionRecord } from '../protocol/position-record.js';
import type { Alert } from './vehicle-tracker.js';

export const MONITOR_DEMO_DEFAULTS = {
  positionsTopic: MONITOR_DEFAULTS.positionsTopic,
  /** Give up waiting for the monitor after this long. */
  timeoutMs: 120_000,
  /** Each truck has driven this share of its trip "now" (after its detour or hold); the rest is still to come. */
  drivenShare: 0.72,
  /** Driving on (`driveOn`): the due positions are produced this often. */
  driveOnIntervalMs: 1_000,
};

export interface MonitorDemoResult {
  vehicles: number;
  alerts: Alert[];
  /** The planned trucks' deliveries as the page shows them (with their ETA). */
  deliveries: DeliveryView[];
  /** Every driver's latest day score, worst first. */
  scores: DriverScoreView[];
  /** Driving events counted, by kind, and the severe ones' alerts (the last `recentAlerts`). */
  drivingEvents: Record<string, number>;
  severeAlerts: Alert[];
  url: string | null;
  /** Produce the rest of both trips in real time, one position per truck and second, until they arrive or `stop()`. */
  driveOn: () => Promise<void>;
  stop: () => Promise<void>;
}

/** A scenario whose record at `drivenShare` of the trip has a fix time of now. */
function happeningNow(make: (vehicleId: string, o: typeof SCENARIO_DEFAULTS) => Scenario, vehicleId: string, nowMs: number): { scenario: Scenario; cut: number } {
  const recorded = make(vehicleId, SCENARIO_DEFAULTS);
  const cut = Math.floor(recorded.records.length * MONITOR_DEMO_DEFAULTS.drivenShare);
  const shiftMs = nowMs - Date.parse(recorded.records[cut - 1].time);
  return { scenario: make(vehicleId, { ...SCENARIO_DEFAULTS, shiftMs }), cut };
}

/**
 * The monitor's part of `npm run demo`: a monitor (fresh group, from the beginning of the
 * positions topic, so it also shows whatever else the demo produced) with a plan for two
 * scripted trucks on real trips — one leaves its route, one is held back — moved in time so
 * that they are on the road now, most of their trip driven (detour and hold included, so
 * their alerts are raised) and their delivery still ahead (so the page has an ETA to show).
 * Their positions are produced as the gateway would. Beside it the driver scores (monitor/score-keeper.ts)
 * count every driving event the simulated fleet recorded. Resolves once the monitor has processed the
 * trucks and the scores every event; `driveOn()` drives the rest live; `stop()` ends the monitor (and the page).
 */
export async function runMonitorDemo(options: { brokers: string[]; httpPort?: number; say?: (line: string) => void; positionsTopic?: string; eventsTopic?: string }): Promise<MonitorDemoResult> {
  const say = options.say ?? (() => undefined);
  const run = randomUUID().slice(0, 6);
  const nowMs = Date.now();
  const detour = happeningNow(detourScenario, `demo-detour-${run}`, nowMs);
  const held = happeningNow(heldBackScenario, `demo-held-${run}`, nowMs);
  const trucks = [detour, held];
  const plan = parsePlan(planDocument(trucks.map((t) => t.scenario)));
  const positionsTopic = options.positionsTopic ?? MONITOR_DEMO_DEFAULTS.positionsTopic;
  const fleet = new FleetMonitor({ brokers: options.brokers, plan, groupId: `telematics-monitor-demo-${run}`, positionsTopic, fromBeginning: true });
  await fleet.start();
  const scores = new DriverScoreKeeper(fleet, options.eventsTopic ? { eventsTopic: options.eventsTopic } : {});
  await scores.start();
  const http = options.httpPort !== undefined ? await startFleetHttp(fleet, plan, options.httpPort, { scores }) : null;
  if (http) say(`   live fleet page: ${http.url}`);
  const kafka = createKafka('telematics-monitor-demo', options.brokers);
  const driven = trucks.map((t) => t.scenario.records.slice(0, t.cut));
  await producePositions(kafka, positionsTopic, driven.flat());
  say(`   produced ${driven.flat().length} positions of two planned trucks on the road now (real Curitiba trips, moved in time)`);
  const expected = new Map(trucks.map((t) => [t.scenario.vehicleId, t.cut]));
  await pollUntil(
    'the monitor to process the demo trucks',
    () => [...expected].every(([id, n]) => fleet.vehicles().find((v) => v.vehicleId === id && v.counts.processed === n && v.resume.pending.length === 0)),
    { timeoutMs: MONITOR_DEMO_DEFAULTS.timeoutMs },
  );
  await fleet.settled();
  const eventRecords = await recordsIn(kafka, scores.options.eventsTopic);
  await pollUntil('the driver scores to count every driving event', () => scores.stats.events + scores.stats.invalid >= eventRecords, { timeoutMs: MONITOR_DEMO_DEFAULTS.timeoutMs });
  await scores.settled();
  const alerts = fleet.alerts().filter((a) => expected.has(a.vehicleId));
  const deliveries = http ? http.feed.allDeliveries() : [];
  let stopped = false;
  let driving: Promise<void> = Promise.resolve();
  return {
    vehicles: fleet.vehicles().length,
    alerts,
    deliveries,
    scores: latestPeriods(scores.all().map(driverScoreView))
      .filter((s) => s.period === 'day')
      .sort((a, b) => a.score - b.score),
    drivingEvents: { ...scores.stats.countedByKind },
    severeAlerts: fleet.alerts().filter((a) => a.type === 'severe-driving'),
    url: http?.url ?? null,
    driveOn: () => (driving = driveOn(kafka, positionsTopic, trucks.map((t) => t.scenario.records.slice(t.cut)), () => stopped)),
    stop: async () => {
      stopped = true;
      await driving;
      await http?.close();
      await scores.stop();
      await fleet.stop();
    },
  };
}

/** The demo's score table: the `worst` and `best` drivers of the day, then the spread. */
export function scoreTable(scores: DriverScoreView[], worst = 5, best = 3): string[] {
  const shown = scores.length <= worst + best ? scores : [...scores.slice(0, worst), null, ...scores.slice(-best)];
  const width = Math.max(6, ...shown.map((s) => s?.driverId.length ?? 0));
  const cells = (values: string[]) => values.map((v) => v.padStart(6)).join(' ');
  const line = (s: DriverScoreView) =>
    `${s.driverId.padEnd(width)} ${cells([s.score.toFixed(1), (s.distance / 1000).toFixed(1), ...(['harsh-braking', 'harsh-acceleration', 'harsh-cornering'] as const).map((k) => s.eventsPer100km[k].toFixed(1)), (s.timeOverSpeedLimit / 60).toFixed(1), (s.idlingTime / 60).toFixed(1)])}`;
  const sorted = scores.map((s) => s.score).sort((a, b) => a - b);
  return [
    `${'driver'.padEnd(width)} ${cells(['score', 'km', 'brake', 'accel', 'corner', '>limit', 'idle'])}   (events per 100 km; minutes)`,
    ...shown.map((s) => (s ? line(s) : '…')),
    ...(sorted.length ? [`${scores.length} drivers: score min ${sorted[0]!.toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)}`] : []),
  ];
}

async function driveOn(kafka: ReturnType<typeof createKafka>, topic: string, rest: PositionRecord[][], stopped: () => boolean): Promise<void> {
  const queue = rest.flat().sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  while (queue.length > 0 && !stopped()) {
    await new Promise((resolve) => setTimeout(resolve, MONITOR_DEMO_DEFAULTS.driveOnIntervalMs));
    let due = 0;
    while (due < queue.length && Date.parse(queue[due].time) <= Date.now()) due++;
    const now = new Date().toISOString();
    if (due > 0) await producePositions(kafka, topic, queue.splice(0, due).map((r) => ({ ...r, receivedAt: now })));
  }
}
