import type { Fix } from '../fix.js';

/**
 * Compares our fixes with gpsd's TPV reports for the same capture (a `.chk` file: gpsd's
 * output for a `.log`), per epoch, keyed by time, and sorts every difference into a class
 * (hw/nmea/README.md, "Conformance with gpsd", explains each).
 */
export const GPSD_COMPARE_TOLERANCES = {
  latLonDeg: 1e-6,
  speedMps: 0.01,
  trackDeg: 0.1,
  altMslM: 0.1,
};

/** A 3D solution needs four satellites (x, y, z and the receiver clock). */
const SATELLITES_FOR_3D = 4;

export interface GpsdTpv {
  mode: number;
  time?: string;
  lat?: number;
  lon?: number;
  altMSL?: number;
  speed?: number;
  track?: number;
}

/** Why an epoch differs. */
export type MismatchKind =
  // gpsd demonstrably wrong: explained, counted with the matches in the explained rate.
  /** Same time of day on another date: gpsd's 1024-week shift of genuine pre-2017 dates, or an uncorrected GPS week rollover. */
  | 'gpsd_date_rollover'
  /** gpsd reported our fix at this time, then stamped a later no-fix report with the same time. */
  | 'gpsd_no_fix_restamped'
  /** gpsd says 3D where fewer than 4 satellites were used (the receiver said 2D); the rest agrees. */
  | 'gpsd_3d_under_4_satellites'
  /** The receiver sent two different positions for this time (a GLL/RMC stamped with the wrong second). */
  | 'receiver_two_positions'
  // Not explained.
  /** No fix of ours at that time of day at all. */
  | 'missing_epoch'
  | 'mode'
  | 'lat_lon'
  /** gpsd has a speed (it derives one when the receiver sends none), we have none. */
  | 'speed_missing'
  | 'speed'
  | 'track_missing'
  | 'track'
  | 'alt_msl';

/** The classes where gpsd, or the receiver itself, is demonstrably wrong. */
export const EXPLAINED_KINDS: ReadonlySet<MismatchKind> = new Set<MismatchKind>([
  'gpsd_date_rollover',
  'gpsd_no_fix_restamped',
  'gpsd_3d_under_4_satellites',
  'receiver_two_positions',
]);

export interface EpochMismatch {
  time: string;
  kind: MismatchKind;
  gpsd: GpsdTpv;
  ours?: Fix;
}

export interface CompareResult {
  /** Distinct times among gpsd's TPV reports with a mode (1–3). */
  gpsdEpochs: number;
  matched: number;
  /** gpsd TPV reports without a time (before gpsd knew the date): not comparable by epoch. */
  gpsdUntimedReports: number;
  /** gpsd TPV reports with mode 0 ("unknown": no data, e.g. at an Ashtech ZDA stamped with the next second). */
  gpsdModeZeroReports: number;
  mismatches: EpochMismatch[];
}

export interface CaptureEvidence {
  /** Distinct positions the capture's checksummed sentences carry per time of day (`hh:mm:ss.sssZ`). */
  positionsByTimeOfDay?: ReadonlyMap<string, ReadonlySet<string>>;
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

/** The key `positionsByTimeOfDay` holds a position under. */
export function positionKey(lat: number, lon: number): string {
  return `${lat.toFixed(6)},${lon.toFixed(6)}`;
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
  if (gpsd.speed !== undefined) {
    if (ours.speed === undefined) return 'speed_missing';
    if (Math.abs(gpsd.speed - ours.speed) > t.speedMps) return 'speed';
  }
  if (gpsd.track !== undefined) {
    if (ours.track === undefined) return 'track_missing';
    if (angleDiffDeg(gpsd.track, ours.track) > t.trackDeg) return 'track';
  }
  if (gpsd.altMSL !== undefined && ours.altMSL !== undefined && Math.abs(gpsd.altMSL - ours.altMSL) > t.altMslM) return 'alt_msl';
  return undefined;
}

/** The class of a difference at one time: gpsd's last report `last` (and its last fix report `lastFix`) against our fix. */
function classify(last: GpsdTpv, lastFix: GpsdTpv | undefined, ours: Fix, twoPositions: boolean): MismatchKind | undefined {
  const kind = firstDifference(last, ours);
  if (kind === undefined) return undefined;
  if (last.mode === 1 && lastFix !== undefined) {
    // gpsd's fix report of this time is the one to compare with; what differs there is the class.
    const before = classify(lastFix, undefined, ours, twoPositions);
    if (before === undefined || EXPLAINED_KINDS.has(before)) return 'gpsd_no_fix_restamped';
  }
  if (last.mode === 3 && ours.mode === 2 && ours.uSat !== undefined && ours.uSat < SATELLITES_FOR_3D && firstDifference({ ...last, mode: 2 }, ours) === undefined) {
    return 'gpsd_3d_under_4_satellites';
  }
  return twoPositions ? 'receiver_two_positions' : kind;
}

/**
 * For every time gpsd reported, the last TPV gpsd emitted with that time (its complete view
 * of the epoch) is compared with our last fix of the same time.
 */
export function compareWithGpsd(gpsdTpvs: GpsdTpv[], ours: Fix[], evidence: CaptureEvidence = {}): CompareResult {
  const lastByTime = new Map<string, GpsdTpv>();
  const lastFixByTime = new Map<string, GpsdTpv>();
  let untimed = 0;
  let modeZero = 0;
  for (const tpv of gpsdTpvs) {
    if (tpv.mode === 0) modeZero++;
    else if (tpv.time === undefined) untimed++;
    else {
      lastByTime.set(tpv.time, tpv);
      if (tpv.mode >= 2) lastFixByTime.set(tpv.time, tpv);
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
  for (const [time, gpsd] of lastByTime) {
    const fix = oursByTime.get(time);
    const twoPositions = (evidence.positionsByTimeOfDay?.get(time.slice(11))?.size ?? 0) >= 2;
    let kind: MismatchKind | undefined;
    if (fix !== undefined) kind = classify(gpsd, lastFixByTime.get(time), fix, twoPositions);
    else kind = oursTimesOfDay.has(time.slice(11)) ? 'gpsd_date_rollover' : 'missing_epoch';
    if (kind !== undefined) mismatches.push({ time, kind, gpsd, ours: fix });
  }
  return {
    gpsdEpochs: lastByTime.size,
    matched: lastByTime.size - mismatches.length,
    gpsdUntimedReports: untimed,
    gpsdModeZeroReports: modeZero,
    mismatches,
  };
}
