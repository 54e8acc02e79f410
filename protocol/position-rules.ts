import { distanceM } from '../common/geo.js';
import { BINARY_FORMAT } from './binary-batch.js';
import { formatIsoTimeMs } from './iso-time.js';
import type { Position } from './position.js';

/**
 * The one place positions are judged, by everyone who judges them: the agent before it
 * records (agent/plausibility.ts), the gateway's validation and records (protocol/validate.ts,
 * gateway/), the monitor's speeds (monitor/vehicle-tracker.ts). Two kinds of judgement:
 *
 * - **malformed**: the value cannot be a position at all (lat 91, a negative speed, a time that
 *   is no date). The gateway refuses it for good (400); the agent never records it.
 * - **suspect**: a real position whose value is implausible for a road vehicle or whose time
 *   disagrees with a clock. Never refused: the gateway records it with its `suspect` flags, so
 *   what the agent recorded is always deliverable. The agent rejects such fixes before it records
 *   them, with its own (stricter, configurable) truck limits.
 *
 * Documented in protocol/README.md ("Judging positions").
 */

/** What no GNSS fix of a vehicle can be: outside these, a value is malformed. */
export const STRUCTURAL_LIMITS = {
  /** Fix times both encodings carry: from 1970 to the end of 9999 (a 4-digit ISO-8601 year). */
  minTimeMs: 0,
  maxTimeMs: BINARY_FORMAT.maxTimeMs,
  /** COCOM: a civil GNSS receiver stops reporting above 1,000 knots (514.4 m/s). */
  maxSpeed: 515,
  /** Below the lowest land (the Dead Sea shore, −430 m) and above what a receiver on a vehicle reports, with margin. */
  minAltMSL: -1_000,
  maxAltMSL: 20_000,
  /** NMEA carries DOPs up to 99.99; receivers print 99.99 for "no solution". */
  maxHdop: 100,
  maxUSat: 255,
};

/** Limits beyond which a well-formed position is suspect (flagged, never refused). */
export const PLAUSIBILITY_DEFAULTS = {
  /** ~540 km/h: above any road vehicle; a reported speed, or one implied by two positions, above it is a glitch. */
  maxSpeed: 150,
  /** Earliest plausible fix time: earlier is a receiver without a date (or a GPS week-rollover bug). */
  minTimeMs: Date.UTC(2000, 0, 1),
  /** How far a fix time may be ahead of the judging clock (clock skew allowance). */
  maxFutureMs: 5 * 60_000,
};

export type PlausibilityOptions = typeof PLAUSIBILITY_DEFAULTS;

/** Why a well-formed position is suspect; the values of the record's `suspect` field. */
export const SUSPECT_REASONS = ['time-future', 'time-early', 'speed'] as const;
export type SuspectReason = (typeof SUSPECT_REASONS)[number];

/** One thing that makes a value no position; `field` names the wire field (`time`, not `timeMs`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The fields judged: a position with or without its seq (the agent judges before the seq is assigned). */
export type JudgedPosition = Omit<Position, 'seq'> & { seq?: number };

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function inRange(v: unknown, min: number, max: number): boolean {
  return isFiniteNumber(v) && v >= min && v <= max;
}

/** Everything that makes `p` no position at all; empty when it is well formed. A seq is checked when present. */
export function malformedFields(p: JudgedPosition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, message });
  };
  const L = STRUCTURAL_LIMITS;
  if (p.seq !== undefined && (!Number.isSafeInteger(p.seq) || p.seq < 1)) add('seq', `seq must be a positive integer, got ${String(p.seq)}`);
  if (!inRange(p.timeMs, L.minTimeMs, L.maxTimeMs)) add('time', 'time must be an ISO-8601 date-time of a real calendar date from 1970 to 9999, such as 2026-11-24T10:00:00.000Z');
  if (!inRange(p.lat, -90, 90)) add('lat', `lat must be a number in [-90, 90], got ${String(p.lat)}`);
  if (!inRange(p.lon, -180, 180)) add('lon', `lon must be a number in [-180, 180], got ${String(p.lon)}`);
  if (p.speed !== undefined && !inRange(p.speed, 0, L.maxSpeed)) add('speed', `speed must be a number of m/s in [0, ${L.maxSpeed}], got ${String(p.speed)}`);
  if (p.track !== undefined && !(isFiniteNumber(p.track) && p.track >= 0 && p.track < 360)) add('track', `track must be a number of degrees in [0, 360), got ${String(p.track)}`);
  if (p.altMSL !== undefined && !inRange(p.altMSL, L.minAltMSL, L.maxAltMSL)) {
    add('altMSL', `altMSL must be a number of metres in [${L.minAltMSL}, ${L.maxAltMSL}], got ${String(p.altMSL)}`);
  }
  if (p.hdop !== undefined && !inRange(p.hdop, 0, L.maxHdop)) add('hdop', `hdop must be a number in [0, ${L.maxHdop}], got ${String(p.hdop)}`);
  if (p.uSat !== undefined && !(Number.isInteger(p.uSat) && p.uSat >= 0 && p.uSat <= L.maxUSat)) add('uSat', `uSat must be an integer in [0, ${L.maxUSat}], got ${String(p.uSat)}`);
  if (p.mode !== undefined && p.mode !== 2 && p.mode !== 3) add('mode', `mode must be 2 (2D) or 3 (3D), got ${String(p.mode)}`);
  return problems;
}

/** Why a well-formed position is suspect, in SUSPECT_REASONS order; empty when it is plausible. `nowMs` is the judging clock. */
export function suspectReasons(p: JudgedPosition, options: Partial<PlausibilityOptions> & { nowMs: number }): SuspectReason[] {
  const o = { ...PLAUSIBILITY_DEFAULTS, ...options };
  const reasons: SuspectReason[] = [];
  if (p.timeMs > o.nowMs + o.maxFutureMs) reasons.push('time-future');
  if (p.timeMs < o.minTimeMs) reasons.push('time-early');
  if (p.speed !== undefined && p.speed > o.maxSpeed) reasons.push('speed');
  return reasons;
}

/** In words, for logs and refusals: "time 2026-11-24T10:30:00.000Z is 1500 s ahead of the clock". */
export function describeSuspect(reason: SuspectReason, p: JudgedPosition, options: Partial<PlausibilityOptions> & { nowMs: number }): string {
  const o = { ...PLAUSIBILITY_DEFAULTS, ...options };
  switch (reason) {
    case 'time-future':
      return `time ${formatIsoTimeMs(p.timeMs)} is ${Math.round((p.timeMs - o.nowMs) / 1000)} s ahead of the clock (more than ${o.maxFutureMs / 1000} s)`;
    case 'time-early':
      return `time ${formatIsoTimeMs(p.timeMs)} is before ${formatIsoTimeMs(o.minTimeMs)}: the receiver has no valid date`;
    case 'speed':
      return `speed ${p.speed} m/s is above ${o.maxSpeed} m/s`;
  }
}

/** A place at a time: what two consecutive positions are compared by. */
export interface TimedPlace {
  timeMs: number;
  lat: number;
  lon: number;
}

/** The speed it takes to get from `a` to `b` in the time between them, m/s; Infinity for a move in no time. */
export function impliedSpeed(a: TimedPlace, b: TimedPlace): number {
  const d = distanceM(a.lat, a.lon, b.lat, b.lon);
  const dtS = Math.abs(b.timeMs - a.timeMs) / 1000;
  if (dtS === 0) return d === 0 ? 0 : Infinity;
  return d / dtS;
}

/**
 * True when going from `a` to `b` needs more than `maxSpeed`: a jump no vehicle makes. `toleranceM`
 * absorbs the receivers' own position noise, which over one second would otherwise read as speed.
 */
export function isJump(a: TimedPlace, b: TimedPlace, maxSpeed: number, toleranceM = 0): boolean {
  return isJumpStep(distanceM(a.lat, a.lon, b.lat, b.lon), b.timeMs - a.timeMs, maxSpeed, toleranceM);
}

/** `isJump` for a step whose length (`stepM`) and duration (`dtMs`) the caller has already. */
export function isJumpStep(stepM: number, dtMs: number, maxSpeed: number, toleranceM = 0): boolean {
  return stepM > (maxSpeed * Math.abs(dtMs)) / 1000 + toleranceM;
}
