import { FieldChecker } from '../fix-bounds.js';
import type { Fix, FixMode } from '../fix.js';
import type { BinaryFrame } from '../framing/binary-frames.js';

/**
 * Navigation solutions from binary frames: u-blox UBX-NAV-PVT, and CASIC (the UBX-like binary
 * protocol of Zhongkewei AT6558 chips in Quectel L76K / ATGM336H modules) NAV-PV + NAV-TIMEUTC
 * + NAV-DOP, turned into one `Fix` per navigation epoch.
 *
 * As gpsd does (driver_ubx.c, driver_casic.c), the messages of one epoch share a time tag: UBX
 * NAV-class messages start with iTOW, CASIC NAV messages with the receiver's run time. A new
 * tag closes the epoch. gpsd also reports at a learned "last message of the cycle"; we emit at
 * the next epoch's first frame instead (one cycle later), so that the pipeline can see whether
 * NMEA sentences for the same epoch followed the binary ones and prefer those (see pipeline.ts).
 *
 * Modes follow gpsd: UBX fixType 2 / 1 (dead reckoning only) → 2D, 3 / 4 (GNSS + DR) → 3D,
 * 5 (time only: the surveyed-in position of a timing receiver) → 3D, 0 → no fix; a fix whose
 * gnssFixOK flag is clear is no fix (u-blox: the position is outside the accuracy masks).
 * CASIC posValid 6 → 2D, 7 / 8 (GNSS + DR) → 3D, anything else no fix.
 *
 * Every value is checked against its physical range (hw/fix-bounds.ts) as NMEA's are: a latitude
 * of 999°, a NaN float or a year 255 is dropped and counted, never emitted. A solution whose
 * position is dropped has no fix.
 */
export const NAV_SOLUTION_DEFAULTS = {
  /** Time tags closer than this are the same epoch (gpsd's slop for CASIC run time and UBX iTOW). */
  epochTagSlopMs: 10,
};

export type NavSolutionOptions = Partial<typeof NAV_SOLUTION_DEFAULTS>;

const UBX_CLASS_NAV = 0x01;
const UBX_NAV_PVT = 0x07;
const UBX_PVT_VALID_DATE = 0x01;
const UBX_PVT_VALID_TIME = 0x02;
const UBX_PVT_FLAG_GNSS_FIX_OK = 0x01;

const CASIC_CLASS_NAV = 0x01;
const CASIC_NAV_DOP = 0x01;
const CASIC_NAV_PV = 0x03;
const CASIC_NAV_TIMEUTC = 0x10;
/** NAV-TIMEUTC valid bits: time of week, week and leap second all known. */
const CASIC_TIME_UTC = 0x07;

interface Solution {
  tagMs: number;
  timeMs?: number;
  mode: FixMode;
  lat?: number;
  lon?: number;
  altHaeM?: number;
  altMslM?: number;
  speedMps?: number;
  trackDeg?: number;
  uSat?: number;
  hdop?: number;
  pdop?: number;
  vdop?: number;
}

export interface NavSolutionStats {
  /** Epochs turned into fixes. */
  epochs: number;
  /** Known navigation messages too short for their layout. */
  runts: number;
}

function ubxMode(fixType: number): FixMode {
  if (fixType === 1 || fixType === 2) return 2;
  if (fixType >= 3 && fixType <= 5) return 3;
  return 1;
}

function casicMode(posValid: number): FixMode {
  if (posValid === 6) return 2;
  if (posValid === 7 || posValid === 8) return 3;
  return 1;
}

function round(value: number, perUnit: number): number {
  return Math.round(value * perUnit) / perUnit;
}

/** Rounded to 0.1 mm, as the NMEA path does, so float noise stays out of the JSON. */
function mm(value: number): number {
  return round(value, 1e4);
}

export class NavSolutionAssembler {
  private current: Solution | undefined;
  private readonly slopMs: number;
  private readonly counts: NavSolutionStats = { epochs: 0, runts: 0 };

  constructor(
    options: NavSolutionOptions = {},
    private readonly checker = new FieldChecker(),
  ) {
    this.slopMs = options.epochTagSlopMs ?? NAV_SOLUTION_DEFAULTS.epochTagSlopMs;
  }

  /** Feeds one frame; returns the fix of the epoch it closed, if any. */
  push(frame: BinaryFrame): Fix | undefined {
    const p = frame.payload;
    if (frame.msgClass !== (frame.protocol === 'ubx' ? UBX_CLASS_NAV : CASIC_CLASS_NAV) || p.length < 4) return undefined;
    const handled = frame.protocol === 'ubx' ? frame.msgId === UBX_NAV_PVT : [CASIC_NAV_DOP, CASIC_NAV_PV, CASIC_NAV_TIMEUTC].includes(frame.msgId);
    if (!handled) return undefined;
    const tagMs = p.readUInt32LE(0);
    let closed: Fix | undefined;
    if (this.current !== undefined && Math.abs(tagMs - this.current.tagMs) > this.slopMs) closed = this.flush();
    const s = (this.current ??= { tagMs, mode: 1 });
    if (frame.protocol === 'ubx') this.applyUbxPvt(s, p);
    else if (frame.msgId === CASIC_NAV_PV) this.applyCasicPv(s, p);
    else if (frame.msgId === CASIC_NAV_TIMEUTC) this.applyCasicTime(s, p);
    else this.applyCasicDop(s, p);
    return closed;
  }

  /** Closes the epoch in progress (end of input, or a new epoch started). */
  flush(): Fix | undefined {
    const s = this.current;
    this.current = undefined;
    if (s === undefined) return undefined;
    this.counts.epochs++;
    const fix: Fix = { class: 'TPV', mode: s.mode };
    const time = this.checker.time(s.timeMs);
    if (time !== undefined) fix.time = time;
    if (s.mode !== 1 && s.lat !== undefined && s.lon !== undefined) {
      fix.lat = s.lat;
      fix.lon = s.lon;
      if (s.mode === 3) {
        if (s.altMslM !== undefined) fix.altMSL = mm(s.altMslM);
        if (s.altHaeM !== undefined) fix.altHAE = mm(s.altHaeM);
      }
      if (s.speedMps !== undefined) fix.speed = s.speedMps;
      if (s.trackDeg !== undefined) fix.track = s.trackDeg;
    } else fix.mode = 1;
    if (s.uSat !== undefined) fix.uSat = s.uSat;
    if (s.hdop !== undefined) fix.hdop = s.hdop;
    if (s.pdop !== undefined) fix.pdop = s.pdop;
    if (s.vdop !== undefined) fix.vdop = s.vdop;
    return fix;
  }

  stats(): NavSolutionStats {
    return { ...this.counts };
  }

  private runt(p: Buffer, length: number): boolean {
    if (p.length >= length) return false;
    this.counts.runts++;
    return true;
  }

  private applyUbxPvt(s: Solution, p: Buffer): void {
    if (this.runt(p, 92)) return;
    const c = this.checker;
    const valid = p[11]!;
    if ((valid & (UBX_PVT_VALID_DATE | UBX_PVT_VALID_TIME)) === (UBX_PVT_VALID_DATE | UBX_PVT_VALID_TIME)) {
      const secondMs = c.utc(p.readUInt16LE(4), p[6]!, p[7]!, p[8]!, p[9]!, p[10]!);
      // nano is signed: the fraction of the second relative to hh:mm:ss (-192600 ns = 0.9998 s of the previous second).
      if (secondMs !== undefined) s.timeMs = secondMs + Math.round(p.readInt32LE(16) / 1e6);
    }
    const flags = p[21]!;
    s.mode = flags & UBX_PVT_FLAG_GNSS_FIX_OK ? ubxMode(p[20]!) : 1;
    s.uSat = c.check('uSat', p[23]!);
    this.setPosition(s, p.readInt32LE(28) / 1e7, p.readInt32LE(24) / 1e7);
    s.altHaeM = c.check('altHAE', p.readInt32LE(32) / 1000);
    s.altMslM = c.check('altMSL', p.readInt32LE(36) / 1000);
    s.speedMps = c.check('speed', p.readInt32LE(60) / 1000);
    s.trackDeg = c.check('track', p.readInt32LE(64) / 1e5);
    s.pdop = c.check('pdop', p.readUInt16LE(76) / 100);
  }

  private setPosition(s: Solution, lat: number, lon: number): void {
    const checkedLat = this.checker.check('lat', lat);
    const checkedLon = this.checker.check('lon', lon);
    s.lat = checkedLon === undefined ? undefined : checkedLat;
    s.lon = checkedLat === undefined ? undefined : checkedLon;
  }

  private applyCasicPv(s: Solution, p: Buffer): void {
    if (this.runt(p, 80)) return;
    const c = this.checker;
    const posValid = p[4]!;
    const velValid = p[5]!;
    s.mode = casicMode(posValid);
    s.uSat = c.check('uSat', p[7]!);
    if (s.mode !== 1) {
      this.setPosition(s, p.readDoubleLE(24), p.readDoubleLE(16));
      if (s.mode === 3) {
        const altHae = p.readFloatLE(32);
        s.altHaeM = c.check('altHAE', altHae);
        // sepGeoid is the geoid's height above the ellipsoid: MSL = HAE - separation.
        const separation = c.check('geoidSep', p.readFloatLE(36));
        s.altMslM = separation === undefined ? undefined : c.check('altMSL', altHae - separation);
      }
    }
    if (casicMode(velValid) !== 1) {
      // Single-precision floats: rounded so that 286.3458 does not print as 286.34579467773438.
      s.speedMps = c.check('speed', round(p.readFloatLE(64), 1e4));
      s.trackDeg = c.check('track', round(p.readFloatLE(68), 1e4));
    }
  }

  private applyCasicTime(s: Solution, p: Buffer): void {
    if (this.runt(p, 24)) return;
    if ((p[21]! & CASIC_TIME_UTC) !== CASIC_TIME_UTC || p[23] === 0) return;
    const timeMs = this.checker.utc(p.readUInt16LE(14), p[16]!, p[17]!, p[18]!, p[19]!, p[20]!, p.readUInt16LE(12));
    if (timeMs !== undefined) s.timeMs = timeMs;
  }

  private applyCasicDop(s: Solution, p: Buffer): void {
    if (this.runt(p, 28)) return;
    s.pdop = this.checker.check('pdop', round(p.readFloatLE(4), 100));
    s.hdop = this.checker.check('hdop', round(p.readFloatLE(8), 100));
    s.vdop = this.checker.check('vdop', round(p.readFloatLE(12), 100));
  }
}
