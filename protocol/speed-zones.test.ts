import { describe, expect, it } from 'vitest';
import { kmhToMps } from '../common/units.js';
import { parseSpeedZone, speedZonesOf, zoneLimitAt, type SpeedZone } from './speed-zones.js';

/** A closed rectangular ring, [lon, lat]. */
const box = (west: number, south: number, east: number, north: number): number[][] => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];

const zoneFeature = (name: string, speedLimitKmh: unknown, geometry: object): object => ({ type: 'Feature', properties: { name, speedLimitKmh }, geometry });

function zonesOf(...features: object[]): SpeedZone[] {
  const { zones, problems } = speedZonesOf({ type: 'FeatureCollection', features });
  expect(problems).toEqual([]);
  return zones;
}

describe('speed zones', () => {
  const town = zoneFeature('town', 50, { type: 'Polygon', coordinates: [box(0, 0, 10, 10), box(4, 4, 6, 6)] });
  const school = zoneFeature('school', 30, { type: 'Polygon', coordinates: [box(1, 1, 2, 2)] });
  const depots = zoneFeature('depots', 20, { type: 'MultiPolygon', coordinates: [[box(20, 0, 21, 1)], [box(30, 0, 31, 1)]] });

  it('gives the lowest limit of the zones a point is in, outside every hole, in each part of a MultiPolygon', () => {
    const zones = zonesOf(town, school, depots);
    expect(zoneLimitAt(zones, 8, 8)).toEqual({ zone: 'town', speedLimit: kmhToMps(50) });
    expect(zoneLimitAt(zones, 1.5, 1.5)).toEqual({ zone: 'school', speedLimit: kmhToMps(30) });
    expect(zoneLimitAt(zones, 5, 5), 'in the town\'s hole').toBeUndefined();
    expect(zoneLimitAt(zones, 0.5, 20.5)?.zone).toBe('depots');
    expect(zoneLimitAt(zones, 0.5, 30.5)?.zone).toBe('depots');
    expect(zoneLimitAt(zones, 0.5, 25)).toBeUndefined();
    expect(zoneLimitAt(zones, 11, 11)).toBeUndefined();
  });

  it('counts a point on a zone\'s edge as inside (a truck on the boundary road is under the zone\'s sign)', () => {
    expect(zoneLimitAt(zonesOf(town), 0, 3)?.zone).toBe('town');
  });

  it('leaves features without a speed limit to their readers (routes and stops of a plan)', () => {
    const route = { type: 'Feature', properties: { vehicleId: 'T1' }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } };
    expect(zonesOf(route, town).map((z) => z.name)).toEqual(['town']);
  });

  it('names the feature and what is wrong with a zone that is not one', () => {
    const problem = (feature: object): string => {
      const zone = parseSpeedZone(feature, 'features[3]');
      expect('problem' in zone, JSON.stringify(feature)).toBe(true);
      return (zone as { problem: string }).problem;
    };
    expect(problem(zoneFeature('z', '50', { type: 'Polygon', coordinates: [box(0, 0, 1, 1)] }))).toMatch(/^features\[3\]: properties\.speedLimitKmh must be .*not "50"/);
    expect(problem(zoneFeature('z', 0, { type: 'Polygon', coordinates: [box(0, 0, 1, 1)] }))).toMatch(/speedLimitKmh/);
    expect(problem(zoneFeature('z', 50, { type: 'Point', coordinates: [0, 0] }))).toMatch(/Polygon or MultiPolygon, not Point/);
    expect(problem(zoneFeature('z', 50, { type: 'Polygon', coordinates: [box(0, 0, 1, 1).slice(0, 4)] }))).toMatch(/closed rings/);
    expect(problem(zoneFeature('z', 50, { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 95], [0, 0]]] }))).toMatch(/closed rings/);
    expect(speedZonesOf({ type: 'Feature' }).problems).toEqual(['the document must be a GeoJSON FeatureCollection']);
  });
});
