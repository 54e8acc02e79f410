import { describe, expect, it } from 'vitest';
import { withChecksum } from '../framing/nmea-checksum.js';
import { NmeaPipeline } from './pipeline.js';
import { decodeLines, gga, gll, gsa, lastFixByTime, rmc } from './test-support.js';

const DATE = '230324';
const TIMES = ['120001', '120002', '120003', '120004', '120005'];
const iso = (t: string) => `2024-03-23T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.000Z`;

describe('cycle assembly', () => {
  it('a short first cycle (RMC before the receiver sends GGA) does not lock the cycle in: every epoch keeps its altitude and 3D', () => {
    const lines = [rmc('120000', DATE), ...TIMES.flatMap((t) => [rmc(t, DATE), gga(t), gsa(3)])];
    const { fixes, pipeline } = decodeLines(lines);
    const last = lastFixByTime(fixes);
    for (const t of TIMES) expect(last.get(iso(t)), t).toMatchObject({ mode: 3, altMSL: 545.4, quality: 1, uSat: 8, pdop: 2.5 });
    // The shape is learnt afresh: only 12:00:01 (reported early at its RMC) is reported again; from 12:00:03 on, once each.
    expect(fixes.filter((f) => f.time === iso('120001'))).toHaveLength(2);
    for (const t of TIMES.slice(2)) expect(fixes.filter((f) => f.time === iso(t)), t).toHaveLength(1);
    expect(pipeline.stats()).toMatchObject({ amendedEpochs: 1, cycleEnder: 'GPGSA' });
  });

  it('a truncated cycle (a GGA lost to line noise) costs at most that cycle', () => {
    const cycle = (t: string) => [gll(t), gga(t), rmc(t, DATE), gsa(3)];
    const lines = [...cycle('120000'), gll('120001'), ...TIMES.slice(1).flatMap(cycle)];
    const last = lastFixByTime(decodeLines(lines).fixes);
    for (const t of TIMES.slice(1)) expect(last.get(iso(t)), t).toMatchObject({ mode: 3, altMSL: 545.4, speed: expect.closeTo(11.52, 2) });
  });

  it('reports a late sentence of an epoch already reported with the epoch, again, when the epoch closes', () => {
    const pipeline = new NmeaPipeline();
    const push = (line: string) => pipeline.push({ kind: 'sentence', sentence: line });
    for (const line of [rmc('120000', DATE), gga('120000'), rmc('120001', DATE), gga('120001')]) push(line);
    // 12:00:01 was reported at its GGA (the learnt ender); its GSA comes after that.
    expect(push(rmc('120002', DATE)).map((f) => f.time)).toEqual([]);
    expect(push(gga('120002')).map((f) => [f.time, f.pdop])).toEqual([[iso('120002'), undefined]]);
    expect(push(gsa(3))).toEqual([]);
    expect(push(rmc('120003', DATE)).map((f) => [f.time, f.pdop])).toEqual([[iso('120002'), 2.5]]);
  });

  it('keeps time-less no-fix sentences ($GPRMC,,V…) out of the first timed epoch', () => {
    const filler = [withChecksum('GPRMC,,V,,,,,,,,,,N'), withChecksum('GPGGA,,,,,,0,,,,,,,,'), withChecksum('GPGLL,,,,,,V,N')];
    const { fixes, pipeline } = decodeLines([...filler, ...filler, rmc('120001', DATE), gga('120001'), gsa(3)]);
    expect(fixes.map((f) => [f.mode, f.time])).toEqual([
      [1, undefined],
      [1, undefined],
      [3, iso('120001')],
    ]);
    expect(fixes[2]!.lat).toBeCloseTo(48.1173, 9);
    expect(pipeline.stats().noFixEpochs).toBe(2);
  });

  it('takes several GSAs of one time-less cycle as one cycle (multi-GNSS receivers before their first fix)', () => {
    const noFix = [withChecksum('GNRMC,,V,,,,,,,,,,N'), withChecksum('GNGSA,A,1,,,,,,,,,,,,,,,,1'), withChecksum('GNGSA,A,1,,,,,,,,,,,,,,,,2')];
    expect(decodeLines([...noFix, ...noFix, ...noFix]).fixes).toHaveLength(3);
  });
});

describe('fix mode', () => {
  it('an altitude with fewer than 4 satellites is 2D when GSA says 2D (a 3D solution needs 4)', () => {
    const { fixes } = decodeLines([rmc('120001', DATE), gga('120001', 1, 'GP', '03'), gsa(2, 'GP', '04,05,09,,,,,,,,,')]);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ mode: 2, uSat: 3 });
    expect(fixes[0]!.altMSL).toBeUndefined();
  });

  it('an altitude with 4 or more satellites is 3D even when GSA says 2D (Quectel, Ashtech)', () => {
    const { fixes } = decodeLines([rmc('120001', DATE), gga('120001'), gsa(2)]);
    expect(fixes[0]).toMatchObject({ mode: 3, altMSL: 545.4 });
  });

  it("holds the receiver's last reported dimension through epochs that report none, until it loses the fix", () => {
    const lines = [rmc('120001', DATE), gga('120001'), gsa(3), rmc('120002', DATE), rmc('120003', DATE, 'V'), rmc('120004', DATE)];
    expect(decodeLines(lines).fixes.map((f) => f.mode)).toEqual([3, 3, 1, 2]);
  });
});
