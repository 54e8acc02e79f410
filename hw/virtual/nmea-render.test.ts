import { describe, expect, it } from 'vitest';
import { parseNmeaSentence } from 'nmea-simple';
import { hasValidChecksum } from '../framing/nmea-checksum.js';
import { renderEpoch } from './nmea-render.js';

// nmea-simple is an independent decoder: what we render must read back as the recording.
describe('renderEpoch', () => {
  const point = { timeMs: Date.parse('2019-08-26T22:17:27Z'), lat: -25.451837, lon: -49.23446, speed: 12.5, track: 231.3, altMSL: 929.7 };

  it('renders RMC, GGA, VTG, GSA with valid checksums that decode back to the point', () => {
    const sentences = renderEpoch(point);
    expect(sentences.map((s) => s.slice(3, 6))).toEqual(['RMC', 'GGA', 'VTG', 'GSA']);
    expect(sentences.every(hasValidChecksum)).toBe(true);
    const [rmc, gga, vtg, gsa] = sentences.map((s) => parseNmeaSentence(s)) as any[];
    expect(rmc.datetime.toISOString()).toBe('2019-08-26T22:17:27.000Z');
    expect(rmc.latitude).toBeCloseTo(point.lat, 7);
    expect(rmc.longitude).toBeCloseTo(point.lon, 7);
    expect(rmc.speedKnots * 0.514444).toBeCloseTo(12.5, 2);
    expect(rmc.trackTrue).toBe(231.3);
    expect(rmc.status).toBe('valid');
    expect(gga.altitudeMeters).toBe(929.7);
    expect(gga.fixType).toBe('fix');
    expect(vtg.speedKmph).toBeCloseTo(45, 2);
    expect(gsa.fixMode).toBe('3D');
  });

  it('leaves unknown track and altitude empty and reports a 2D fix (trip B-trip13)', () => {
    const sentences = renderEpoch({ timeMs: point.timeMs, lat: 0.5, lon: 179.9999999, speed: 0 });
    expect(sentences.every(hasValidChecksum)).toBe(true);
    expect(sentences[0]).toMatch(/^\$GPRMC,221727\.00,A,0030\.000000,N,17959\.999994,E,0\.000,,260819,,,A\*/);
    expect(sentences[1]).toContain(',1,08,0.9,,M,,M,,*');
    expect((parseNmeaSentence(sentences[3]!) as any).fixMode).toBe('2D');
  });

  it('keeps minutes below 60 when rounding', () => {
    const [rmc] = renderEpoch({ timeMs: 0, lat: -10.99999999999, lon: 20.9999999999 });
    expect(rmc).toContain(',1100.000000,S,02100.000000,E,');
  });
});
