/**
 * A recorded trip and the per-truck cursor that turns it into 1 Hz fixes.
 *
 * Trips stay as recorded (sparse or dense) and are shared by every truck that drives
 * them; a truck's cursor interpolates on demand, so 10,000 trucks cost 10,000 cursors,
 * not 10,000 copies of a trip resampled to 1 Hz.
 */
export interface TripPoint {
  timeMs: number;
  lat: number;
  lon: number;
  speedMps?: number;
  trackDeg?: number;
  altM?: number;
}

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

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

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

export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Initial great-circle bearing from 1 to 2, degrees true in [0, 360). */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const φ1 = lat1 * RAD;
  const φ2 = lat2 * RAD;
  const Δλ = (lon2 - lon1) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return ((Math.atan2(y, x) / RAD) % 360 + 360) % 360;
}

/** The point a fraction `f` of the way along the great circle from 1 to 2 (spherical slerp). */
export function greatCirclePoint(lat1: number, lon1: number, lat2: number, lon2: number, f: number): { lat: number; lon: number } {
  const δ = distanceM(lat1, lon1, lat2, lon2) / EARTH_RADIUS_M;
  // Below a millimetre the slerp's sin(δ) denominator loses precision; linear is exact enough there.
  if (δ < 1e-10) return { lat: lat1 + (lat2 - lat1) * f, lon: lon1 + (lon2 - lon1) * f };
  const a = Math.sin((1 - f) * δ) / Math.sin(δ);
  const b = Math.sin(f * δ) / Math.sin(δ);
  const φ1 = lat1 * RAD, λ1 = lon1 * RAD, φ2 = lat2 * RAD, λ2 = lon2 * RAD;
  const x = a * Math.cos(φ1) * Math.cos(λ1) + b * Math.cos(φ2) * Math.cos(λ2);
  const y = a * Math.cos(φ1) * Math.sin(λ1) + b * Math.cos(φ2) * Math.sin(λ2);
  const z = a * Math.sin(φ1) + b * Math.sin(φ2);
  return { lat: Math.atan2(z, Math.hypot(x, y)) / RAD, lon: Math.atan2(y, x) / RAD };
}

export interface TripSample {
  lat: number;
  lon: number;
  speedMps: number;
  trackDeg?: number;
  altM?: number;
}

/** Below this a derived course is noise (a parked truck's pings jitter by metres). */
const MIN_TRACK_SPEED_MPS = 0.5;

/**
 * Reads a trip at increasing offsets. Offsets past the end wrap around (the truck
 * drives the trip again from its start), so any phase and duration work.
 */
export class TripCursor {
  private index = 0;
  private lastTrackDeg: number | undefined;

  constructor(readonly trip: Trip) {}

  /** The truck's state `offsetMs` after the trip's first point (any non-negative offset; wraps). */
  at(offsetMs: number): TripSample {
    const { points, durationMs } = this.trip;
    const t = points[0]!.timeMs + (durationMs > 0 ? ((offsetMs % durationMs) + durationMs) % durationMs : 0);
    if (t < points[this.index]!.timeMs) this.index = 0; // wrapped around
    while (this.index < points.length - 2 && points[this.index + 1]!.timeMs <= t) this.index++;
    const p0 = points[this.index]!;
    const p1 = points[this.index + 1]!;
    const dt = p1.timeMs - p0.timeMs;
    const f = Math.min(1, Math.max(0, (t - p0.timeMs) / dt));
    const { lat, lon } = greatCirclePoint(p0.lat, p0.lon, p1.lat, p1.lon, f);
    const altM = p0.altM !== undefined && p1.altM !== undefined ? p0.altM + (p1.altM - p0.altM) * f : p0.altM;
    if (!this.trip.interpolated && p0.speedMps !== undefined) {
      // Dense recordings carry the receiver's own speed and course: keep them.
      const speedMps = p1.speedMps !== undefined ? p0.speedMps + (p1.speedMps - p0.speedMps) * f : p0.speedMps;
      return { lat, lon, speedMps, trackDeg: p0.trackDeg ?? this.derivedTrack(p0, p1, speedMps), altM };
    }
    // Sparse pings: the truck moves along the great circle between them at the speed that takes it there in time.
    const speedMps = (distanceM(p0.lat, p0.lon, p1.lat, p1.lon) / dt) * 1000;
    return { lat, lon, speedMps, trackDeg: this.derivedTrack(p0, p1, speedMps), altM };
  }

  private derivedTrack(p0: TripPoint, p1: TripPoint, speedMps: number): number | undefined {
    if (speedMps >= MIN_TRACK_SPEED_MPS) this.lastTrackDeg = bearingDeg(p0.lat, p0.lon, p1.lat, p1.lon);
    return this.lastTrackDeg;
  }
}
