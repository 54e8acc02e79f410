import type { Writable } from 'node:stream';
import { PACKAGE_ROOT } from '../common/paths.js';
import type { DrivingChoice } from './driving-profiles.js';
import { parseFaultSchedule, type FaultSchedule } from './faults.js';
import type { ViewMode } from './live-view.js';
import type { SimReport } from './report.js';
import { runSimulation } from './simulation.js';
import { formatSummary } from './summary.js';
import { defaultTripPaths } from './trip-files.js';

/**
 * The simulated-fleet stage of `telematics demo`: a gateway in this process on a free
 * port with its own registry, N trucks on the real trips, sped up, with a coverage loss
 * and an agent restart on the way, drivers of mixed styles, the live view, and a summary verified in Kafka.
 */
export const DEMO_FLEET_DEFAULTS = {
  trucks: 50,
  speedup: 60,
  /** 30 simulated minutes: 30 s of driving at ×60. */
  durationMs: 30 * 60_000,
  /** A spread of driving styles (simulator/driving-profiles.ts), so the monitor's driver scores differ. */
  driving: 'mixed' as DrivingChoice,
  faults: parseFaultSchedule({
    seed: 1,
    faults: [
      { kind: 'coverage', share: 0.2, atS: 300, durationS: 600 },
      { kind: 'restart', share: 0.2, atS: 900 },
    ],
  }),
};

export interface DemoFleetOptions {
  brokers: string[];
  trucks?: number;
  speedup?: number;
  durationMs?: number;
  faults?: FaultSchedule;
  tripPaths?: string[];
  /** Default: a redrawn view on a TTY, periodic lines otherwise. */
  view?: ViewMode;
  out?: Writable;
}

export interface DemoFleetSummary {
  ok: boolean;
  /** Human-readable closing summary (several lines). */
  text: string;
  report: SimReport;
}

export async function runDemoFleet(options: DemoFleetOptions): Promise<DemoFleetSummary> {
  const out = options.out ?? process.stdout;
  const report = await runSimulation({
    trucks: options.trucks ?? DEMO_FLEET_DEFAULTS.trucks,
    tripPaths: options.tripPaths ?? defaultTripPaths(PACKAGE_ROOT),
    gateway: 'local',
    brokers: options.brokers,
    speedup: options.speedup ?? DEMO_FLEET_DEFAULTS.speedup,
    durationMs: options.durationMs ?? DEMO_FLEET_DEFAULTS.durationMs,
    faults: options.faults ?? DEMO_FLEET_DEFAULTS.faults,
    driving: DEMO_FLEET_DEFAULTS.driving,
    vehiclePrefix: 'demo',
    verify: true,
    view: options.view ?? ((out as { isTTY?: boolean }).isTTY ? 'tty' : 'lines'),
    out,
  });
  return { ok: report.ok, text: formatSummary(report), report };
}
