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

export type MismatchKind = 'missing_epoch' | 'mode' | 'lat_lon' | 'speed' | 'track' | 'alt_msl';

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
  if (gpsd.mode !== ours.mode) return 'mode';
  if (gpsd.lat !== undefined || gpsd.lon !== undefined) {
    if (ours.lat === undefined || ours.lon === undefined) return 'lat_lon';
    if (Math.abs((gpsd.lat ?? Number.NaN) - ours.lat) > t.latLonDeg || Math.abs((gpsd.lon ?? Number.NaN) - ours.lon) > t.latLonDeg) return 'lat_lon';
  }
  if (gpsd.speed !== undefined && (ours.speed === undefined || Math.abs(gpsd.speed - ours.speed) > t.speedMps)) return 'speed';
  if (gpsd.track !== undefined && (ours.track === undefined || angleDiffDeg(gpsd.track, ours.track) > t.trackDeg)) return 'track';
  if (gpsd.altMSL !== undefined && ours.altMSL !== undefined && Math.abs(gpsd.altMSL - ours.altMSL) > t.altMslM) return 'alt_msl';
  return undefined;
}

/**
 * For every time gpsd reported, the last TPV gpsd emitted with that time (its complete view
 * of the epoch) is compared with our fix of the same time.
 */
export function compareWithGpsd(gpsdTpvs: GpsdTpv[], ours: Fix[]): CompareResult {
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
  for (const fix of ours) if (fix.time !== undefined) oursByTime.set(fix.time, fix);
  const mismatches: EpochMismatch[] = [];
  for (const [time, gpsd] of gpsdByTime) {
    const fix = oursByTime.get(time);
    const kind = fix === undefined ? 'missing_epoch' : firstDifference(gpsd, fix);
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
