import { bearingDeg, distanceM, greatCirclePoint } from '../common/geo.js';
import type { TripPoint } from '../trips/trip-point.js';

/**
 * A recorded trip and the per-truck cursor that turns it into 1 Hz fixes.
 *
 * Trips stay as recorded (sparse or dense) and are shared by every truck that drives
 * them; a truck's cursor interpolates on demand, so 10,000 trucks cost 10,000 cursors,
 * not 10,000 copies of a trip resampled to 1 Hz.
 */
export interface Trip {
  /** e.g. `ndsbr_normalized.csv#A-trip05`. */
  id: string;
  points: TripPoint[];
  durationMs: number;
  /** Median interval between recorded points. */
  medianIntervalMs: number;
  /** True when the points are sparser than the GPS rate and the fixes between them are interpolated. */
  interpolated: boolean;
}

export const TRIP_DEFAULTS = {
  /** The agent's GPS rate: one fix per second, like a typical receiver. */
  gpsIntervalMs: 1_000,
  /** A trip whose median point interval exceeds this is sparse: fixes in between are interpolated and speed/track derived. */
  denseMaxIntervalMs: 2_000,
  /** Gaps longer than this split a recording into separate trips (the truck was off). */
  splitGapMs: 30 * 60_000,
  /** Trips shorter than this are not worth driving. */
  minDurationMs: 60_000,
  /**
   * A point that would need more than this speed (324 km/h) from the previous one is a
   * receiver glitch: dropped, or the derived speed would be one no truck drives (and the
   * gateway rejects above 150 m/s).
   */
  maxJumpSpeedMps: 90,
};

/** Builds a trip from points: sorted, one point per instant, invalid coordinates dropped. */
export function makeTrip(id: string, raw: TripPoint[], options: { denseMaxIntervalMs?: number } = {}): Trip | undefined {
  const denseMaxIntervalMs = options.denseMaxIntervalMs ?? TRIP_DEFAULTS.denseMaxIntervalMs;
  const sorted = raw
    .filter((p) => Number.isFinite(p.timeMs) && Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180 && !(p.lat === 0 && p.lon === 0))
    .sort((a, b) => a.timeMs - b.timeMs);
  const points: TripPoint[] = [];
  for (const p of sorted) {
    const prev = points[points.length - 1];
    if (prev && p.timeMs <= prev.timeMs) continue;
    if (prev && (distanceM(prev.lat, prev.lon, p.lat, p.lon) / (p.timeMs - prev.timeMs)) * 1000 > TRIP_DEFAULTS.maxJumpSpeedMps) continue;
    points.push(p);
  }
  if (points.length < 2) return undefined;
  const intervals = points.slice(1).map((p, i) => p.timeMs - points[i]!.timeMs).sort((a, b) => a - b);
  const medianIntervalMs = intervals[Math.floor(intervals.length / 2)]!;
  return { id, points, durationMs: points[points.length - 1]!.timeMs - points[0]!.timeMs, medianIntervalMs, interpolated: medianIntervalMs > denseMaxIntervalMs };
}

/** Splits a time-sorted recording at gaps longer than `splitGapMs`. */
export function splitAtGaps(points: TripPoint[], splitGapMs = TRIP_DEFAULTS.splitGapMs): TripPoint[][] {
  const parts: TripPoint[][] = [];
  let current: TripPoint[] = [];
  for (const p of points) {
    if (current.length > 0 && p.timeMs - current[current.length - 1]!.timeMs > splitGapMs) {
      parts.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

export interface TripSample {
  lat: number;
  lon: number;
  speed: number;
  track?: number;
  altMSL?: number;
}

/** Below this a derived course is noise (a parked truck's pings jitter by metres). */
const MIN_TRACK_SPEED_MPS = 0.5;

/**
 * Reads a trip at increasing offsets. Past its end the truck drives the trip back to its start,
 * then forward again, and so on: any phase and duration work, and the truck never jumps (a wrap
 * from the end to the start would move it kilometres in one second, a distance the monitor would
 * count as driven).
 */
export class TripCursor {
  private index = 0;
  private lastTrack: number | undefined;

  constructor(readonly trip: Trip) {}

  /** The truck's state `offsetMs` after the trip's first point (any non-negative offset). */
  at(offsetMs: number): TripSample {
    const { points, durationMs } = this.trip;
    const roundTripMs = 2 * durationMs;
    const inRoundTrip = durationMs > 0 ? ((offsetMs % roundTripMs) + roundTripMs) % roundTripMs : 0;
    const back = inRoundTrip > durationMs;
    const t = points[0]!.timeMs + (back ? roundTripMs - inRoundTrip : inRoundTrip);
    while (this.index > 0 && points[this.index]!.timeMs > t) this.index--;
    while (this.index < points.length - 2 && points[this.index + 1]!.timeMs <= t) this.index++;
    const sample = this.sampleAt(t);
    if (back && sample.track !== undefined) sample.track = (sample.track + 180) % 360;
    return sample;
  }

  /** The recorded trip at time `t`, between the points at `index` and `index + 1`. */
  private sampleAt(t: number): TripSample {
    const p0 = this.trip.points[this.index]!;
    const p1 = this.trip.points[this.index + 1]!;
    const dt = p1.timeMs - p0.timeMs;
    const f = Math.min(1, Math.max(0, (t - p0.timeMs) / dt));
    const { lat, lon } = greatCirclePoint(p0.lat, p0.lon, p1.lat, p1.lon, f);
    const altMSL = p0.altMSL !== undefined && p1.altMSL !== undefined ? p0.altMSL + (p1.altMSL - p0.altMSL) * f : p0.altMSL;
    if (!this.trip.interpolated && p0.speed !== undefined) {
      // Dense recordings carry the receiver's own speed and course: keep them.
      const speed = p1.speed !== undefined ? p0.speed + (p1.speed - p0.speed) * f : p0.speed;
      return { lat, lon, speed, track: p0.track ?? this.derivedTrack(p0, p1, speed), altMSL };
    }
    // Sparse pings: the truck moves along the great circle between them at the speed that takes it there in time.
    const speed = (distanceM(p0.lat, p0.lon, p1.lat, p1.lon) / dt) * 1000;
    return { lat, lon, speed, track: this.derivedTrack(p0, p1, speed), altMSL };
  }

  private derivedTrack(p0: TripPoint, p1: TripPoint, speed: number): number | undefined {
    if (speed >= MIN_TRACK_SPEED_MPS) this.lastTrack = bearingDeg(p0.lat, p0.lon, p1.lat, p1.lon);
    return this.lastTrack;
  }
}
