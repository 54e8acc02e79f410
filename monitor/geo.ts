/**
 * Route geometry for the monitor (distances come from common/geo.ts): distances to a
 * route on a local equirectangular projection (accurate to well under a metre over
 * the few kilometres between a vehicle and its route).
 */
import { EARTH_RADIUS_M, haversineM, type LatLon } from '../common/geo.js';

const RAD = Math.PI / 180;

/** x/y in metres east/north of `origin`. */
export function projectM(p: LatLon, origin: LatLon): { x: number; y: number } {
  return {
    x: (p.lon - origin.lon) * RAD * EARTH_RADIUS_M * Math.cos(origin.lat * RAD),
    y: (p.lat - origin.lat) * RAD * EARTH_RADIUS_M,
  };
}

/** A planned route as a polyline with the distance along it precomputed at each vertex. */
export interface Route {
  points: LatLon[];
  /** alongM[i] = distance from the start to points[i], metres. */
  alongM: number[];
  lengthM: number;
}

export function makeRoute(points: LatLon[]): Route {
  if (points.length < 2) throw new Error('a route needs at least two points');
  const alongM = [0];
  for (let i = 1; i < points.length; i++) alongM.push(alongM[i - 1] + haversineM(points[i - 1], points[i]));
  return { points, alongM, lengthM: alongM[alongM.length - 1] };
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
  /** The stretch searched first, around the last progress; a match this close there is taken without a full scan. */
  nearBehindM: 200,
  nearAheadM: 2_000,
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
  let best: RouteMatch = { distanceM: Infinity, alongM: 0 };
  let bestScore = Infinity;
  for (let i = first; i <= last; i++) {
    const a = route.points[i - 1];
    const b = route.points[i];
    // Project around the segment's start: exact enough for segments of a few km.
    const pb = projectM(b, a);
    const pp = projectM(p, a);
    const len2 = pb.x * pb.x + pb.y * pb.y;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (pp.x * pb.x + pp.y * pb.y) / len2));
    const distanceM = Math.hypot(pp.x - t * pb.x, pp.y - t * pb.y);
    const alongM = route.alongM[i - 1] + t * (route.alongM[i] - route.alongM[i - 1]);
    const score = distanceM + (alongM < progressM - options.backtrackToleranceM ? options.backtrackPenaltyM : 0);
    if (score < bestScore) {
      bestScore = score;
      best = { distanceM, alongM };
    }
  }
  return best;
}
