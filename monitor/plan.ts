import { readFileSync } from 'node:fs';
import { UserError } from '../common/errors.js';
import { isSpeedZoneFeature, parseSpeedZone, type SpeedZone } from '../protocol/speed-zones.js';
import { VEHICLE_ID_PATTERN, VEHICLE_ID_RULE } from '../protocol/vehicle-id.js';
import { SEVERE_EVENT_DEFAULTS } from './driving-alerts.js';
import { type Route, makeRoute, matchToRoute } from './geo.js';

/**
 * The plan: what each vehicle is supposed to do today. A GeoJSON FeatureCollection
 * (RFC 7946, coordinates [lon, lat]) with, per vehicle, one LineString feature (its
 * route) and Point features (its delivery stops, each with `promisedAt`), plus an
 * optional top-level `thresholds` member (a GeoJSON foreign member) overriding
 * PLAN_THRESHOLD_DEFAULTS, and fleet-wide speed zones (Polygon features with `speedLimitKmh`:
 * protocol/speed-zones.ts, which the agents read from the same file). Documented in monitor/README.md.
 */
export const PLAN_THRESHOLD_DEFAULTS = {
  /** Farther than this from the route counts as off route (GPS error plus a parallel street). */
  deviationM: 150,
  /** Off route for at least this long (fix time) raises `deviation-start`. */
  deviationGraceMs: 60_000,
  /** Within this distance of a stop counts as arrived. */
  arrivalRadiusM: 60,
  /** ETA speed = the vehicle's recent average speed, but never below this (a stopped vehicle still gets an ETA). */
  etaFloorSpeedMps: 3,
  /** ... and never above this. */
  etaCeilingSpeedMps: 25,
  /** No delay prediction in the first minutes of a trip: the average speed needs a history first. */
  etaWarmupMs: 300_000,
  /** The ETA must stay past the promised time this long (fix time) before `delay-predicted`. */
  delayConfirmMs: 30_000,
  /** `delay-cleared` only once the ETA is back this far before the promised time (no flapping at the boundary). */
  delayClearMarginMs: 60_000,
  ...SEVERE_EVENT_DEFAULTS,
};

export type PlanThresholds = typeof PLAN_THRESHOLD_DEFAULTS;

export interface PlannedStop {
  stopId: string;
  name?: string;
  lat: number;
  lon: number;
  promisedAtMs: number;
  /** Distance along the vehicle's route of the point nearest to the stop. */
  alongM: number;
}

export interface VehiclePlan {
  vehicleId: string;
  route: Route;
  /** In route order. */
  stops: PlannedStop[];
}

export interface Plan {
  thresholds: PlanThresholds;
  vehicles: Map<string, VehiclePlan>;
  speedZones: SpeedZone[];
  /** Vehicle id → the id of the driver it is scored for (monitor/driver-scores.ts); a vehicle not in it is its own driver. */
  drivers: Map<string, string>;
}

export const EMPTY_PLAN: Plan = { thresholds: PLAN_THRESHOLD_DEFAULTS, vehicles: new Map(), speedZones: [], drivers: new Map() };

type Json = Record<string, unknown>;

function fail(where: string, what: string): never {
  throw new UserError(`plan: ${where}: ${what}`, 'See monitor/README.md for the plan format (GeoJSON FeatureCollection).');
}

function isPosition(c: unknown): c is [number, number] {
  return Array.isArray(c) && c.length >= 2 && Number.isFinite(c[0]) && Number.isFinite(c[1]) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90;
}

export function parsePlan(doc: unknown): Plan {
  if (typeof doc !== 'object' || doc === null || (doc as Json).type !== 'FeatureCollection' || !Array.isArray((doc as Json).features)) {
    fail('document', 'must be a GeoJSON FeatureCollection');
  }
  const thresholds = { ...PLAN_THRESHOLD_DEFAULTS };
  const given = (doc as Json).thresholds;
  if (given !== undefined) {
    if (typeof given !== 'object' || given === null) fail('thresholds', 'must be an object');
    for (const [name, value] of Object.entries(given as Json)) {
      if (!(name in thresholds)) fail(`thresholds.${name}`, `unknown threshold (known: ${Object.keys(thresholds).join(', ')})`);
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`thresholds.${name}`, 'must be a non-negative number');
      thresholds[name as keyof PlanThresholds] = value;
    }
  }
  const routes = new Map<string, Route>();
  const stops = new Map<string, Omit<PlannedStop, 'alongM'>[]>();
  const speedZones: SpeedZone[] = [];
  ((doc as Json).features as unknown[]).forEach((feature, i) => {
    const where = `features[${i}]`;
    if (isSpeedZoneFeature(feature)) {
      const zone = parseSpeedZone(feature, where);
      if ('problem' in zone) fail('speed zone', zone.problem);
      speedZones.push(zone);
      return;
    }
    const f = feature as Json;
    const props = (f?.properties ?? {}) as Json;
    const geometry = f?.geometry as Json | undefined;
    const vehicleId = props.vehicleId;
    if (typeof vehicleId !== 'string' || vehicleId === '') fail(where, 'properties.vehicleId (a non-empty string) is required');
    if (geometry?.type === 'LineString') {
      const coords = geometry.coordinates;
      if (!Array.isArray(coords) || coords.length < 2 || !coords.every(isPosition)) fail(where, 'a LineString needs at least two [lon, lat] positions');
      if (routes.has(vehicleId)) fail(where, `vehicle ${vehicleId} has a second route; give one LineString per vehicle`);
      routes.set(vehicleId, makeRoute((coords as [number, number][]).map(([lon, lat]) => ({ lat, lon }))));
    } else if (geometry?.type === 'Point') {
      const c = geometry.coordinates;
      if (!isPosition(c)) fail(where, 'a Point needs [lon, lat]');
      const promisedAtMs = typeof props.promisedAt === 'string' ? Date.parse(props.promisedAt) : NaN;
      if (!Number.isFinite(promisedAtMs)) fail(where, 'properties.promisedAt (an ISO-8601 time) is required on a stop');
      const stopId = typeof props.stopId === 'string' && props.stopId ? props.stopId : `stop-${i}`;
      const list = stops.get(vehicleId) ?? [];
      list.push({ stopId, ...(typeof props.name === 'string' ? { name: props.name } : {}), lat: c[1], lon: c[0], promisedAtMs });
      stops.set(vehicleId, list);
    } else {
      fail(where, `geometry must be a LineString (route) or a Point (stop), or a Polygon with properties.speedLimitKmh (speed zone), not ${String(geometry?.type)}`);
    }
  });
  const vehicles = new Map<string, VehiclePlan>();
  for (const [vehicleId, route] of routes) {
    const placed = (stops.get(vehicleId) ?? []).map((s) => ({ ...s, alongM: matchToRoute(route, s).alongM }));
    placed.sort((a, b) => a.alongM - b.alongM);
    vehicles.set(vehicleId, { vehicleId, route, stops: placed });
  }
  for (const vehicleId of stops.keys()) if (!routes.has(vehicleId)) fail(`vehicle ${vehicleId}`, 'has stops but no route (LineString)');
  return { thresholds, vehicles, speedZones, drivers: parseDrivers((doc as Json).drivers) };
}

/**
 * The optional top-level `drivers` member: `{ "<vehicle id>": "<driver id>" }`. One vehicle per driver:
 * a driver's score is then kept by the one monitor that reads that vehicle's events.
 */
function parseDrivers(given: unknown): Map<string, string> {
  const drivers = new Map<string, string>();
  if (given === undefined) return drivers;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) fail('drivers', 'must be an object of vehicle id → driver id');
  const vehicleOf = new Map<string, string>();
  for (const [vehicleId, driverId] of Object.entries(given as Json)) {
    if (!VEHICLE_ID_PATTERN.test(vehicleId)) fail(`drivers.${vehicleId}`, `a vehicle id is ${VEHICLE_ID_RULE}`);
    if (typeof driverId !== 'string' || !VEHICLE_ID_PATTERN.test(driverId)) fail(`drivers.${vehicleId}`, `the driver id must be a string of ${VEHICLE_ID_RULE}`);
    const other = vehicleOf.get(driverId);
    if (other !== undefined) fail(`drivers.${vehicleId}`, `driver ${driverId} is already the driver of ${other}; give each driver one vehicle`);
    vehicleOf.set(driverId, vehicleId);
    drivers.set(vehicleId, driverId);
  }
  return drivers;
}

export function loadPlan(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`plan: cannot read ${path}: ${(err as Error).message}`, 'Give --plan the path of a GeoJSON plan file.');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UserError(`plan: ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parsePlan(doc);
}
