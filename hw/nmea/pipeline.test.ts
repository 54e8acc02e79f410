import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidFix, type Fix } from '../fix.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { decodeCaptureFile, NmeaPipeline } from './pipeline.js';
import { decodeBytes, decodeLines as run, gga, gsa, rmc } from './test-support.js';

const sentence = (s: string) => ({ kind: 'sentence', sentence: s }) as const;

describe('NmeaPipeline', () => {
  it('assembles one fix per epoch with SI units and altHAE = MSL + geoid separation', () => {
    const { fixes } = run([gga('123519.00'), gsa(3), rmc('123519.00', '230324'), gga('123520.00'), gsa(3), rmc('123520.00', '230324')]);
    expect(fixes).toHaveLength(2);
    expect(fixes[0]).toMatchObject({ class: 'TPV', mode: 3, time: '2024-03-23T12:35:19.000Z', altMSL: 545.4, quality: 1, uSat: 8, hdop: 0.9, pdop: 2.5, vdop: 2.1 });
    expect(fixes[0]!.lat).toBeCloseTo(48.1173, 9);
    expect(fixes[0]!.lon).toBeCloseTo(11.516666667, 8);
    expect(fixes[0]!.altHAE).toBeCloseTo(592.3, 9);
    expect(fixes[0]!.speed).toBeCloseTo(22.4 * 0.514444, 4);
    expect(fixes[0]!.track).toBe(84.4);
  });

  it('emits as soon as the learned cycle ender arrives, not one cycle late', () => {
    const pipeline = new NmeaPipeline();
    const cycle = (t: string) => [gga(t), gsa(3), rmc(t, '230324')];
    const first = [...cycle('120000'), ...cycle('120001')].map((l) => pipeline.push(sentence(l)).length);
    expect(first).toEqual([0, 0, 0, 1, 0, 1]);
    // 12:00:00 was closed by the next time; from then on each epoch ends at its own RMC.
    const out = cycle('120002').map((l) => pipeline.push(sentence(l)).map((f) => f.time));
    expect(out).toEqual([[], [], ['2024-03-23T12:00:02.000Z']]);
    expect(pipeline.stats().cycleEnder).toBe('GPRMC');
  });

  it('never makes a fix from a sentence with a bad checksum', () => {
    const good = rmc('123519', '230324');
    const bad = good.replace('4807.038', '4907.038');
    const { fixes, pipeline, framing } = run([bad, bad.slice(0, -3)]);
    expect(fixes).toEqual([]);
    expect(framing.dropped).toMatchObject({ badChecksum: 1, noChecksum: 1 });
    expect(pipeline.stats()).toMatchObject({ fixes: 0 });
  });

  it.each([
    ['RMC status V', [rmc('123519', '230324', 'V')]],
    ['GGA quality 0', [gga('123519', 0)]],
    ['GSA mode 1', [gga('123519'), gsa(1), rmc('123519', '230324')]],
  ])('%s gives a mode-1 fix without position', (_name, lines) => {
    const { fixes, pipeline } = run(lines);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.mode).toBe(1);
    expect(fixes[0]!.lat).toBeUndefined();
    expect(fixes[0]!.lon).toBeUndefined();
    expect(isValidFix(fixes[0]!)).toBe(false);
    expect(pipeline.stats().noFixEpochs).toBe(1);
  });

  it('dates time-only sentences from the reference date across midnight', () => {
    const { fixes } = run([gga('235959.50'), gga('000000.50'), gga('000001.50')], { referenceDate: '2024-02-28' });
    expect(fixes.map((f) => f.time)).toEqual(['2024-02-28T23:59:59.500Z', '2024-02-29T00:00:00.500Z', '2024-02-29T00:00:01.500Z']);
  });

  it('takes the date from the latest RMC/ZDA and leaves the time out without any date', () => {
    expect(run([gga('101010')]).fixes[0]!.time).toBeUndefined();
    const zda = withChecksum('GPZDA,101009.00,31,12,2023,00,00');
    expect(run([zda, gga('101010')]).fixes[0]!.time).toBe('2023-12-31T10:10:10.000Z');
    // A ZDA just before midnight, the GGA just after: the next day.
    const late = withChecksum('GPZDA,235959.00,31,12,2023,00,00');
    expect(run([late, gga('000001')]).fixes[0]!.time).toBe('2024-01-01T00:00:01.000Z');
  });

  it('reads 2-digit years with the GPS-era pivot', () => {
    // Dates before 2000 need a reference date, or they are taken as a week rollover.
    expect(run([rmc('120000', '010180')], { referenceDate: '1980-01-02' }).fixes[0]!.time).toBe('1980-01-01T12:00:00.000Z');
    expect(run([rmc('120000', '311299')], { referenceDate: '1999-12-30' }).fixes[0]!.time).toBe('1999-12-31T12:00:00.000Z');
    expect(run([rmc('120000', '010179')]).fixes[0]!.time).toBe('2079-01-01T12:00:00.000Z');
    expect(run([rmc('120000', '150624')]).fixes[0]!.time).toBe('2024-06-15T12:00:00.000Z');
  });

  it('corrects a GPS week rollover (date 1024 weeks in the past) and counts it', () => {
    // 2019-04-07 reported as 1999-08-22 by a receiver with a 10-bit week counter.
    const { fixes, pipeline } = run([rmc('000231', '220899')], { referenceDate: '2019-04-10' });
    expect(fixes[0]!.time).toBe('2019-04-07T00:02:31.000Z');
    expect(pipeline.stats().weekRolloverCorrections).toBe(1);
    // Without a reference, the floor date (2000-01-01) catches it too.
    expect(run([rmc('000231', '220899')]).fixes[0]!.time).toBe('2019-04-07T00:02:31.000Z');
  });

  it.each(['GP', 'GN', 'GL', 'GA', 'GB', 'BD', 'GQ', 'QZ'])('decodes talker %s', (talker) => {
    const gns = withChecksum(`${talker}GNS,123519.00,4807.038,N,01131.000,E,AAN,08,0.9,545.4,46.9,,`);
    const { fixes, pipeline } = run([gns, gsa(3, talker), rmc('123519.00', '230324', 'A', talker)]);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ mode: 3, altMSL: 545.4, uSat: 8, time: '2024-03-23T12:35:19.000Z' });
    expect(pipeline.stats().sentences[`${talker}RMC`]).toBe(1);
  });

  it('counts unknown, proprietary and malformed sentences and carries on', () => {
    const lines = [
      withChecksum('GPTXT,01,01,02,ANTARIS ATR062x HW 80040001'),
      withChecksum('PGRME,15.0,M,45.0,M,25.0,M'),
      withChecksum('AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0', '!'),
      withChecksum('GPRMC,123519,A,48xx.038,N,01131.000,E,022.4,084.4,230394,003.1,W'),
      withChecksum('GPGGA,123519'),
      'binary \x00\x01\x02 noise',
      rmc('123520', '230324'),
    ];
    const { fixes, pipeline, framing } = run(lines);
    expect(fixes).toHaveLength(1);
    expect(pipeline.stats()).toMatchObject({ unknown: 3, malformed: 2 });
    expect(framing).toMatchObject({ lines: 7, sentences: 6, dropped: { binary: 1 } });
  });

  it('survives random bytes without a fix', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 16) & 0xff;
    const { fixes, framing } = decodeBytes(Buffer.from(Array.from({ length: 200_000 }, random)));
    expect(fixes.filter(isValidFix)).toEqual([]);
    expect(framing.lines).toBeGreaterThan(500);
  });

  it('decodes a capture file, honouring # Date: and skipping # lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nmea-'));
    const path = join(dir, 'x.log');
    writeFileSync(path, ['# Name: test', '# Date: 2021-7-4', gga('120000'), '# a comment in the middle', gga('120001'), ''].join('\r\n'));
    const capture = decodeCaptureFile(path);
    const fixes: Fix[] = [];
    for await (const report of capture.reports) fixes.push(report.fix);
    expect(fixes.map((f) => f.time)).toEqual(['2021-07-04T12:00:00.000Z', '2021-07-04T12:00:01.000Z']);
    expect(capture.referenceDate()).toBe('2021-07-04');
    expect(capture.framing()).toMatchObject({ lines: 2, sentences: 2, comments: 3 });
  });
});
