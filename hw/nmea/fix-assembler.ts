import { kmhToMps, knotsToMps } from '../../common/units.js';
import { FieldChecker, isoTimeWithinBounds, type OutOfRangeCounts } from '../fix-bounds.js';
import type { Fix, FixMode, FixReport, SkyView } from '../fix.js';
import type { CalendarDate, NmeaSentence, ZdaSentence } from './decoder.js';
import { nmeaSatellitePrn } from './satellite-prn.js';
import { SkyViewCollector } from './sky-view.js';

/**
 * Fix assembly: decoded sentences in, one report (a `Fix` and the sky view) per reporting
 * cycle (epoch) out.
 *
 * A sentence carrying a new time of day (RMC, GGA, GNS, GLL) starts a new epoch and closes the
 * previous one, as gpsd's end-of-cycle detector (drivers/driver_nmea0183.c). Every other
 * sentence belongs to the epoch in progress: GSA and VTG, which carry no time, and any sentence
 * with the epoch's own time, whenever it comes. To report without waiting for the next cycle,
 * the assembler remembers the shape of the last complete cycle (how many of each sentence, and
 * the last one) and reports as soon as the current cycle has reached that last sentence with at
 * least the same content. The shape is learnt afresh from every complete cycle, so one short or
 * truncated cycle (an RMC before the receiver starts sending GGA) costs at most one cycle;
 * gpsd's set of cycle enders only grows. A sentence that arrives for an epoch already reported
 * is never late: it is merged, and when that changes the report, the epoch is reported again
 * (same time, more content) when it closes.
 *
 * RMC, GGA, GNS or GLL without a time (`$GPRMC,,V,…`, receivers before their first fix) make
 * an epoch without time of their own: it never merges into a timed epoch. A repeated sentence
 * in such an epoch starts the next one. ZDA only sets the date: several receivers (Ashtech, OxTS)
 * stamp it with the next second. GSV feeds the sky view (sky-view.ts) and is no part of a cycle.
 *
 * Every value is checked against its physical range (hw/fix-bounds.ts); what is outside is
 * dropped and counted in `outOfRange`.
 */
export const FIX_ASSEMBLER_DEFAULTS = {
  /** YYYY-MM-DD used for time-only sentences until an RMC/ZDA supplies a date. */
  referenceDate: undefined as string | undefined,
  /**
   * Without a reference date, a date before this one is taken as a GPS week rollover
   * (receivers with a 10-bit week counter report dates 1024 weeks too early).
   */
  rolloverFloorDate: '2000-01-01',
  /**
   * A magnetic variation this small is a receiver without a magnetic model filling the field
   * (`0.0,E`), not a measurement (gpsd's rule).
   */
  minMagvarDeg: 0.09,
};

export type FixAssemblerOptions = Partial<typeof FIX_ASSEMBLER_DEFAULTS>;

export interface FixAssemblerStats {
  /** Reports emitted (an amended epoch counts again). */
  fixes: number;
  /** Reports emitted as mode 1 (receiver said no fix, or no position). */
  noFixEpochs: number;
  /** Epochs reported again because a sentence of theirs arrived after the first report. */
  amendedEpochs: number;
  /** Epochs without a time because no date was known yet (no RMC/ZDA, no reference date). */
  undatedEpochs: number;
  weekRolloverCorrections: number;
  /** Values dropped because they are outside their physical range, by field. */
  outOfRange: OutOfRangeCounts;
  /** The sentence that ended the last complete cycle (e.g. `GPGLL`). */
  cycleEnder?: string;
}

const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;
const ROLLOVER_MS = 1024 * 7 * DAY_MS;
/** A 3D solution needs four satellites (x, y, z and the receiver clock). */
const SATELLITES_FOR_3D = 4;

interface Epoch {
  /** Milliseconds since midnight UTC; undefined for an epoch without a time. */
  timeOfDayMs?: number;
  /** RMC/GGA/GNS/GLL without a time is in this epoch: it never takes a time. */
  timeless: boolean;
  /** UTC ms of midnight of the date a sentence of this epoch carried (RMC). */
  dayStartMs?: number;
  /** How many of each sentence (by address, e.g. `GNGSA`) this epoch holds. */
  sentences: Map<string, number>;
  lastAddress?: string;
  /** A sentence said "no fix": RMC V, GGA quality 0, GSA mode 1, GNS mode N, GLL V. */
  invalid: boolean;
  /** GSA, GGA or GNS came: the epoch says itself whether it is 2D or 3D. */
  reportsDimension: boolean;
  gsaMode?: FixMode;
  lat?: number;
  lon?: number;
  altMsl?: number;
  geoidSep?: number;
  speed?: number;
  track?: number;
  magvar?: number;
  quality?: number;
  /** Satellites used, from GGA/GNS. */
  ggaSatellites?: number;
  /** Satellites used, from the GSAs (gpsd's PRNs, each once). */
  gsaPrns?: Set<number>;
  hdop?: number;
  pdop?: number;
  vdop?: number;
  /** The report emitted for this epoch, if any; compared with the epoch when it closes. */
  reported?: FixReport;
  amended: boolean;
}

function newEpoch(timeOfDayMs?: number): Epoch {
  return { timeOfDayMs, timeless: false, sentences: new Map(), invalid: false, reportsDimension: false, amended: false };
}

function dateToDayStartMs(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

export function parseReferenceDate(value: string): number {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  // Date.UTC rolls 2020-13-45 over into 2021: only a date that survives the round trip is one.
  const probe = new Date(ms);
  if (!m || !Number.isFinite(ms) || probe.getUTCMonth() !== Number(m[2]) - 1 || probe.getUTCDate() !== Number(m[3])) throw new Error(`reference date ${JSON.stringify(value)} is not YYYY-MM-DD`);
  return ms;
}

const TIMED_TYPES: ReadonlySet<string> = new Set(['RMC', 'GGA', 'GNS', 'GLL']);

function sameMembers(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export class FixAssembler {
  private epoch: Epoch = newEpoch();
  /** The last complete cycle: early emission waits for the same content. */
  private previousCycle: { sentences: Map<string, number>; lastAddress: string } | undefined;
  /** The last resolved UTC instant: time-only sentences take the date that puts them within ±12 h of it. */
  private anchorMs: number | undefined;
  private readonly rolloverFloorMs: number;
  private readonly minMagvarDeg: number;
  /** The receiver's last reported dimension was 3D: it holds for epochs that report none (RMC, GLL, VTG only). */
  private held3d = false;
  /** Satellites used by the last epoch with a GSA (the sky view's `used` flags between GSAs). */
  private usedPrns: ReadonlySet<number> = new Set();
  private readonly sky: SkyViewCollector;
  private readonly counts = { fixes: 0, noFixEpochs: 0, amendedEpochs: 0, undatedEpochs: 0, weekRolloverCorrections: 0 };

  constructor(
    options: FixAssemblerOptions = {},
    private readonly checker = new FieldChecker(),
  ) {
    this.sky = new SkyViewCollector(checker);
    const o = { ...FIX_ASSEMBLER_DEFAULTS, ...options };
    this.minMagvarDeg = o.minMagvarDeg;
    if (o.referenceDate !== undefined) {
      // Midday, so that any time of that day is within 12 h of it.
      this.anchorMs = parseReferenceDate(o.referenceDate) + HALF_DAY_MS;
      this.rolloverFloorMs = this.anchorMs - ROLLOVER_MS / 2;
    } else {
      this.rolloverFloorMs = parseReferenceDate(o.rolloverFloorDate);
    }
  }

  /** Feeds one decoded sentence; returns the reports it completed (zero, one, or rarely two). */
  push(sentence: NmeaSentence): FixReport[] {
    const out: FixReport[] = [];
    if (sentence.type === 'ZDA') {
      this.applyZda(sentence);
      return out;
    }
    if (sentence.type === 'GSV') {
      this.sky.push(sentence);
      return out;
    }
    let epoch = this.epoch;
    const address = sentence.address;
    if (TIMED_TYPES.has(sentence.type)) {
      const timeOfDayMs = 'timeOfDayMs' in sentence ? sentence.timeOfDayMs : undefined;
      if (timeOfDayMs === undefined) {
        if (epoch.timeOfDayMs !== undefined || (epoch.sentences.has(address) && epoch.lastAddress !== address)) epoch = this.nextEpoch(out);
        epoch.timeless = true;
      } else if (epoch.timeless || (epoch.timeOfDayMs !== undefined && epoch.timeOfDayMs !== timeOfDayMs)) {
        epoch = this.nextEpoch(out, timeOfDayMs);
      } else {
        // Untimed sentences collected so far open this epoch.
        epoch.timeOfDayMs = timeOfDayMs;
      }
    } else if (epoch.timeOfDayMs === undefined && epoch.sentences.has(address) && epoch.lastAddress !== address) {
      // A receiver without time (cold start): a repeated sentence marks the next cycle.
      epoch = this.nextEpoch(out);
    }
    epoch.sentences.set(address, (epoch.sentences.get(address) ?? 0) + 1);
    epoch.lastAddress = address;
    this.apply(epoch, sentence);
    if (epoch.reported !== undefined) epoch.amended = true;
    else if (epoch.timeOfDayMs !== undefined && this.endsCycle(epoch, address)) out.push(this.report(epoch));
    return out;
  }

  /** End of input: reports the epoch in progress. */
  flush(): FixReport[] {
    const out: FixReport[] = [];
    this.nextEpoch(out);
    return out;
  }

  stats(): FixAssemblerStats {
    return { ...this.counts, outOfRange: { ...this.checker.counts }, cycleEnder: this.previousCycle?.lastAddress };
  }

  private endsCycle(epoch: Epoch, address: string): boolean {
    const previous = this.previousCycle;
    if (previous === undefined || previous.lastAddress !== address) return false;
    for (const [addr, count] of previous.sentences) {
      if ((epoch.sentences.get(addr) ?? 0) < count) return false;
    }
    return true;
  }

  /** Closes the epoch in progress (reporting it, or reporting it again when amended) and opens the next. */
  private nextEpoch(out: FixReport[], timeOfDayMs?: number): Epoch {
    const epoch = this.epoch;
    if (epoch.timeOfDayMs !== undefined && epoch.lastAddress !== undefined) {
      this.previousCycle = { sentences: epoch.sentences, lastAddress: epoch.lastAddress };
    }
    if (epoch.sentences.size > 0) {
      if (epoch.reported === undefined) out.push(this.report(epoch));
      else if (epoch.amended) {
        const again = this.build(epoch, false);
        if (JSON.stringify(again.report) !== JSON.stringify(epoch.reported)) {
          this.counts.amendedEpochs++;
          out.push(this.commit(epoch, again));
        }
      }
    }
    return (this.epoch = newEpoch(timeOfDayMs));
  }

  private applyZda(s: ZdaSentence): void {
    if (s.date === undefined || this.checker.check('year', s.date.year) === undefined) return;
    const dayStartMs = this.correctRollover(dateToDayStartMs(s.date));
    this.anchorMs = dayStartMs + (s.timeOfDayMs ?? HALF_DAY_MS);
  }

  private apply(epoch: Epoch, s: Exclude<NmeaSentence, { type: 'ZDA' | 'GSV' }>): void {
    const c = this.checker;
    switch (s.type) {
      case 'RMC':
        if (s.date && c.check('year', s.date.year) !== undefined) epoch.dayStartMs = this.correctRollover(dateToDayStartMs(s.date));
        if (!s.valid || s.faaMode === 'N') {
          epoch.invalid = true;
          return;
        }
        this.setPosition(epoch, s.lat, s.lon);
        epoch.speed = c.check('speed', s.speedKnots === undefined ? undefined : knotsToMps(s.speedKnots)) ?? epoch.speed;
        epoch.track = c.check('track', s.trackDeg) ?? epoch.track;
        {
          const magvar = c.check('magvar', s.magvarDeg);
          if (magvar !== undefined && Math.abs(magvar) > this.minMagvarDeg) epoch.magvar = magvar;
        }
        return;
      case 'GGA':
      case 'GNS':
        epoch.reportsDimension = true;
        if (s.type === 'GGA') {
          epoch.quality = c.check('quality', s.quality) ?? epoch.quality;
          if (!s.quality) {
            epoch.invalid = true;
            return;
          }
        } else if (/^N*$/.test(s.modeIndicator)) {
          epoch.invalid = true;
          return;
        }
        this.setPosition(epoch, s.lat, s.lon);
        epoch.altMsl = c.check('altMSL', s.altMslM) ?? epoch.altMsl;
        epoch.geoidSep = c.check('geoidSep', s.geoidSeparationM) ?? epoch.geoidSep;
        epoch.ggaSatellites = c.check('uSat', s.satellitesUsed) ?? epoch.ggaSatellites;
        epoch.hdop = c.check('hdop', s.hdop) ?? epoch.hdop;
        return;
      case 'GSA': {
        // One GSA per constellation on multi-GNSS receivers: the best mode and all satellites count;
        // the epoch is "no fix" only when every GSA says so.
        epoch.reportsDimension = true;
        if (s.fixMode !== undefined && (epoch.gsaMode === undefined || s.fixMode > epoch.gsaMode)) epoch.gsaMode = s.fixMode;
        const prns = (epoch.gsaPrns ??= new Set());
        for (const id of s.satellitesUsed) {
          const prn = c.check('PRN', nmeaSatellitePrn(s.talker, id, s.systemId));
          if (prn !== undefined) prns.add(prn);
        }
        epoch.pdop = c.check('pdop', s.pdop) ?? epoch.pdop;
        const hdop = c.check('hdop', s.hdop);
        if (epoch.hdop === undefined) epoch.hdop = hdop;
        epoch.vdop = c.check('vdop', s.vdop) ?? epoch.vdop;
        return;
      }
      case 'VTG': {
        if (s.faaMode === 'N') return;
        epoch.track = c.check('track', s.trackDeg) ?? epoch.track;
        epoch.speed = c.check('speed', s.speedKnots !== undefined ? knotsToMps(s.speedKnots) : s.speedKmh !== undefined ? kmhToMps(s.speedKmh) : undefined) ?? epoch.speed;
        return;
      }
      case 'GLL':
        if (!s.valid || s.faaMode === 'N') {
          epoch.invalid = true;
          return;
        }
        this.setPosition(epoch, s.lat, s.lon);
        return;
    }
  }

  private setPosition(epoch: Epoch, lat: number | undefined, lon: number | undefined): void {
    const checkedLat = this.checker.check('lat', lat);
    const checkedLon = this.checker.check('lon', lon);
    if (checkedLat === undefined || checkedLon === undefined) return;
    epoch.lat = checkedLat;
    epoch.lon = checkedLon;
  }

  private correctRollover(dayStartMs: number): number {
    if (dayStartMs >= this.rolloverFloorMs) return dayStartMs;
    let corrected = dayStartMs;
    while (corrected < this.rolloverFloorMs) corrected += ROLLOVER_MS;
    this.counts.weekRolloverCorrections++;
    return corrected;
  }

  private resolveTime(epoch: Epoch): number | undefined {
    const tod = epoch.timeOfDayMs;
    if (tod === undefined) return undefined;
    if (epoch.dayStartMs !== undefined) return epoch.dayStartMs + tod;
    if (this.anchorMs === undefined) return undefined;
    // The day (of anchor-1, anchor, anchor+1) that puts this time within 12 h of the anchor.
    const anchorDay = Math.floor(this.anchorMs / DAY_MS) * DAY_MS;
    let best = anchorDay + tod;
    for (const candidate of [best - DAY_MS, best + DAY_MS]) {
      if (Math.abs(candidate - this.anchorMs) < Math.abs(best - this.anchorMs)) best = candidate;
    }
    return best;
  }

  private mode(epoch: Epoch): FixMode {
    if (epoch.invalid || epoch.gsaMode === 1 || epoch.lat === undefined || epoch.lon === undefined) return 1;
    if (epoch.gsaMode === 3) return 3;
    // An altitude from GGA/GNS means 3D even when GSA says 2D (Quectel and Ashtech send GSA mode 2
    // with a full 3D solution), unless fewer than 4 satellites were used: then it is a 2D
    // solution with an assumed altitude (gpsd's rule).
    const satellites = epoch.ggaSatellites ?? epoch.gsaPrns?.size;
    if (epoch.altMsl !== undefined && (satellites === undefined || satellites >= SATELLITES_FOR_3D)) return 3;
    if (!epoch.reportsDimension && this.held3d) return 3;
    return 2;
  }

  /** The epoch's first report. */
  private report(epoch: Epoch): FixReport {
    const built = this.build(epoch, true);
    if (built.timeMs !== undefined && built.report.fix.time !== undefined) this.anchorMs = built.timeMs;
    else if (epoch.timeOfDayMs !== undefined) this.counts.undatedEpochs++;
    this.sky.epochEnded();
    return this.commit(epoch, built);
  }

  /** The epoch as it stands; `first`: its first report (an out-of-range time is counted then only). */
  private build(epoch: Epoch, first: boolean): { report: FixReport; timeMs?: number } {
    const timeMs = this.resolveTime(epoch);
    const mode = this.mode(epoch);
    const fix: Fix = { class: 'TPV', mode };
    const time = first ? this.checker.time(timeMs) : isoTimeWithinBounds(timeMs);
    if (time !== undefined) fix.time = time;
    if (mode !== 1) {
      fix.lat = epoch.lat;
      fix.lon = epoch.lon;
      if (epoch.altMsl !== undefined && mode === 3) {
        fix.altMSL = epoch.altMsl;
        // Rounded to 0.1 mm so that float noise (56.400000000000006) stays out of the JSON.
        if (epoch.geoidSep !== undefined) fix.altHAE = Math.round((epoch.altMsl + epoch.geoidSep) * 1e4) / 1e4;
      }
      if (epoch.speed !== undefined) fix.speed = epoch.speed;
      if (epoch.track !== undefined) fix.track = epoch.track;
      if (epoch.magvar !== undefined) fix.magvar = epoch.magvar;
      if (epoch.geoidSep !== undefined) fix.geoidSep = epoch.geoidSep;
    }
    if (epoch.quality !== undefined) fix.quality = epoch.quality;
    const uSat = epoch.ggaSatellites ?? (epoch.gsaPrns !== undefined && epoch.gsaPrns.size > 0 ? epoch.gsaPrns.size : undefined);
    if (uSat !== undefined) fix.uSat = uSat;
    if (epoch.hdop !== undefined) fix.hdop = epoch.hdop;
    if (epoch.pdop !== undefined) fix.pdop = epoch.pdop;
    if (epoch.vdop !== undefined) fix.vdop = epoch.vdop;
    // The same set while the same satellites are used: the sky view is rebuilt only on a change.
    if (epoch.gsaPrns !== undefined && !sameMembers(epoch.gsaPrns, this.usedPrns)) this.usedPrns = epoch.gsaPrns;
    const sky = this.skyView(fix);
    return { report: sky === undefined ? { fix } : { fix, sky }, timeMs };
  }

  /** Records a report as emitted: the dimension it holds for later epochs, the counts. */
  private commit(epoch: Epoch, built: { report: FixReport }): FixReport {
    const { mode } = built.report.fix;
    if (mode === 1) this.held3d = false;
    else if (epoch.reportsDimension) this.held3d = mode === 3;
    epoch.reported = built.report;
    this.counts.fixes++;
    if (mode === 1) this.counts.noFixEpochs++;
    return built.report;
  }

  private skyView(fix: Fix): SkyView | undefined {
    const satellites = this.sky.satellites(this.usedPrns);
    if (satellites === undefined && fix.uSat === undefined && fix.hdop === undefined && fix.pdop === undefined && fix.vdop === undefined) return undefined;
    const sky: SkyView = { class: 'SKY' };
    if (fix.time !== undefined) sky.time = fix.time;
    if (satellites !== undefined) {
      sky.nSat = satellites.length;
      sky.uSat = satellites.filter((s) => s.used).length;
      sky.satellites = satellites;
    } else if (fix.uSat !== undefined) sky.uSat = fix.uSat;
    if (fix.hdop !== undefined) sky.hdop = fix.hdop;
    if (fix.pdop !== undefined) sky.pdop = fix.pdop;
    if (fix.vdop !== undefined) sky.vdop = fix.vdop;
    return sky;
  }
}
