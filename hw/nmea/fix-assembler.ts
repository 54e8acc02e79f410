import { kmhToMps, knotsToMps } from '../../common/units.js';
import type { Fix, FixMode } from '../fix.js';
import type { CalendarDate, NmeaSentence, ZdaSentence } from './decoder.js';

/**
 * Fix assembly: decoded sentences in, one `Fix` per reporting cycle (epoch) out.
 *
 * Cycle detection starts from gpsd's (drivers/driver_nmea0183.c, "end-of-cycle detector"): a
 * sentence carrying a new time of day (RMC, GGA, GNS, GLL) starts a new epoch and closes the
 * previous one. gpsd also remembers the timed sentence seen last before the time changed as a
 * "cycle ender" and reports as soon as it arrives, but its set of enders only grows: one
 * truncated cycle makes an early sentence an ender for good and later cycles are cut short.
 * We remember the previous cycle instead (its last sentence and how many of each sentence it
 * had) and emit early when the current cycle has reached that same last sentence with at least
 * the same content; otherwise the epoch is emitted when the next one starts (one cycle later).
 * Sentences without a time (GSA, VTG) belong to the epoch in progress; one arriving after its
 * epoch was emitted is counted as late and ignored (gpsd clears it at the next cycle start).
 * ZDA carries a date and a time but several receivers stamp it with the next second, so it
 * only sets the date, never an epoch boundary.
 */
export const FIX_ASSEMBLER_DEFAULTS = {
  /** YYYY-MM-DD used for time-only sentences until an RMC/ZDA supplies a date. */
  referenceDate: undefined as string | undefined,
  /**
   * Without a reference date, a date before this one is taken as a GPS week rollover
   * (receivers with a 10-bit week counter report dates 1024 weeks too early).
   */
  rolloverFloorDate: '2000-01-01',
};

export type FixAssemblerOptions = Partial<typeof FIX_ASSEMBLER_DEFAULTS>;

export interface FixAssemblerStats {
  fixes: number;
  /** Epochs emitted as mode 1 (receiver said no fix, or no position). */
  noFixEpochs: number;
  /** Untimed sentences that arrived after their epoch had been emitted. */
  lateSentences: number;
  /** Timed sentences for an epoch already emitted (a second ender in one cycle). */
  lateTimedSentences: number;
  /** Epochs without a time because no date was known yet (no RMC/ZDA, no reference date). */
  undatedEpochs: number;
  weekRolloverCorrections: number;
  /** The sentence that ended the last complete cycle (e.g. `GPGLL`). */
  cycleEnder?: string;
}

const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;
const ROLLOVER_MS = 1024 * 7 * DAY_MS;

interface Epoch {
  /** Milliseconds since midnight UTC; undefined for an epoch of untimed sentences only. */
  timeOfDayMs?: number;
  /** UTC ms of midnight of the date a sentence of this epoch carried (RMC/ZDA). */
  dayStartMs?: number;
  /** How many of each sentence (by address, e.g. `GNGSA`) this epoch holds. */
  sentences: Map<string, number>;
  lastAddress?: string;
  /** A sentence said "no fix": RMC V, GGA quality 0, GSA mode 1, GNS mode N, GLL V. */
  invalid: boolean;
  gsaMode?: FixMode;
  lat?: number;
  lon?: number;
  altMslM?: number;
  geoidSeparationM?: number;
  speedMps?: number;
  trackDeg?: number;
  quality?: number;
  satellitesUsed?: number;
  gsaSatellitesUsed: number;
  hdop?: number;
  pdop?: number;
  vdop?: number;
  emitted: boolean;
}

function newEpoch(timeOfDayMs?: number): Epoch {
  return { timeOfDayMs, sentences: new Map(), invalid: false, gsaSatellitesUsed: 0, emitted: false };
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

export class FixAssembler {
  private epoch: Epoch = newEpoch();
  /** The last complete cycle: early emission waits for the same content. */
  private previousCycle: { sentences: Map<string, number>; lastAddress: string } | undefined;
  /** The last resolved UTC instant: time-only sentences take the date that puts them within ±12 h of it. */
  private anchorMs: number | undefined;
  private readonly rolloverFloorMs: number;
  private readonly counts = {
    fixes: 0,
    noFixEpochs: 0,
    lateSentences: 0,
    lateTimedSentences: 0,
    undatedEpochs: 0,
    weekRolloverCorrections: 0,
  };

  constructor(options: FixAssemblerOptions = {}) {
    const referenceDate = options.referenceDate ?? FIX_ASSEMBLER_DEFAULTS.referenceDate;
    if (referenceDate !== undefined) {
      // Midday, so that any time of that day is within 12 h of it.
      this.anchorMs = parseReferenceDate(referenceDate) + HALF_DAY_MS;
      this.rolloverFloorMs = this.anchorMs - ROLLOVER_MS / 2;
    } else {
      this.rolloverFloorMs = parseReferenceDate(options.rolloverFloorDate ?? FIX_ASSEMBLER_DEFAULTS.rolloverFloorDate);
    }
  }

  /** Feeds one decoded sentence; returns the fixes it completed (zero, one, or rarely two). */
  push(sentence: NmeaSentence): Fix[] {
    const out: Fix[] = [];
    if (sentence.type === 'ZDA') {
      this.applyZda(sentence);
      return out;
    }
    const timeOfDayMs = 'timeOfDayMs' in sentence ? sentence.timeOfDayMs : undefined;
    let epoch = this.epoch;
    if (timeOfDayMs !== undefined) {
      if (epoch.timeOfDayMs !== undefined && epoch.timeOfDayMs !== timeOfDayMs) {
        this.closeEpoch(out);
        epoch = this.epoch = newEpoch(timeOfDayMs);
      } else if (epoch.timeOfDayMs === undefined) {
        // Untimed sentences collected so far open this epoch.
        epoch.timeOfDayMs = timeOfDayMs;
      } else if (epoch.emitted) {
        this.counts.lateTimedSentences++;
        return out;
      }
    } else if (epoch.emitted) {
      this.counts.lateSentences++;
      return out;
    } else if (epoch.timeOfDayMs === undefined && epoch.sentences.has(sentence.address)) {
      // A receiver without time (cold start): a repeated sentence marks the next cycle.
      this.closeEpoch(out);
      epoch = this.epoch = newEpoch();
    }
    epoch.sentences.set(sentence.address, (epoch.sentences.get(sentence.address) ?? 0) + 1);
    epoch.lastAddress = sentence.address;
    this.apply(epoch, sentence);
    if (epoch.timeOfDayMs !== undefined && this.endsCycle(epoch, sentence.address)) {
      out.push(this.finish(epoch));
      epoch.emitted = true;
    }
    return out;
  }

  /** End of input: emits the epoch in progress. */
  flush(): Fix[] {
    const out: Fix[] = [];
    this.closeEpoch(out);
    this.epoch = newEpoch();
    return out;
  }

  stats(): FixAssemblerStats {
    return { ...this.counts, cycleEnder: this.previousCycle?.lastAddress };
  }

  private endsCycle(epoch: Epoch, address: string): boolean {
    const previous = this.previousCycle;
    if (previous === undefined || previous.lastAddress !== address) return false;
    for (const [addr, count] of previous.sentences) {
      if ((epoch.sentences.get(addr) ?? 0) < count) return false;
    }
    return true;
  }

  private closeEpoch(out: Fix[]): void {
    const epoch = this.epoch;
    if (epoch.timeOfDayMs !== undefined && epoch.lastAddress !== undefined) {
      this.previousCycle = { sentences: epoch.sentences, lastAddress: epoch.lastAddress };
    }
    if (!epoch.emitted && epoch.sentences.size > 0) out.push(this.finish(epoch));
  }

  private applyZda(s: ZdaSentence): void {
    if (s.date === undefined) return;
    const dayStartMs = this.correctRollover(dateToDayStartMs(s.date));
    this.anchorMs = dayStartMs + (s.timeOfDayMs ?? HALF_DAY_MS);
  }

  private apply(epoch: Epoch, s: NmeaSentence): void {
    switch (s.type) {
      case 'RMC':
        if (s.date) epoch.dayStartMs = this.correctRollover(dateToDayStartMs(s.date));
        if (!s.valid || s.faaMode === 'N') {
          epoch.invalid = true;
          return;
        }
        this.setPosition(epoch, s.lat, s.lon);
        if (s.speedKnots !== undefined) epoch.speedMps = knotsToMps(s.speedKnots);
        if (s.trackDeg !== undefined) epoch.trackDeg = s.trackDeg;
        return;
      case 'GGA':
      case 'GNS':
        if (s.type === 'GGA') {
          epoch.quality = s.quality;
          if (!s.quality) {
            epoch.invalid = true;
            return;
          }
        } else if (/^N*$/.test(s.modeIndicator)) {
          epoch.invalid = true;
          return;
        }
        this.setPosition(epoch, s.lat, s.lon);
        if (s.altMslM !== undefined) epoch.altMslM = s.altMslM;
        if (s.geoidSeparationM !== undefined) epoch.geoidSeparationM = s.geoidSeparationM;
        if (s.satellitesUsed !== undefined) epoch.satellitesUsed = s.satellitesUsed;
        if (s.hdop !== undefined) epoch.hdop = s.hdop;
        return;
      case 'GSA':
        // One GSA per constellation on multi-GNSS receivers: the best mode and all satellites count;
        // the epoch is "no fix" only when every GSA says so.
        if (s.fixMode !== undefined && (epoch.gsaMode === undefined || s.fixMode > epoch.gsaMode)) epoch.gsaMode = s.fixMode;
        epoch.gsaSatellitesUsed += s.satellitesUsed;
        if (s.pdop !== undefined) epoch.pdop = s.pdop;
        if (s.hdop !== undefined && epoch.hdop === undefined) epoch.hdop = s.hdop;
        if (s.vdop !== undefined) epoch.vdop = s.vdop;
        return;
      case 'VTG':
        if (s.faaMode === 'N') return;
        if (s.trackDeg !== undefined && epoch.trackDeg === undefined) epoch.trackDeg = s.trackDeg;
        if (epoch.speedMps === undefined) {
          if (s.speedKnots !== undefined) epoch.speedMps = knotsToMps(s.speedKnots);
          else if (s.speedKmh !== undefined) epoch.speedMps = kmhToMps(s.speedKmh);
        }
        return;
      case 'ZDA':
        return;
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
    if (lat === undefined || lon === undefined) return;
    epoch.lat = lat;
    epoch.lon = lon;
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

  private finish(epoch: Epoch): Fix {
    const timeMs = this.resolveTime(epoch);
    if (timeMs !== undefined) this.anchorMs = timeMs;
    else if (epoch.timeOfDayMs !== undefined) this.counts.undatedEpochs++;

    const hasPosition = epoch.lat !== undefined && epoch.lon !== undefined;
    let mode: FixMode;
    if (epoch.invalid || epoch.gsaMode === 1 || !hasPosition) mode = 1;
    // As gpsd: an altitude from GGA/GNS means a 3D solution, even when GSA says 2D (Quectel,
    // Ashtech send GSA mode 2 with a full 3D solution); GSA 3 without altitude is still 3D.
    else mode = epoch.altMslM !== undefined || epoch.gsaMode === 3 ? 3 : 2;

    const fix: Fix = { class: 'TPV', mode };
    if (timeMs !== undefined) fix.time = new Date(timeMs).toISOString();
    if (mode !== 1) {
      fix.lat = epoch.lat;
      fix.lon = epoch.lon;
      if (epoch.altMslM !== undefined && mode === 3) {
        fix.altMSL = epoch.altMslM;
        // Rounded to 0.1 mm so that float noise (56.400000000000006) stays out of the JSON.
        if (epoch.geoidSeparationM !== undefined) fix.altHAE = Math.round((epoch.altMslM + epoch.geoidSeparationM) * 1e4) / 1e4;
      }
      if (epoch.speedMps !== undefined) fix.speed = epoch.speedMps;
      if (epoch.trackDeg !== undefined) fix.track = epoch.trackDeg;
    }
    if (epoch.quality !== undefined) fix.quality = epoch.quality;
    const uSat = epoch.satellitesUsed ?? (epoch.gsaSatellitesUsed > 0 ? epoch.gsaSatellitesUsed : undefined);
    if (uSat !== undefined) fix.uSat = uSat;
    if (epoch.hdop !== undefined) fix.hdop = epoch.hdop;
    if (epoch.pdop !== undefined) fix.pdop = epoch.pdop;
    if (epoch.vdop !== undefined) fix.vdop = epoch.vdop;

    this.counts.fixes++;
    if (mode === 1) this.counts.noFixEpochs++;
    return fix;
  }
}
