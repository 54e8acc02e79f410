/**
 * Route geometry for the monitor (distances come from common/geo.ts): distances to a
 * route on a local equirectangular projection (accurate to well under a metre over
 * the few kilometres between a vehicle and its route).
 */
import { EARTH_RADIUS_M, haversineM, type LatLon } from '../common/geo.js';

const RAD = Math.PI / 180;

/** x/y in metres east/north of `origin`. */
export function projectM(p: LatLon, origin: LatLon): { x: number; y: number } {
  const cosLat = Math.cos(origin.lat * RAD);
  return { x: eastM(p, origin, cosLat), y: northM(p, origin) };
}

/** `cosLat`: the cosine of the origin's latitude (a route keeps each segment's). */
function eastM(p: LatLon, origin: LatLon, cosLat: number): number {
  return (p.lon - origin.lon) * RAD * EARTH_RADIUS_M * cosLat;
}

function northM(p: LatLon, origin: LatLon): number {
  return (p.lat - origin.lat) * RAD * EARTH_RADIUS_M;
}

/** A planned route as a polyline with the distance along it precomputed at each vertex. */
export interface Route {
  points: LatLon[];
  /** alongM[i] = distance from the start to points[i], metres. */
  alongM: number[];
  lengthM: number;
  /**
   * Segment i (points[i-1] → points[i]) projected around its start, computed once for every position
   * matched against it: the cosine of the start's latitude, the end's x/y (metres) and the squared length.
   */
  segments: { cosLat: Float64Array; x: Float64Array; y: Float64Array; length2: Float64Array };
}

export function makeRoute(points: LatLon[]): Route {
  if (points.length < 2) throw new Error('a route needs at least two points');
  const alongM = [0];
  const n = points.length;
  const segments = { cosLat: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n), length2: new Float64Array(n) };
  for (let i = 1; i < n; i++) {
    const a = points[i - 1];
    const b = points[i];
    alongM.push(alongM[i - 1] + haversineM(a, b));
    const cosLat = (segments.cosLat[i] = Math.cos(a.lat * RAD));
    const x = (segments.x[i] = eastM(b, a, cosLat));
    const y = (segments.y[i] = northM(b, a));
    segments.length2[i] = x * x + y * y;
  }
  return { points, alongM, lengthM: alongM[alongM.length - 1], segments };
}

export interface RouteMatch {
  /** Shortest distance from the point to the route, metres. */
  distanceM: number;
  /** Distance along the route of the closest point, metres. */
  alongM: number;
}

export const ROUTE_MATCH_DEFAULTS = {
  /**
   * A route can pass the same place twice (out and back). Matches behind the
   * vehicle's last progress by more than this are penalised, so that progress
   * follows the route instead of jumping back to the first pass.
   */
  backtrackToleranceM: 200,
  backtrackPenaltyM: 1_000,
  /**
   * The stretch searched first, around the last progress; a match this close there is taken without a full scan.
   * Every position scans it: ahead, three times the most a moving truck's agent lets between two positions
   * (agent/sampler.ts: 200 m), not more. A longer step (a GPS outage) costs one full scan.
   */
  nearBehindM: 200,
  nearAheadM: 600,
  nearAcceptM: 30,
} as const;

/** Where on the route a point is: the nearest segment, preferring ones not far behind `progressM`. */
export function matchToRoute(route: Route, p: LatLon, progressM = 0, options = ROUTE_MATCH_DEFAULTS): RouteMatch {
  // Most positions are near where the vehicle was: try the stretch of route around its progress first,
  // and scan the whole route only when nothing there is close (off route, or a jump).
  const near = matchSegments(route, p, progressM, options, segmentAt(route, progressM - options.nearBehindM), segmentAt(route, progressM + options.nearAheadM));
  if (near.distanceM <= options.nearAcceptM) return near;
  return matchSegments(route, p, progressM, options, 1, route.points.length - 1);
}

/** Index i of the segment (points[i-1] → points[i]) containing distance `alongM`, clamped to the route. */
function segmentAt(route: Route, alongM: number): number {
  let lo = 1;
  let hi = route.points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (route.alongM[mid] < alongM) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function matchSegments(route: Route, p: LatLon, progressM: number, options: typeof ROUTE_MATCH_DEFAULTS, first: number, last: number): RouteMatch {
  let bestDistanceM = Infinity;
  let bestAlongM = 0;
  let bestScore = Infinity;
  const { cosLat, x: bx, y: by, length2 } = route.segments;
  for (let i = first; i <= last; i++) {
    const a = route.points[i - 1];
    // Project around the segment's start: exact enough for segments of a few km.
    const px = eastM(p, a, cosLat[i]);
    const py = northM(p, a);
    const len2 = length2[i];
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx[i] + py * by[i]) / len2));
    const dx = px - t * bx[i];
    const dy = py - t * by[i];
    const alongM = route.alongM[i - 1] + t * (route.alongM[i] - route.alongM[i - 1]);
    const penaltyM = alongM < progressM - options.backtrackToleranceM ? options.backtrackPenaltyM : 0;
    // Not Math.hypot (slow): metres on a few km of route neither overflow nor underflow when squared.
    const distanceM = Math.sqrt(dx * dx + dy * dy);
    const score = distanceM + penaltyM;
    if (score < bestScore) {
      bestScore = score;
      bestDistanceM = distanceM;
      bestAlongM = alongM;
    }
  }
  return { distanceM: bestDistanceM, alongM: bestAlongM };
}
