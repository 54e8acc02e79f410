import inside from 'point-in-polygon-hao';
import { kmhToMps } from '../common/units.js';

/**
 * Speed zones: areas with their own speed limit (a town centre, a school, a depot's yard),
 * drawn once in the fleet's plan file and read by both sides: the agent judges speeding
 * against them on the truck (agent/driving-events.ts), the monitor reads the same plan
 * (monitor/plan.ts). Documented in monitor/README.md ("Speed zones").
 *
 * A zone is a GeoJSON Feature (RFC 7946: [lon, lat], rings closed, holes after the outer ring)
 * with a Polygon or MultiPolygon geometry and `properties.speedLimitKmh` (signs say km/h, so
 * the file does too) and an optional `properties.name`. Other features are not zones and are
 * left to whoever reads them.
 */
export interface SpeedZone {
  name: string;
  /** m/s */
  speedLimit: number;
  /** Polygons, each its rings ([lon, lat] positions, outer ring first). */
  polygons: number[][][][];
  /** [minLon, minLat, maxLon, maxLat]: most fixes are outside most zones, and this says so cheaply. */
  bbox: [number, number, number, number];
}

/** The limit that applies at a point: the lowest of the zones it is in (a school inside a town centre). */
export interface ZoneLimit {
  zone: string;
  speedLimit: number;
}

type Json = Record<string, unknown>;

/** A feature is meant as a speed zone when it carries a limit (whatever else is wrong with it). */
export function isSpeedZoneFeature(feature: unknown): boolean {
  const props = (feature as Json | null)?.properties as Json | null | undefined;
  return typeof props === 'object' && props !== null && 'speedLimitKmh' in props;
}

function isPosition(c: unknown): c is [number, number] {
  return Array.isArray(c) && c.length >= 2 && Number.isFinite(c[0]) && Number.isFinite(c[1]) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90;
}

/** A linear ring: at least four positions, the last equal to the first (RFC 7946 §3.1.6). */
function isRing(ring: unknown): ring is [number, number][] {
  if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) return false;
  const first = ring[0] as number[];
  const last = ring.at(-1) as number[];
  return first[0] === last[0] && first[1] === last[1];
}

/**
 * The zone a feature describes, or what is wrong with it in words a fleet planner can act on.
 * `where` names the feature in the message (`features[3]`).
 */
export function parseSpeedZone(feature: unknown, where: string): SpeedZone | { problem: string } {
  const f = feature as Json;
  const props = (f?.properties ?? {}) as Json;
  const geometry = f?.geometry as Json | undefined;
  const limitKmh = props.speedLimitKmh;
  if (typeof limitKmh !== 'number' || !Number.isFinite(limitKmh) || limitKmh <= 0 || limitKmh > 300) {
    return { problem: `${where}: properties.speedLimitKmh must be a speed limit in km/h (a number above 0, at most 300), not ${JSON.stringify(limitKmh)}` };
  }
  if (props.name !== undefined && typeof props.name !== 'string') return { problem: `${where}: properties.name must be text` };
  let polygons: unknown[];
  if (geometry?.type === 'Polygon') polygons = [geometry.coordinates];
  else if (geometry?.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) polygons = geometry.coordinates;
  else return { problem: `${where}: a speed zone's geometry must be a Polygon or MultiPolygon, not ${String(geometry?.type)}` };
  if (polygons.length === 0 || !polygons.every((rings) => Array.isArray(rings) && rings.length > 0 && rings.every(isRing))) {
    return { problem: `${where}: each polygon needs closed rings of at least four [lon, lat] positions (the last repeating the first)` };
  }
  const valid = polygons as number[][][][];
  const lons = valid.flatMap((rings) => rings[0]!.map((p) => p[0]!));
  const lats = valid.flatMap((rings) => rings[0]!.map((p) => p[1]!));
  return {
    name: typeof props.name === 'string' && props.name ? props.name : where,
    speedLimit: kmhToMps(limitKmh),
    polygons: valid,
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
  };
}

/**
 * The speed zones of a GeoJSON FeatureCollection (the plan file), and a problem per feature
 * meant as a zone that is not one. Features that are not zones are ignored.
 */
export function speedZonesOf(doc: unknown): { zones: SpeedZone[]; problems: string[] } {
  const zones: SpeedZone[] = [];
  const problems: string[] = [];
  const d = doc as Json | null;
  if (typeof d !== 'object' || d === null || d.type !== 'FeatureCollection' || !Array.isArray(d.features)) {
    return { zones, problems: ['the document must be a GeoJSON FeatureCollection'] };
  }
  d.features.forEach((feature, i) => {
    if (!isSpeedZoneFeature(feature)) return;
    const zone = parseSpeedZone(feature, `features[${i}]`);
    if ('problem' in zone) problems.push(zone.problem);
    else zones.push(zone);
  });
  return { zones, problems };
}

/** Inside a polygon (its outer ring, not its holes); a point on an edge is inside. */
function inPolygon(rings: number[][][], point: [number, number]): boolean {
  return inside(point, rings) !== false;
}

/** The lowest limit of the zones containing (lat, lon), or undefined outside every zone. */
export function zoneLimitAt(zones: readonly SpeedZone[], lat: number, lon: number): ZoneLimit | undefined {
  let found: ZoneLimit | undefined;
  const point: [number, number] = [lon, lat];
  for (const zone of zones) {
    const [minLon, minLat, maxLon, maxLat] = zone.bbox;
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) continue;
    if (found && found.speedLimit <= zone.speedLimit) continue;
    if (zone.polygons.some((rings) => inPolygon(rings, point))) found = { zone: zone.name, speedLimit: zone.speedLimit };
  }
  return found;
}
