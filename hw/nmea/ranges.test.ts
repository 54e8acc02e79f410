import { describe, expect, it } from 'vitest';
import { FIX_BOUNDS, isIsoUtcTime, withinBounds, type BoundedField } from '../fix-bounds.js';
import type { Fix, FixReport } from '../fix.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { decodeLines, gga, gsa, rmc } from './test-support.js';

const DATE = '230324';

/** Every numeric field of a report, by bounded field name, with its value. */
function valuesOf(report: FixReport): Array<[BoundedField, number]> {
  const out: Array<[BoundedField, number]> = [];
  const fix = report.fix as Fix & Record<string, unknown>;
  for (const [key, value] of Object.entries(fix)) if (key in FIX_BOUNDS && typeof value === 'number') out.push([key as BoundedField, value]);
  for (const s of report.sky?.satellites ?? []) for (const key of ['PRN', 'el', 'az', 'ss'] as const) if (s[key] !== undefined) out.push([key, s[key]]);
  return out;
}

/** Checks no report carries an out-of-range value or a non-ISO time. */
function expectAllInRange(reports: FixReport[]): void {
  for (const report of reports) {
    for (const [field, value] of valuesOf(report)) expect(withinBounds(FIX_BOUNDS[field], value), `${field} ${value}`).toBe(true);
    if (report.fix.time !== undefined) expect(isIsoUtcTime(report.fix.time), report.fix.time).toBe(true);
  }
}

describe('range checks on NMEA fields (valid checksums, impossible values)', () => {
  it.each([
    ['a negative speed', withChecksum(`GPRMC,120001,A,4807.038,N,01131.000,E,-5.0,084.4,${DATE},003.1,W`), 'speed'],
    ['a speed of 1e20 knots', withChecksum(`GPRMC,120001,A,4807.038,N,01131.000,E,${'1'.padEnd(21, '0')},084.4,${DATE},003.1,W`), 'speed'],
    ['track 9999', withChecksum(`GPRMC,120001,A,4807.038,N,01131.000,E,022.4,9999,${DATE},003.1,W`), 'track'],
    ['a latitude of 91°', withChecksum(`GPRMC,120001,A,9100.000,N,01131.000,E,022.4,084.4,${DATE},003.1,W`), 'lat'],
    ['75 minutes of latitude', withChecksum(`GPRMC,120001,A,4875.000,N,01131.000,E,022.4,084.4,${DATE},003.1,W`), 'lat'],
    ['negative DOPs', withChecksum('GPGSA,A,3,04,05,,09,12,,,24,,,,,-2.5,-1.3,-2.1'), 'pdop'],
    ['uSat −3', withChecksum('GPGGA,120001,4807.038,N,01131.000,E,1,-3,0.9,545.4,M,46.9,M,,'), 'uSat'],
    ['uSat 10100', withChecksum('GPGGA,120001,4807.038,N,01131.000,E,1,10100,0.9,545.4,M,46.9,M,,'), 'uSat'],
    ['GGA quality 99', withChecksum('GPGGA,120001,4807.038,N,01131.000,E,99,08,0.9,545.4,M,46.9,M,,'), 'quality'],
    ['an altitude of 100 km', withChecksum('GPGGA,120001,4807.038,N,01131.000,E,1,08,0.9,100000.0,M,46.9,M,,'), 'altMSL'],
    ['a satellite at elevation 95, azimuth 400, SNR 120', withChecksum('GPGSV,1,1,01,05,95,400,120'), 'el'],
  ])('drops and counts %s', (_what, sentence, field) => {
    const { reports, pipeline } = decodeLines([sentence, rmc('120002', DATE), gga('120002'), gsa(3)]);
    expectAllInRange(reports);
    expect(pipeline.stats().outOfRange[field as BoundedField], JSON.stringify(pipeline.stats().outOfRange)).toBeGreaterThanOrEqual(1);
    // The rest of the stream is decoded as usual.
    expect(reports.at(-1)!.fix).toMatchObject({ mode: 3, time: '2024-03-23T12:00:02.000Z' });
  });

  it.each([
    ['a hexadecimal latitude (Number("0x10") is 16)', withChecksum(`GPRMC,120001,A,0x10,N,01131.000,E,022.4,084.4,${DATE},003.1,W`)],
    ['an altitude of 1e300', withChecksum('GPGGA,120001,4807.038,N,01131.000,E,1,08,0.9,1e300,M,46.9,M,,')],
    ['GGA quality 1.8e308', withChecksum('GPGGA,120001,4807.038,N,01131.000,E,1.8e308,08,0.9,545.4,M,46.9,M,,')],
    ['a speed of Infinity', withChecksum(`GPRMC,120001,A,4807.038,N,01131.000,E,Infinity,084.4,${DATE},003.1,W`)],
  ])('takes only plain decimal numbers: %s makes the sentence malformed', (_what, sentence) => {
    const { fixes, pipeline } = decodeLines([sentence]);
    expect(fixes).toEqual([]);
    expect(pipeline.stats().malformed).toBe(1);
  });

  it.each([
    ['a 4-digit-year RMC date of 9999', withChecksum('GPRMC,120001,A,4807.038,N,01131.000,E,022.4,084.4,01019999,003.1,W')],
    ['a 4-digit-year RMC date of 1850', withChecksum('GPRMC,120001,A,4807.038,N,01131.000,E,022.4,084.4,01011850,003.1,W')],
  ])('gives no time for %s', (_what, sentence) => {
    const { fixes, pipeline } = decodeLines([sentence]);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.time).toBeUndefined();
    expect(fixes[0]!.lat).toBeCloseTo(48.1173, 6);
    expect(pipeline.stats().outOfRange.year).toBe(1);
  });

  it('ignores a ZDA year outside 1980–2099 (275760 would print as +275760-…)', () => {
    const { fixes, pipeline } = decodeLines([withChecksum('GPZDA,120000.00,01,01,275760,00,00'), gga('120001')]);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.time).toBeUndefined();
    expect(pipeline.stats().outOfRange.year).toBe(1);
  });
});
