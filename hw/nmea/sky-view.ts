import type { FieldChecker } from '../fix-bounds.js';
import type { Satellite } from '../fix.js';
import type { GsvSentence } from './decoder.js';
import { nmeaSatellitePrn } from './satellite-prn.js';

/**
 * The satellites in view, from GSV sets: one set per talker (and, NMEA 4.10, per signal), each
 * sent as 1–9 numbered sentences. A set replaces that talker's satellites when its last sentence
 * arrives in order; a set with a sentence missing is discarded. Sets spread over several cycles
 * (Garmin) are fine; a talker that stops sending GSV leaves the view after `maxSetAgeEpochs`.
 */
export const SKY_VIEW_DEFAULTS = {
  maxSetAgeEpochs: 10,
};

type SatelliteInView = Omit<Satellite, 'used'>;

interface GsvSet {
  /** The sentence number expected next; 0 when no set is in progress. */
  next: number;
  pending: SatelliteInView[];
  complete?: SatelliteInView[];
  /** Epoch count at which `complete` last arrived. */
  completedAt: number;
}

export class SkyViewCollector {
  private readonly sets = new Map<string, GsvSet>();
  private epochs = 0;
  /** The last view built, kept while no set completes or leaves and the used satellites stay the same. */
  private view: { used: ReadonlySet<number>; satellites: Satellite[] | undefined } | undefined;

  constructor(
    private readonly checker: FieldChecker,
    private readonly maxSetAgeEpochs = SKY_VIEW_DEFAULTS.maxSetAgeEpochs,
  ) {}

  push(s: GsvSentence): void {
    const key = `${s.talker}:${s.signalId ?? ''}`;
    let set = this.sets.get(key);
    if (set === undefined) this.sets.set(key, (set = { next: 0, pending: [], completedAt: 0 }));
    if (s.messageNumber === 1) {
      set.next = 1;
      set.pending = [];
    }
    if (s.messageNumber !== set.next) {
      set.next = 0;
      return;
    }
    for (const raw of s.satellites) {
      const PRN = this.checker.check('PRN', nmeaSatellitePrn(s.talker, raw.id));
      if (PRN === undefined) continue;
      const sat: SatelliteInView = { PRN };
      // Elevation and azimuth come as a pair (gpsd): one without the other is not a direction.
      if (raw.elevationDeg !== undefined && raw.azimuthDeg !== undefined) {
        const el = this.checker.check('el', raw.elevationDeg);
        const az = this.checker.check('az', raw.azimuthDeg);
        if (el !== undefined) sat.el = el;
        if (az !== undefined) sat.az = az === 360 ? 0 : az;
      }
      const ss = this.checker.check('ss', raw.snrDb);
      if (ss !== undefined) sat.ss = ss;
      set.pending.push(sat);
    }
    set.next++;
    if (s.messageNumber === s.messages) {
      set.complete = set.pending;
      set.completedAt = this.epochs;
      set.next = 0;
      this.view = undefined;
    }
  }

  /** An epoch was reported: sets not refreshed for `maxSetAgeEpochs` epochs leave the view. */
  epochEnded(): void {
    this.epochs++;
    for (const [key, set] of this.sets) {
      if (this.epochs - set.completedAt <= this.maxSetAgeEpochs) continue;
      this.sets.delete(key);
      this.view = undefined;
    }
  }

  /**
   * The satellites in view, each once, flagged `used` when the solution used it (gpsd: only with
   * a signal, as NMEA 4.10 does not say which signal of a satellite was used); undefined before
   * any complete set. The same array while nothing changed (callers may cache on it).
   */
  satellites(usedPrns: ReadonlySet<number>): Satellite[] | undefined {
    if (this.view?.used !== usedPrns) this.view = { used: usedPrns, satellites: this.build(usedPrns) };
    return this.view.satellites;
  }

  private build(usedPrns: ReadonlySet<number>): Satellite[] | undefined {
    const seen = new Set<number>();
    let any = false;
    const out: Satellite[] = [];
    for (const set of this.sets.values()) {
      if (set.complete === undefined) continue;
      any = true;
      for (const sat of set.complete) {
        if (seen.has(sat.PRN)) continue;
        seen.add(sat.PRN);
        const satellite: Satellite = { PRN: sat.PRN, used: usedPrns.has(sat.PRN) && (sat.ss ?? 0) > 0 };
        if (sat.el !== undefined) satellite.el = sat.el;
        if (sat.az !== undefined) satellite.az = sat.az;
        if (sat.ss !== undefined) satellite.ss = sat.ss;
        out.push(satellite);
      }
    }
    return any ? out : undefined;
  }
}
