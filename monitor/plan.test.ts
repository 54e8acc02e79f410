import { describe, expect, it } from 'vitest';
import { PLAN_THRESHOLD_DEFAULTS, parsePlan } from './plan.js';

const route = { type: 'Feature', properties: { vehicleId: 'v1' }, geometry: { type: 'LineString', coordinates: [[-49.3, -25.4], [-49.28, -25.4]] } };
const stop = (id: string, lon: number) => ({
  type: 'Feature',
  properties: { vehicleId: 'v1', stopId: id, promisedAt: '2026-01-01T10:00:00Z' },
  geometry: { type: 'Point', coordinates: [lon, -25.4] },
});

describe('parsePlan', () => {
  it('reads routes, orders stops along the route and applies thresholds', () => {
    const plan = parsePlan({ type: 'FeatureCollection', thresholds: { deviationM: 80 }, features: [route, stop('far', -49.281), stop('near', -49.299)] });
    expect(plan.thresholds).toEqual({ ...PLAN_THRESHOLD_DEFAULTS, deviationM: 80 });
    const v = plan.vehicles.get('v1')!;
    expect(v.stops.map((s) => s.stopId)).toEqual(['near', 'far']);
    expect(v.stops[0].promisedAtMs).toBe(Date.parse('2026-01-01T10:00:00Z'));
  });

  it('reads speed zones beside the routes (the agents read the same file), and names a broken one', () => {
    const school = { type: 'Feature', properties: { name: 'school', speedLimitKmh: 30 }, geometry: { type: 'Polygon', coordinates: [[[-49.3, -25.41], [-49.29, -25.41], [-49.29, -25.39], [-49.3, -25.41]]] } };
    const plan = parsePlan({ type: 'FeatureCollection', features: [route, school] });
    expect(plan.speedZones.map((z) => [z.name, Math.round(z.speedLimit * 3.6)])).toEqual([['school', 30]]);
    expect([...plan.vehicles.keys()]).toEqual(['v1']);
    expect(() => parsePlan({ type: 'FeatureCollection', features: [{ ...school, properties: { speedLimitKmh: -5 } }] })).toThrow(/speed zone: features\[0\]: properties\.speedLimitKmh must be/);
  });

  it('reads the drivers of vehicles and the severe-event thresholds', () => {
    const plan = parsePlan({ type: 'FeatureCollection', drivers: { v1: 'D17', 'truck-2': 'D2' }, thresholds: { severeBraking: 5, severeIdlingMs: 0 }, features: [route] });
    expect(plan.drivers).toEqual(new Map([['v1', 'D17'], ['truck-2', 'D2']]));
    expect(plan.thresholds).toMatchObject({ severeBraking: 5, severeIdlingMs: 0, severeSpeedingOver: PLAN_THRESHOLD_DEFAULTS.severeSpeedingOver });
    expect(parsePlan({ type: 'FeatureCollection', features: [] }).drivers.size).toBe(0);
  });

  it.each([
    ['not a collection', { type: 'Feature' }, /FeatureCollection/],
    ['no vehicle id', { type: 'FeatureCollection', features: [{ ...route, properties: {} }] }, /vehicleId/],
    ['stop without promisedAt', { type: 'FeatureCollection', features: [route, { ...stop('s', -49.29), properties: { vehicleId: 'v1' } }] }, /promisedAt/],
    ['stops without a route', { type: 'FeatureCollection', features: [stop('s', -49.29)] }, /no route/],
    ['unknown threshold', { type: 'FeatureCollection', thresholds: { deviation: 1 }, features: [] }, /unknown threshold/],
    ['polygon', { type: 'FeatureCollection', features: [{ ...route, geometry: { type: 'Polygon', coordinates: [] } }] }, /LineString/],
    ['drivers not an object', { type: 'FeatureCollection', drivers: ['D1'], features: [] }, /drivers: must be an object/],
    ['a driver id that is not an id', { type: 'FeatureCollection', drivers: { v1: 'D 1' }, features: [] }, /drivers\.v1: the driver id/],
    ['one driver for two vehicles', { type: 'FeatureCollection', drivers: { v1: 'D1', v2: 'D1' }, features: [] }, /drivers\.v2: driver D1 is already the driver of v1/],
    ['latitude out of range', { type: 'FeatureCollection', features: [{ ...route, geometry: { type: 'LineString', coordinates: [[0, 95], [0, 1]] } }] }, /LineString/],
  ])('rejects %s with a clear error', (_name, doc, message) => {
    expect(() => parsePlan(doc)).toThrow(message);
  });
});
