/**
 * The project's one unit vocabulary, and every unit conversion.
 *
 * On the wire and in shared types a quantity carries gpsd's TPV name
 * (https://gpsd.io/gpsd_json.html#_tpv) in SI units, with no suffix:
 *
 * | name | unit |
 * | --- | --- |
 * | `speed` (and speeds such as `avgSpeed`) | m/s over ground |
 * | `track` | degrees true, [0, 360) |
 * | `lat`, `lon` | degrees, WGS84 |
 * | `altMSL`, `altHAE` | metres |
 * | distances (`distance`, `length`, …) | metres |
 * | `time` (and other instants) | ISO-8601 UTC text |
 *
 * A unit suffix marks a value that is raw (as an external source spells it: NMEA knots,
 * km/h and mph from trip files: `speedKnots`, `speedKmh`, `speedMph`) or not in those
 * units (durations and instants in milliseconds: `timeoutMs`, `timeMs`). Raw values are
 * converted where they enter or leave the system, with the functions below.
 */

/** The international knot is 1852 m per hour (exact). */
const METRES_PER_NAUTICAL_MILE = 1852;
/** The international mile is 1609.344 m, so 1 mph = 0.44704 m/s (exact). */
const MPS_PER_MPH = 0.44704;
const SECONDS_PER_HOUR = 3600;
export const KMH_PER_MPS = SECONDS_PER_HOUR / 1000;

export function knotsToMps(knots: number): number {
  return knots * (METRES_PER_NAUTICAL_MILE / SECONDS_PER_HOUR);
}

export function mpsToKnots(mps: number): number {
  return mps * (SECONDS_PER_HOUR / METRES_PER_NAUTICAL_MILE);
}

export function kmhToMps(kmh: number): number {
  return kmh / KMH_PER_MPS;
}

export function mpsToKmh(mps: number): number {
  return mps * KMH_PER_MPS;
}

export function mphToMps(mph: number): number {
  return mph * MPS_PER_MPH;
}

/** Standard gravity, m/s² (exact, CGPM 1901): accelerations are given in g where people read them. */
export const STANDARD_GRAVITY = 9.80665;

export function gToMps2(g: number): number {
  return g * STANDARD_GRAVITY;
}

export function mps2ToG(mps2: number): number {
  return mps2 / STANDARD_GRAVITY;
}
