import type { Fix } from '../fix.js';

/**
 * Compares our fixes with gpsd's TPV reports for the same capture (a `.chk` file: gpsd's
 * output for a `.log`), per epoch, keyed by time.
 */
export const GPSD_COMPARE_TOLERANCES = {
  latLonDeg: 1e-6,
  speedMps: 0.01,
  trackDeg: 0.1,
  altMslM: 0.1,
};

export interface GpsdTpv {
  mode: number;
  time?: string;
  lat?: number;
  lon?: number;
  altMSL?: number;
  speed?: number;
  track?: number;
}

/**
 * Why an epoch differs. Classes named after gpsd are its model choices we do not copy
 * (see hw/nmea/README.md, "Conformance with gpsd").
 */
export type MismatchKind =
  /** No fix of ours at that time of day at all. */
  | 'missing_epoch'
  /** As missing_epoch, in a capture mixing binary (UBX, CASIC) that gpsd decodes and we do not. */
  | 'gpsd_binary_protocol'
  /** We have the same time of day on another date: gpsd shifts dates by 1024 weeks or guesses the century. */
  | 'date_differs'
  /** gpsd says 3D from an altitude it kept from an earlier sentence; our epoch carries none. */
  | 'mode_gpsd_sticky_altitude'
  | 'mode'
  | 'lat_lon'
  /** gpsd computed a speed/track from successive positions; the receiver sent none in this epoch. */
  | 'speed_gpsd_derived'
  | 'speed'
  | 'track_gpsd_derived'
  | 'track'
  | 'alt_msl';

export interface EpochMismatch {
  time: string;
  kind: MismatchKind;
  gpsd: GpsdTpv;
  ours?: Fix;
}

export interface CompareResult {
  /** Distinct times among gpsd's TPV reports. */
  gpsdEpochs: number;
  matched: number;
  /** gpsd TPV reports without a time (before gpsd knew the date): not comparable by epoch. */
  gpsdUntimedReports: number;
  /** gpsd TPV reports beyond the last one of their epoch. */
  gpsdExtraReports: number;
  mismatches: EpochMismatch[];
}

/** The TPV reports of a gpsd `.chk` file, in order. */
export function parseGpsdTpvs(chk: string): GpsdTpv[] {
  const out: GpsdTpv[] = [];
  for (const line of chk.split('\n')) {
    if (!line.startsWith('{"class":"TPV"')) continue;
    try {
      out.push(JSON.parse(line) as GpsdTpv);
    } catch {
      // A truncated report line in a .chk is not gpsd output we can compare with.
    }
  }
  return out;
}

function angleDiffDeg(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

function firstDifference(gpsd: GpsdTpv, ours: Fix): MismatchKind | undefined {
  const t = GPSD_COMPARE_TOLERANCES;
  if (gpsd.mode !== ours.mode) {
    return gpsd.mode === 3 && ours.mode === 2 && ours.altMSL === undefined ? 'mode_gpsd_sticky_altitude' : 'mode';
  }
  if (gpsd.lat !== undefined || gpsd.lon !== undefined) {
    if (ours.lat === undefined || ours.lon === undefined) return 'lat_lon';
    if (Math.abs((gpsd.lat ?? Number.NaN) - ours.lat) > t.latLonDeg || Math.abs((gpsd.lon ?? Number.NaN) - ours.lon) > t.latLonDeg) return 'lat_lon';
  }
  if (gpsd.speed !== undefined) {
    if (ours.speed === undefined) return 'speed_gpsd_derived';
    if (Math.abs(gpsd.speed - ours.speed) > t.speedMps) return 'speed';
  }
  if (gpsd.track !== undefined) {
    if (ours.track === undefined) return 'track_gpsd_derived';
    if (angleDiffDeg(gpsd.track, ours.track) > t.trackDeg) return 'track';
  }
  if (gpsd.altMSL !== undefined && ours.altMSL !== undefined && Math.abs(gpsd.altMSL - ours.altMSL) > t.altMslM) return 'alt_msl';
  return undefined;
}

/**
 * For every time gpsd reported, the last TPV gpsd emitted with that time (its complete view
 * of the epoch) is compared with our fix of the same time.
 */
export function compareWithGpsd(gpsdTpvs: GpsdTpv[], ours: Fix[], options: { binaryMixed?: boolean } = {}): CompareResult {
  const gpsdByTime = new Map<string, GpsdTpv>();
  let untimed = 0;
  let timed = 0;
  for (const tpv of gpsdTpvs) {
    if (tpv.time === undefined) untimed++;
    else {
      timed++;
      gpsdByTime.set(tpv.time, tpv);
    }
  }
  const oursByTime = new Map<string, Fix>();
  const oursTimesOfDay = new Set<string>();
  for (const fix of ours) {
    if (fix.time === undefined) continue;
    oursByTime.set(fix.time, fix);
    oursTimesOfDay.add(fix.time.slice(11));
  }
  const mismatches: EpochMismatch[] = [];
  for (const [time, gpsd] of gpsdByTime) {
    const fix = oursByTime.get(time);
    const kind =
      fix !== undefined ? firstDifference(gpsd, fix) : oursTimesOfDay.has(time.slice(11))
          ? 'date_differs'
          : options.binaryMixed
            ? 'gpsd_binary_protocol'
            : 'missing_epoch';
    if (kind !== undefined) mismatches.push({ time, kind, gpsd, ours: fix });
  }
  return {
    gpsdEpochs: gpsdByTime.size,
    matched: gpsdByTime.size - mismatches.length,
    gpsdUntimedReports: untimed,
    gpsdExtraReports: timed - gpsdByTime.size,
    mismatches,
  };
}
