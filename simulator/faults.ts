import { readFileSync } from 'node:fs';
import { UserError } from '../common/errors.js';
import { unitHash } from './shard.js';

/**
 * The fault schedule (`--faults FILE`, documented in simulator/README.md). Times are
 * simulated seconds since the fleet started driving (the clock the trucks see), so a
 * schedule means the same thing at any --speedup.
 *
 * {"seed": 7, "faults": [
 *   {"kind": "coverage",     "share": 0.3, "atS": 600,  "durationS": 900},
 *   {"kind": "gps-outage",   "share": 0.1, "atS": 300,  "durationS": 120},
 *   {"kind": "gps-glitch",   "share": 0.1, "atS": 900,  "durationS": 3},
 *   {"kind": "restart",      "share": 0.2, "atS": 1200},
 *   {"kind": "gateway-down",               "atS": 1800, "durationS": 60},
 *   {"kind": "kafka-stop",                 "atS": 2400, "durationS": 60}
 * ]}
 */
export type FaultKind = 'coverage' | 'gps-outage' | 'gps-glitch' | 'restart' | 'gateway-down' | 'kafka-stop';

/**
 * Per-truck faults pick a share of the trucks; fleet-wide faults hit every truck at once. A
 * `gps-glitch` is what real receivers do: the position freezes for `durationS`, then one fix lands
 * GLITCH_JUMP_M away, then the receiver recovers (the agent's plausibility stage should reject them all).
 */
export const TRUCK_FAULTS: readonly FaultKind[] = ['coverage', 'gps-outage', 'gps-glitch', 'restart'];
export const GLITCH_JUMP_M = 470;
export const FLEET_FAULTS: readonly FaultKind[] = ['gateway-down', 'kafka-stop'];

export interface Fault {
  kind: FaultKind;
  /** Share of the trucks hit (per-truck faults), 0–1. */
  share: number;
  atS: number;
  /** 0 for restarts (instant). */
  durationS: number;
}

export interface FaultSchedule {
  seed: number;
  faults: Fault[];
}

export const FAULT_DEFAULTS = { seed: 1, share: 1 };

export const NO_FAULTS: FaultSchedule = { seed: FAULT_DEFAULTS.seed, faults: [] };

const KINDS = [...TRUCK_FAULTS, ...FLEET_FAULTS];
const FIELDS = new Set(['kind', 'share', 'atS', 'durationS']);

function problem(where: string, what: string): UserError {
  return new UserError(`Fault schedule ${where}: ${what}.`, 'See "Fault schedule" in simulator/README.md for the format.');
}

export function parseFaultSchedule(json: unknown, where = '(inline)'): FaultSchedule {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { faults?: unknown }).faults)) {
    throw problem(where, 'expected an object {"seed"?: number, "faults": [...]}');
  }
  const { seed = FAULT_DEFAULTS.seed, faults } = json as { seed?: unknown; faults: unknown[] };
  for (const key of Object.keys(json)) if (key !== 'seed' && key !== 'faults') throw problem(where, `unknown field "${key}"`);
  if (!Number.isInteger(seed)) throw problem(where, `"seed" must be an integer, got ${JSON.stringify(seed)}`);
  const parsed = faults.map((raw, i): Fault => {
    const at = `${where} faults[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw problem(at, 'each fault must be an object');
    const f = raw as Record<string, unknown>;
    for (const key of Object.keys(f)) if (!FIELDS.has(key)) throw problem(at, `unknown field "${key}"`);
    const kind = f.kind as FaultKind;
    if (!KINDS.includes(kind)) throw problem(at, `"kind" must be one of ${KINDS.join(', ')}, got ${JSON.stringify(f.kind)}`);
    const share = f.share ?? FAULT_DEFAULTS.share;
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) throw problem(at, `"share" must be a number from 0 to 1, got ${JSON.stringify(f.share)}`);
    if (FLEET_FAULTS.includes(kind) && f.share !== undefined) throw problem(at, `"${kind}" hits the whole fleet: drop "share"`);
    if (typeof f.atS !== 'number' || !(f.atS >= 0)) throw problem(at, `"atS" (simulated seconds after the start) must be a number ≥ 0, got ${JSON.stringify(f.atS)}`);
    const durationS = f.durationS ?? 0;
    if (kind === 'restart') {
      if (f.durationS !== undefined) throw problem(at, '"restart" is instant: drop "durationS"');
    } else if (typeof durationS !== 'number' || !(durationS > 0)) {
      throw problem(at, `"durationS" must be a number > 0, got ${JSON.stringify(f.durationS)}`);
    }
    return { kind, share, atS: f.atS, durationS: durationS as number };
  });
  return { seed: seed as number, faults: parsed };
}

export function readFaultSchedule(file: string): FaultSchedule {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`Cannot read the fault schedule ${file}: ${(err as Error).message}`, 'Give a JSON file; see "Fault schedule" in simulator/README.md.');
  }
  return parseFaultSchedule(json, file);
}

/** Whether fault number `faultIndex` hits truck number `truck` (deterministic, independent of sharding). */
export function faultHitsTruck(schedule: FaultSchedule, faultIndex: number, truck: number): boolean {
  const fault = schedule.faults[faultIndex]!;
  if (FLEET_FAULTS.includes(fault.kind)) return true;
  return unitHash(schedule.seed, faultIndex, truck) < fault.share;
}

/** Whether a fault with a duration is in force at simulated second `tS`. */
export function faultActive(fault: Fault, tS: number): boolean {
  return tS >= fault.atS && tS < fault.atS + fault.durationS;
}

/** The faults hitting one truck, by kind, as [start, end) windows in simulated seconds, plus its restart times. */
export interface TruckFaultPlan {
  coverage: [number, number][];
  gpsOutage: [number, number][];
  /** Frozen position over [start, end), then the jump at `end`. */
  gpsGlitch: [number, number][];
  restartsAtS: number[];
}

export function truckFaultPlan(schedule: FaultSchedule, truck: number): TruckFaultPlan {
  const plan: TruckFaultPlan = { coverage: [], gpsOutage: [], gpsGlitch: [], restartsAtS: [] };
  schedule.faults.forEach((f, i) => {
    if (!TRUCK_FAULTS.includes(f.kind) || !faultHitsTruck(schedule, i, truck)) return;
    if (f.kind === 'coverage') plan.coverage.push([f.atS, f.atS + f.durationS]);
    else if (f.kind === 'gps-outage') plan.gpsOutage.push([f.atS, f.atS + f.durationS]);
    else if (f.kind === 'gps-glitch') plan.gpsGlitch.push([f.atS, f.atS + f.durationS]);
    else plan.restartsAtS.push(f.atS);
  });
  plan.restartsAtS.sort((a, b) => a - b);
  return plan;
}

export function inWindows(windows: [number, number][], tS: number): boolean {
  return windows.some(([a, b]) => tS >= a && tS < b);
}
