import { isValidFix, type Fix, type ValidFix } from '../hw/fix.js';
import { parseIsoTimeMs } from '../protocol/iso-time.js';
import { distanceM, headingChangeDeg } from '../common/geo.js';
import { kmhToMps } from '../common/units.js';

/** A valid fix with its time read once, as ms since 1970: what the agent's pipeline carries from here on. */
export type TimedFix = ValidFix & { timeMs: number };

/**
 * Where a receiver's fix (gpsd TPV, time as ISO-8601 text) enters the agent: a valid fix
 * with its time as a number, or undefined when there is no position or no readable time.
 */
export function toTimedFix(fix: Fix): TimedFix | undefined {
  if (!isValidFix(fix)) return undefined;
  const timeMs = parseIsoTimeMs(fix.time);
  return timeMs === undefined ? undefined : { ...fix, timeMs };
}

/**
 * One recording profile. A position is recorded as soon as ANY enabled criterion is
 * reached since the last recorded position; 0 disables a criterion.
 */
export interface SamplingProfile {
  /** Record when this much fix time has passed (a heartbeat when stopped). */
  minPeriodMs: number;
  /** Record when the great-circle distance from the last recorded position reaches this. */
  minDistanceM: number;
  /** Record when the course differs this much from the last recorded course (only above `minHeadingSpeedMps`). */
  minHeadingChangeDeg: number;
  /** Record when the ground speed differs this much from the last recorded speed. */
  minSpeedChangeMps: number;
}

/**
 * Truck defaults (Teltonika-style "on moving / on stop" profiles):
 * - moving: every 30 s, or 200 m, or a 10° turn, or a 15 km/h speed change. At 90 km/h
 *   that is one position per 200 m (8 s); a turn at a junction is caught by its heading
 *   change so the drawn route follows the roads; ~2,900 positions per 24 h of driving.
 * - stopped: a heartbeat every 5 min shows the truck is parked and alive, without
 *   filling the buffer with identical points; 500 m catches being towed or ferried.
 * - movement from GNSS speed with hysteresis: a parked receiver's speed noise stays
 *   well below 1 m/s (3.6 km/h), so "moving" needs ≥ 2.2 m/s (8 km/h) for 2 s and
 *   "stopped" needs < 1 m/s for 10 s (a truck creeping in a queue stays moving).
 * - headings below 2.2 m/s are noise (the course of a near-stationary receiver wanders).
 */
export const SAMPLER_DEFAULTS = {
  /** Record every valid fix (the `--every-fix` flag); the profiles are then ignored. */
  everyFix: false,
  moving: { minPeriodMs: 30_000, minDistanceM: 200, minHeadingChangeDeg: 10, minSpeedChangeMps: kmhToMps(15) } as SamplingProfile,
  stopped: { minPeriodMs: 5 * 60_000, minDistanceM: 500, minHeadingChangeDeg: 0, minSpeedChangeMps: 0 } as SamplingProfile,
  movingAboveMps: 2.2,
  movingAfterMs: 2_000,
  stoppedBelowMps: 1.0,
  stoppedAfterMs: 10_000,
  minHeadingSpeedMps: 2.2,
};

export type SamplerOptions = typeof SAMPLER_DEFAULTS;

export type MovementState = 'unknown' | 'moving' | 'stopped';

/** Why a position was recorded (kept in logs and status, not on the wire). */
export type RecordReason = 'first' | 'every-fix' | 'started-moving' | 'stopped' | 'period' | 'distance' | 'heading' | 'speed';

interface Recorded {
  timeMs: number;
  lat: number;
  lon: number;
  speed?: number;
  track?: number;
}

/**
 * Decides which fixes become positions. Pure: time is the fix's own GPS time, so the
 * same fixes give the same positions at any replay speed.
 */
export class Sampler {
  readonly options: SamplerOptions;
  private state: MovementState = 'unknown';
  /** Since when the speed has been on the other side of the hysteresis threshold. */
  private candidateSinceMs: number | undefined;
  private last: Recorded | undefined;
  private counts = { offered: 0, invalid: 0, stale: 0, recorded: 0 };
  private lastReason: RecordReason | undefined;

  constructor(options: Partial<SamplerOptions> = {}) {
    this.options = {
      ...SAMPLER_DEFAULTS,
      ...options,
      moving: { ...SAMPLER_DEFAULTS.moving, ...options.moving },
      stopped: { ...SAMPLER_DEFAULTS.stopped, ...options.stopped },
    };
  }

  /** The reason to record this fix, or null to skip it; undefined is a receiver without a valid fix (see toTimedFix). */
  offer(fix: TimedFix | undefined): { fix: TimedFix; reason: RecordReason } | null {
    this.counts.offered++;
    if (!fix) {
      this.counts.invalid++;
      return null;
    }
    // A repeated or backwards fix time is the same epoch again (or a receiver glitch): never two positions for one instant.
    if (this.last && fix.timeMs <= this.last.timeMs) {
      this.counts.stale++;
      return null;
    }
    const transition = this.updateMovement(fix);
    const reason = this.reasonToRecord(fix, transition);
    if (!reason) return null;
    this.last = { timeMs: fix.timeMs, lat: fix.lat, lon: fix.lon, speed: fix.speed, track: fix.track };
    this.counts.recorded++;
    this.lastReason = reason;
    return { fix, reason };
  }

  status(): { movement: MovementState; lastReason?: RecordReason; lastRecordedTimeMs?: number } & SamplerCounts {
    return { movement: this.state, lastReason: this.lastReason, lastRecordedTimeMs: this.last?.timeMs, ...this.counts };
  }

  /** Updates the movement state; returns the transition that happened at this fix, if any. */
  private updateMovement(fix: TimedFix): 'started-moving' | 'stopped' | undefined {
    const o = this.options;
    const speed = fix.speed;
    if (speed === undefined || !Number.isFinite(speed)) return undefined;
    if (this.state === 'unknown') {
      this.state = speed >= o.movingAboveMps ? 'moving' : 'stopped';
      return undefined;
    }
    const leaving = this.state === 'stopped' ? speed >= o.movingAboveMps : speed < o.stoppedBelowMps;
    if (!leaving) {
      this.candidateSinceMs = undefined;
      return undefined;
    }
    this.candidateSinceMs ??= fix.timeMs;
    const needMs = this.state === 'stopped' ? o.movingAfterMs : o.stoppedAfterMs;
    if (fix.timeMs - this.candidateSinceMs < needMs) return undefined;
    this.candidateSinceMs = undefined;
    this.state = this.state === 'stopped' ? 'moving' : 'stopped';
    return this.state === 'moving' ? 'started-moving' : 'stopped';
  }

  private reasonToRecord(fix: TimedFix, transition: RecordReason | undefined): RecordReason | undefined {
    const last = this.last;
    if (!last) return 'first';
    if (this.options.everyFix) return 'every-fix';
    if (transition) return transition;
    const p = this.state === 'moving' ? this.options.moving : this.options.stopped;
    if (p.minPeriodMs > 0 && fix.timeMs - last.timeMs >= p.minPeriodMs) return 'period';
    if (p.minDistanceM > 0 && distanceM(last.lat, last.lon, fix.lat, fix.lon) >= p.minDistanceM) return 'distance';
    if (
      p.minHeadingChangeDeg > 0 &&
      fix.track !== undefined &&
      last.track !== undefined &&
      (fix.speed ?? 0) >= this.options.minHeadingSpeedMps &&
      headingChangeDeg(fix.track, last.track) >= p.minHeadingChangeDeg
    ) {
      return 'heading';
    }
    if (p.minSpeedChangeMps > 0 && fix.speed !== undefined && last.speed !== undefined && Math.abs(fix.speed - last.speed) >= p.minSpeedChangeMps) {
      return 'speed';
    }
    return undefined;
  }
}

export interface SamplerCounts {
  offered: number;
  invalid: number;
  stale: number;
  recorded: number;
}
