import { distanceM } from '../../common/geo.js';
import type { FieldChecker } from '../fix-bounds.js';
import type { Fix, FixReport, Satellite, SkyView } from '../fix.js';
import { dopsFromGeometry, type Dops } from './dop.js';

/**
 * What gpsd derives from a receiver's reports when the receiver does not send it
 * (gpsd/libgpsd_core.c `gpsd_error_model`), so that our TPV and SKY carry the same fields:
 *
 * - DOPs the receiver did not send, from the geometry of the satellites used (dop.ts);
 * - `speed` from the distance to the previous fix, when the receiver sent none (GGA-only
 *   receivers); `climb` from the altitude change between two 3D fixes;
 * - error estimates, gpsd's model: `ept` a constant half the receiver clock's resolution,
 *   `eph` = HDOP × P_UERE, `epv` = VDOP × V_UERE (3D), and `eps` = (the larger of the previous
 *   fix's `epx`/`epy` + the larger of this fix's) / Δt, where `epx`/`epy` = XDOP/YDOP × H_UERE.
 *   The UEREs are gpsd's (metres, "95 % confidence", smaller with DGPS): guesses, useful as
 *   relative goodness, as gpsd's documentation warns.
 *
 * The previous fix is the last one with another time (an epoch reported again keeps its
 * predecessor). Rates are derived only across gaps up to `maxDerivationGapS`: across a longer
 * one a distance is not a speed (gpsd has no bound, and a FIXME for one).
 */
export const ERROR_MODEL_DEFAULTS = {
  /** gpsd's user equivalent range errors, metres: horizontal, vertical, position; without and with DGPS. */
  uere: { h: 15, v: 23, p: 19 },
  uereDgps: { h: 3.75, v: 5.75, p: 4.75 },
  /** gpsd: the expected time error is half the resolution of the GPS clock. */
  eptS: 0.005,
  maxDerivationGapS: 10,
  /** gpsd: times closer than this are the same epoch. */
  sameTimeS: 0.01,
};

export type ErrorModelOptions = Partial<typeof ERROR_MODEL_DEFAULTS>;

/** GGA quality 2: differential GPS. */
const QUALITY_DGPS = 2;

/** The used satellites' elevations and azimuths, flat: what the DOPs depend on. */
function usedDirections(satellites: readonly Satellite[]): number[] {
  const out: number[] = [];
  for (const s of satellites) if (s.used && s.el !== undefined && s.az !== undefined) out.push(s.el, s.az);
  return out;
}

function sameDirections(satellites: readonly Satellite[], directions: readonly number[]): boolean {
  let i = 0;
  for (const s of satellites) {
    if (!s.used || s.el === undefined || s.az === undefined) continue;
    if (s.el !== directions[i] || s.az !== directions[i + 1]) return false;
    i += 2;
  }
  return i === directions.length;
}

interface ModelledFix {
  timeMs: number;
  fix: Fix;
  /** max(epx, epy), metres, when the sky view gave XDOP and YDOP. */
  epxy?: number;
}

export class ErrorModel {
  private readonly o: typeof ERROR_MODEL_DEFAULTS;
  /** The last fix with a time, and the one before it with another time. */
  private last: ModelledFix | undefined;
  private previous: ModelledFix | undefined;
  /** The DOPs of the last geometry: the used satellites' elevation and azimuth, flat (they change by a degree in minutes). */
  private geometry: { directions: number[]; dops: Dops | undefined } | undefined;

  constructor(
    private readonly checker: FieldChecker,
    options: ErrorModelOptions = {},
  ) {
    this.o = { ...ERROR_MODEL_DEFAULTS, ...options };
  }

  /** The report with gpsd's derived fields added (a new object; the input is not changed). */
  apply(report: FixReport): FixReport {
    const fix: Fix = { ...report.fix };
    const sky = report.sky === undefined ? undefined : this.fillDops(report.sky);
    const timeMs = fix.time === undefined ? undefined : Date.parse(fix.time);
    let old: ModelledFix | undefined;
    if (timeMs !== undefined) {
      if (this.last !== undefined && Math.abs(timeMs - this.last.timeMs) / 1000 > this.o.sameTimeS) this.previous = this.last;
      old = this.previous;
    }
    const dt = old === undefined || timeMs === undefined ? 0 : (timeMs - old.timeMs) / 1000;
    /** The previous fix, when rates can be derived against it. */
    const base = dt > 0 && dt <= this.o.maxDerivationGapS && old !== undefined && old.fix.mode >= 2 && fix.mode >= 2 ? old : undefined;

    if (base !== undefined && fix.speed === undefined) {
      const speed = this.checker.check('speed', distanceM(base.fix.lat!, base.fix.lon!, fix.lat!, fix.lon!) / dt);
      if (speed !== undefined) fix.speed = speed;
    }
    if (base !== undefined && fix.climb === undefined && fix.mode === 3 && base.fix.mode === 3) {
      const [now, before] = fix.altHAE !== undefined && base.fix.altHAE !== undefined ? [fix.altHAE, base.fix.altHAE] : [fix.altMSL, base.fix.altMSL];
      const climb = now !== undefined && before !== undefined ? this.checker.check('climb', (now - before) / dt) : undefined;
      if (climb !== undefined) fix.climb = climb;
    }

    const uere = fix.quality === QUALITY_DGPS ? this.o.uereDgps : this.o.uere;
    if (fix.time !== undefined) fix.ept = this.o.eptS;
    let epxy: number | undefined;
    if (fix.mode >= 2 && sky !== undefined) {
      if (sky.hdop !== undefined) fix.eph = sky.hdop * uere.p;
      if (fix.mode === 3 && sky.vdop !== undefined) fix.epv = sky.vdop * uere.v;
      if (sky.xdop !== undefined && sky.ydop !== undefined) epxy = Math.max(sky.xdop, sky.ydop) * uere.h;
      if (base?.epxy !== undefined && epxy !== undefined) fix.eps = (base.epxy + epxy) / dt;
    }
    if (timeMs !== undefined) this.last = { timeMs, fix, epxy };
    return sky === undefined ? { fix } : { fix, sky };
  }

  /** The receiver's DOPs, completed from the satellite geometry (never replaced). */
  private fillDops(sky: SkyView): SkyView {
    if (sky.satellites === undefined) return sky;
    if (this.geometry === undefined || !sameDirections(sky.satellites, this.geometry.directions)) {
      this.geometry = { directions: usedDirections(sky.satellites), dops: dopsFromGeometry(sky.satellites) };
    }
    const geometry = this.geometry.dops;
    if (geometry === undefined) return sky;
    const out: SkyView = { ...sky };
    for (const key of ['gdop', 'hdop', 'pdop', 'tdop', 'vdop', 'xdop', 'ydop'] as const) out[key] ??= geometry[key];
    return out;
  }
}
