import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';
import type { Fix } from '../fix.js';
import { ubxFrame, type BinaryFrame } from '../framing/binary-frames.js';
import { frameAll } from '../framing/framer.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { decodeCaptureFile, NmeaPipeline } from '../nmea/pipeline.js';
import { NavSolutionAssembler } from './nav-solution.js';
import { casicFrame } from './test-support.js';

/** UBX-NAV-PVT (92 bytes) for 2025-04-11 hh:mm:ss, 3D fix unless told. */
function navPvt(iTowMs: number, sec: number, opts: { fixType?: number; fixOk?: boolean; latE7?: number; year?: number } = {}): Buffer {
  const p = Buffer.alloc(92);
  p.writeUInt32LE(iTowMs, 0);
  p.writeUInt16LE(opts.year ?? 2025, 4);
  p.set([4, 11, 5, 6, sec, 0x37], 6);
  p.writeInt32LE(-192600, 16);
  p[20] = opts.fixType ?? 3;
  p[21] = opts.fixOk === false ? 0 : 1;
  p[23] = 12;
  p.writeInt32LE(1385961479, 24);
  p.writeInt32LE(opts.latE7 ?? -349082196, 28);
  p.writeInt32LE(60505, 32);
  p.writeInt32LE(64005, 36);
  p.writeInt32LE(13890, 60); // 13.89 m/s
  p.writeInt32LE(9012345, 64); // 90.12345°
  p.writeUInt16LE(131, 76);
  return ubxFrame(0x01, 0x07, p);
}

/** The binary frames the framer finds in the bytes. */
function framesOf(bytes: Buffer): BinaryFrame[] {
  return frameAll(bytes).items.flatMap((item) => (item.kind === 'frame' ? [item.frame] : []));
}

/** Bytes through the framer into the pipeline. */
function decode(pipeline: NmeaPipeline, bytes: Buffer): Fix[] {
  return frameAll(bytes).items.flatMap((item) => (item.kind === 'comment' ? [] : pipeline.push(item)));
}

describe('binary frames', () => {
  it('reassembles frames whose bytes include \\n across lines, and skips bad checksums', () => {
    // A latitude whose bytes contain 0x0a, so the frame spans lines.
    const frame = navPvt(1000, 25, { latE7: -349082358 });
    expect(frame.includes(0x0a)).toBe(true);
    const corrupt = Buffer.from(navPvt(2000, 26));
    corrupt[50]! ^= 0xff;
    const { items, counts } = frameAll(Buffer.concat([Buffer.from('$GPTXT junk\n'), frame, Buffer.from('noise'), corrupt, Buffer.from('\n')]));
    const frames = items.filter((item) => item.kind === 'frame');
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ frame: { protocol: 'ubx', msgClass: 1, msgId: 7 } });
    expect(counts).toMatchObject({ frames: { 'ubx-01-07': 1 }, frameChecksumErrors: 1 });
  });
});

describe('navigation solutions', () => {
  it('turns a UBX-NAV-PVT epoch into a TPV fix when the next epoch starts', () => {
    const solutions = new NavSolutionAssembler();
    const [first, second] = framesOf(Buffer.concat([navPvt(1000, 25), navPvt(2000, 26, { fixOk: false })]));
    expect(solutions.push(first!)).toBeUndefined();
    expect(solutions.push(second!)).toEqual({
      class: 'TPV',
      mode: 3,
      time: '2025-04-11T05:06:25.000Z',
      lat: -34.9082196,
      lon: 138.5961479,
      altMSL: 64.005,
      altHAE: 60.505,
      speed: 13.89,
      track: 90.12345,
      uSat: 12,
      pdop: 1.31,
    });
    // gnssFixOK clear: no position is reported.
    expect(solutions.flush()).toEqual({ class: 'TPV', mode: 1, time: '2025-04-11T05:06:26.000Z', uSat: 12, pdop: 1.31 });
  });

  it('combines CASIC NAV-PV, NAV-TIMEUTC and NAV-DOP of one run time', () => {
    const solutions = new NavSolutionAssembler();
    const frames = framesOf(casicEpoch());
    expect(frames).toHaveLength(3);
    for (const frame of frames) expect(solutions.push(frame)).toBeUndefined();
    const fix = solutions.flush()!;
    expect(fix).toMatchObject({ mode: 3, time: '2026-08-06T07:18:05.250Z', lat: 47.6619585, lon: -122.3263764, speed: 2.5, track: 286.3458, uSat: 17, hdop: 0.76, pdop: 1.31, vdop: 1.07 });
    expect(fix.altHAE).toBeCloseTo(56.0216, 3);
    expect(fix.altMSL).toBeCloseTo(77.6306, 3);
  });
});

/** A CASIC epoch (NAV-DOP, NAV-PV, NAV-TIMEUTC of one run time), with the values given. */
function casicEpoch(o: { lat?: number; altHae?: number; speed?: number; year?: number; month?: number } = {}): Buffer {
  const pv = Buffer.alloc(80);
  pv.writeUInt32LE(5000, 0);
  pv.set([7, 7, 0, 17], 4);
  pv.writeDoubleLE(-122.3263764, 16);
  pv.writeDoubleLE(o.lat ?? 47.6619585, 24);
  pv.writeFloatLE(o.altHae ?? 56.0216, 32);
  pv.writeFloatLE(-21.609, 36);
  pv.writeFloatLE(o.speed ?? 2.5, 64);
  pv.writeFloatLE(286.3458, 68);
  const time = Buffer.alloc(24);
  time.writeUInt32LE(5001, 0);
  time.writeUInt16LE(250, 12);
  time.writeUInt16LE(o.year ?? 2026, 14);
  time.set([o.month ?? 8, 6, 7, 18, 5, 7, 0, 3], 16);
  const dop = Buffer.alloc(28);
  dop.writeUInt32LE(5000, 0);
  dop.writeFloatLE(1.31, 4);
  dop.writeFloatLE(0.76, 8);
  dop.writeFloatLE(1.07, 12);
  return Buffer.concat([casicFrame(1, 1, dop), casicFrame(1, 3, pv), casicFrame(1, 0x10, time)]);
}

describe('range checks on binary solutions (checksums valid, values impossible)', () => {
  /** The pipeline's fixes for the frames, and what its range check counted. */
  function decodeFrames(bytes: Buffer): { fixes: Fix[]; outOfRange: Record<string, number | undefined> } {
    const pipeline = new NmeaPipeline();
    const fixes = [...decode(pipeline, bytes), ...pipeline.flush()];
    return { fixes, outOfRange: pipeline.stats().outOfRange };
  }

  it.each([
    ['a CASIC latitude of 999°', casicEpoch({ lat: 999 }), 'lat'],
    ['a CASIC latitude of NaN', casicEpoch({ lat: Number.NaN }), 'lat'],
  ])('%s: no position, no fix', (_what, bytes, field) => {
    const { fixes, outOfRange } = decodeFrames(bytes);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ mode: 1, time: '2026-08-06T07:18:05.250Z' });
    expect(fixes[0]!.lat).toBeUndefined();
    expect(outOfRange[field]).toBe(1);
  });

  it('drops a NaN CASIC altitude and speed (single floats), keeping the position', () => {
    const { fixes, outOfRange } = decodeFrames(casicEpoch({ altHae: Number.NaN, speed: Number.NaN }));
    expect(fixes[0]).toMatchObject({ mode: 3, lat: 47.6619585 });
    expect(fixes[0]!.altHAE).toBeUndefined();
    expect(fixes[0]!.altMSL).toBeUndefined();
    expect(fixes[0]!.speed).toBeUndefined();
    expect(outOfRange).toMatchObject({ altHAE: 1, speed: 1 });
    expect(JSON.stringify(fixes)).not.toMatch(/null/);
  });

  it.each([
    ['UBX year 255', navPvt(1000, 25, { year: 255 }), 'year'],
    ['UBX year 65535', navPvt(1000, 25, { year: 65535 }), 'year'],
    ['CASIC year 255', casicEpoch({ year: 255 }), 'year'],
    ['CASIC month 13', casicEpoch({ month: 13 }), 'time'],
  ])('%s gives no time', (_what, bytes, field) => {
    const { fixes, outOfRange } = decodeFrames(bytes);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.time).toBeUndefined();
    expect(fixes[0]!.mode).toBe(3);
    expect(outOfRange[field]).toBe(1);
  });

  it('drops a UBX latitude beyond 90° (214° is what its 32-bit field holds at most)', () => {
    const { fixes, outOfRange } = decodeFrames(navPvt(1000, 25, { latE7: 2_000_000_000 }));
    expect(fixes[0]).toMatchObject({ mode: 1 });
    expect(fixes[0]!.lat).toBeUndefined();
    expect(outOfRange.lat).toBe(1);
  });
});

describe('binary solutions in the pipeline', () => {
  it('reports binary-only receivers and prefers NMEA when the receiver sends both', () => {
    const binaryOnly = new NmeaPipeline();
    const out = [...decode(binaryOnly, Buffer.concat([navPvt(1000, 25), Buffer.from('\n'), navPvt(2000, 26)])), ...binaryOnly.flush()];
    expect(out.map((f) => f.time)).toEqual(['2025-04-11T05:06:25.000Z', '2025-04-11T05:06:26.000Z']);
    expect(binaryOnly.stats().binary).toMatchObject({ fixes: 2, supersededByNmea: 0 });

    const both = new NmeaPipeline({ referenceDate: '2025-04-11' });
    const fixes: Fix[] = [];
    for (const sec of [25, 26, 27]) {
      const gga = withChecksum(`GPGGA,0506${sec}.00,3454.4932,S,13835.7689,E,1,08,1.0,64.0,M,-3.5,M,,`);
      fixes.push(...decode(both, Buffer.concat([navPvt(sec * 1000, sec), Buffer.from(`\n${gga}\r\n`)])));
    }
    fixes.push(...both.flush());
    expect(fixes.map((f) => f.time)).toEqual(['2025-04-11T05:06:25.000Z', '2025-04-11T05:06:26.000Z', '2025-04-11T05:06:27.000Z']);
    expect(fixes.every((f) => f.lat === -(34 + 54.4932 / 60))).toBe(true);
    expect(both.stats().binary.fixes).toBe(0);
    expect(both.stats().binary.supersededByNmea).toBe(3);
  });

  it('decodes the CASIC-only Quectel L76K capture: one timed 3D fix per second', async () => {
    const capture = decodeCaptureFile(join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd', 'quectel-l76k-binary.log'));
    const fixes: Fix[] = [];
    for await (const report of capture.reports) fixes.push(report.fix);
    expect(fixes).toHaveLength(130);
    expect(fixes.every((f) => f.mode === 3 && f.time !== undefined && Math.abs(f.lat! - 47.662) < 0.001)).toBe(true);
    const times = fixes.map((f) => Date.parse(f.time!));
    expect(times.slice(1).every((t, i) => t - times[i]! === 1000)).toBe(true);
    expect(capture.framing().frameChecksumErrors).toBe(0);
  });
});
