import { randomUUID } from 'node:crypto';
import { createKafka } from '../kafka/config.js';
import { MONITOR_DEFAULTS, FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { detourScenario, heldBackScenario, planDocument } from './scenarios.js';
import { startFleetHttp } from './http.js';
import { pollUntil } from '../common/poll.js';
import { producePositions } from './produce-records.js';
import type { Alert } from './vehicle-tracker.js';

export const MONITOR_DEMO_DEFAULTS = {
  positionsTopic: MONITOR_DEFAULTS.positionsTopic,
  /** Give up waiting for the monitor after this long. */
  timeoutMs: 120_000,
};

export interface MonitorDemoResult {
  vehicles: number;
  alerts: Alert[];
  url: string | null;
  stop: () => Promise<void>;
}

/**
 * The monitor's part of `npm run demo`: a monitor (fresh group, from the beginning of the
 * positions topic, so it also shows whatever else the demo produced) with a plan for two
 * scripted trucks on real trips — one leaves its route, one is held back — whose positions
 * are produced as the gateway would. Resolves once both trucks are fully processed;
 * `stop()` ends the monitor (and the page, when `httpPort` was given).
 */
export async function runMonitorDemo(options: { brokers: string[]; httpPort?: number; say?: (line: string) => void; positionsTopic?: string }): Promise<MonitorDemoResult> {
  const say = options.say ?? (() => undefined);
  const run = randomUUID().slice(0, 6);
  const detour = detourScenario(`demo-detour-${run}`);
  const held = heldBackScenario(`demo-held-${run}`);
  const plan = parsePlan(planDocument([detour, held]));
  const positionsTopic = options.positionsTopic ?? MONITOR_DEMO_DEFAULTS.positionsTopic;
  const fleet = new FleetMonitor({ brokers: options.brokers, plan, groupId: `telematics-monitor-demo-${run}`, positionsTopic, fromBeginning: true });
  await fleet.start();
  const http = options.httpPort !== undefined ? await startFleetHttp(fleet, plan, options.httpPort) : null;
  if (http) say(`   live fleet page: ${http.url}`);
  await producePositions(createKafka('telematics-monitor-demo', options.brokers), positionsTopic, [...detour.records, ...held.records]);
  say(`   produced ${detour.records.length + held.records.length} positions of two planned trucks (real Curitiba trips)`);
  const expected = new Map([
    [detour.vehicleId, detour.records.length],
    [held.vehicleId, held.records.length],
  ]);
  await pollUntil(
    'the monitor to process the demo trucks',
    () => [...expected].every(([id, n]) => fleet.vehicles().find((v) => v.vehicleId === id && v.counts.processed === n && v.resume.pending.length === 0)),
    { timeoutMs: MONITOR_DEMO_DEFAULTS.timeoutMs },
  );
  await fleet.settled();
  const alerts = fleet.alerts().filter((a) => expected.has(a.vehicleId));
  return {
    vehicles: fleet.vehicles().length,
    alerts,
    url: http?.url ?? null,
    stop: async () => {
      await http?.close();
      await fleet.stop();
    },
  };
}
