/**
 * Spherical geometry shared by the sampler, the simulator's trip interpolation and the
 * monitor: distances, courses and points along a great circle (mean Earth radius).
 */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/**
 * Metres per degree of latitude on this sphere. The great-circle distance between two points is never
 * shorter than their latitude difference times this: a cheap test that rules far points out.
 */
export const METRES_PER_DEGREE_LAT = EARTH_RADIUS_M * RAD;

export interface LatLon {
  lat: number;
  lon: number;
}

/** Great-circle (haversine) distance in metres. */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function haversineM(a: LatLon, b: LatLon): number {
  return distanceM(a.lat, a.lon, b.lat, b.lon);
}

/**
 * Whether `a` is within `radiusM` of `b`. Most points tested are far: the latitude difference alone
 * (no great circle between two latitudes is shorter) rules them out without the trigonometry.
 */
export function withinM(a: LatLon, b: LatLon, radiusM: number): boolean {
  // A millimetre of slack: the bound and the haversine round differently.
  if (Math.abs(a.lat - b.lat) * METRES_PER_DEGREE_LAT > radiusM + 0.001) return false;
  return haversineM(a, b) <= radiusM;
}

/** Smallest angle between two courses, 0–180°. */
export function headingChangeDeg(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/** Initial great-circle bearing from 1 to 2, degrees true in [0, 360). */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const φ1 = lat1 * RAD;
  const φ2 = lat2 * RAD;
  const Δλ = (lon2 - lon1) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return (((Math.atan2(y, x) / RAD) % 360) + 360) % 360;
}

/** The point a fraction `f` of the way along the great circle from 1 to 2 (spherical slerp). */
export function greatCirclePoint(lat1: number, lon1: number, lat2: number, lon2: number, f: number): LatLon {
  const δ = distanceM(lat1, lon1, lat2, lon2) / EARTH_RADIUS_M;
  // Below a millimetre the slerp's sin(δ) denominator loses precision; linear is exact enough there.
  if (δ < 1e-10) return { lat: lat1 + (lat2 - lat1) * f, lon: lon1 + (lon2 - lon1) * f };
  const a = Math.sin((1 - f) * δ) / Math.sin(δ);
  const b = Math.sin(f * δ) / Math.sin(δ);
  const φ1 = lat1 * RAD,
    λ1 = lon1 * RAD,
    φ2 = lat2 * RAD,
    λ2 = lon2 * RAD;
  const x = a * Math.cos(φ1) * Math.cos(λ1) + b * Math.cos(φ2) * Math.cos(λ2);
  const y = a * Math.cos(φ1) * Math.sin(λ1) + b * Math.cos(φ2) * Math.sin(λ2);
  const z = a * Math.sin(φ1) + b * Math.sin(φ2);
  return { lat: Math.atan2(z, Math.hypot(x, y)) / RAD, lon: Math.atan2(y, x) / RAD };
}
