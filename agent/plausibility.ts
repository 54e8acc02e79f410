import { distanceM } from '../common/geo.js';
import { kmhToMps } from '../common/units.js';
import { isJump, malformedFields, PLAUSIBILITY_DEFAULTS } from '../protocol/position-rules.js';
import type { TimedFix } from './sampler.js';

/**
 * The agent's plausibility stage, between the receiver's fixes and the sampler: a fix that is
 * a GPS glitch never becomes a position, so it never takes a seq and never reaches the fleet.
 * The filters are those fleet servers apply (Traccar's filter.invalid, .zero, .duplicate,
 * .maxSpeed, .accuracy; Teltonika's static navigation), run on the vehicle instead, where a
 * rejected fix costs nothing downstream. The rules themselves are the protocol's
 * (protocol/position-rules.ts); the limits here are a truck's. Documented in agent/README.md.
 *
 * Defaults for a truck; each is set in the agent config's `plausibility` section, 0 (or false)
 * disables a filter. Malformed fixes are always rejected: the gateway would refuse them.
 */
export const PLAUSIBILITY_FILTER_DEFAULTS = {
  /**
   * A reported ground speed above this is a glitch: 150 km/h is beyond what a truck does
   * (governed at 90–130 km/h; the real US truck pings in ../shared/data top out at 125 km/h).
   */
  maxSpeed: kmhToMps(150),
  /**
   * A fix farther from the last accepted one than `maxSpeed` × the time between them plus this is
   * a jump (the implied speed, Traccar's filter.maxSpeed). The margin absorbs the receiver's own
   * position noise (metres, more under multipath), which over one second would read as speed.
   */
  jumpToleranceM: 50,
  /**
   * After this many consecutive jumps that agree with each other (each plausible from the one
   * before), the newest is accepted as the new reference: the vehicle is there, and it was the
   * reference that was wrong (a bad first fix, a long gap the receiver bridged badly). 0: never.
   */
  jumpResetAfterFixes: 5,
  /**
   * A fix at exactly the position of the fix before while its own speed says it moved at least
   * this far is frozen: a receiver repeating its last solution (it then catches up in one jump).
   * The real US truck pings show it: the same position 2 s apart at 27 mph.
   */
  frozenMinMoveM: 10,
  /** …and only while the vehicle moves: a parked receiver repeating its position with 1 mph of speed noise is not frozen. */
  frozenMinSpeed: 1,
  /** Lat 0, lon 0 is a receiver's empty solution, not a place trucks go (Traccar's filter.zero). */
  rejectZeroIsland: true,
  /** HDOP above 20 rates "poor": positions off by up to ~300 m (Traccar's filter.accuracy, Wialon's maxHdop). */
  maxHdop: 20,
  /** A 2D solution needs 3 satellites: a fix claiming fewer is not one. */
  minUSat: 3,
  /** Earlier fix times are a receiver without a date (or a GPS week-rollover bug). */
  minTimeMs: PLAUSIBILITY_DEFAULTS.minTimeMs,
  /**
   * Static navigation (Teltonika): below this reported speed the vehicle stands, and its position
   * is held where it stopped, so a parked truck's drifting fixes draw no star around the car park.
   */
  staticBelowSpeed: 0.5,
  /** …unless the position drifts farther than this from where it is held: the truck is moving (towed, crawling). */
  staticMaxDriftM: 30,
};

export type PlausibilityFilterOptions = typeof PLAUSIBILITY_FILTER_DEFAULTS;

/** Why a fix was rejected; each is counted. */
export const REJECT_REASONS = ['malformed', 'zero-island', 'time-early', 'duplicate-time', 'hdop', 'satellites', 'speed', 'frozen', 'jump'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type FixVerdict = { fix: TimedFix; held: boolean } | { rejected: RejectReason };

export interface PlausibilityCounts {
  accepted: number;
  /** Accepted with the position held by static navigation. */
  held: number;
  rejected: Record<RejectReason, number>;
}

/** Judges fixes in arrival order; keeps the last accepted fix as the reference for the next. */
export class PlausibilityFilter {
  readonly options: PlausibilityFilterOptions;
  private lastAccepted: TimedFix | undefined;
  private previous: TimedFix | undefined;
  private held: { lat: number; lon: number } | undefined;
  private jumps: { last: TimedFix; run: number } | undefined;
  private readonly counts: PlausibilityCounts = { accepted: 0, held: 0, rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number> };

  constructor(options: Partial<PlausibilityFilterOptions> = {}) {
    this.options = { ...PLAUSIBILITY_FILTER_DEFAULTS, ...options };
  }

  judge(fix: TimedFix): FixVerdict {
    const malformed = malformedFields(fix).length > 0;
    const reason = malformed ? 'malformed' : this.rejectReason(fix);
    // Every well-formed fix is the next one's "before", rejected or not: a frozen run is frozen throughout.
    if (!malformed) this.previous = fix;
    if (reason) {
      this.counts.rejected[reason]++;
      return { rejected: reason };
    }
    this.jumps = undefined;
    const accepted = this.hold(fix);
    this.lastAccepted = accepted;
    this.counts.accepted++;
    if (accepted !== fix) this.counts.held++;
    return { fix: accepted, held: accepted !== fix };
  }

  status(): PlausibilityCounts {
    return { accepted: this.counts.accepted, held: this.counts.held, rejected: { ...this.counts.rejected } };
  }

  /** Why a well-formed fix is rejected, if it is. */
  private rejectReason(fix: TimedFix): RejectReason | undefined {
    const o = this.options;
    if (o.rejectZeroIsland && fix.lat === 0 && fix.lon === 0) return 'zero-island';
    if (fix.timeMs < o.minTimeMs) return 'time-early';
    const last = this.lastAccepted;
    if (last && fix.timeMs <= last.timeMs) return 'duplicate-time';
    if (o.maxHdop > 0 && fix.hdop !== undefined && fix.hdop > o.maxHdop) return 'hdop';
    if (fix.uSat !== undefined && fix.uSat < o.minUSat) return 'satellites';
    if (o.maxSpeed > 0 && fix.speed !== undefined && fix.speed > o.maxSpeed) return 'speed';
    if (this.frozen(fix)) return 'frozen';
    if (o.maxSpeed > 0 && last && isJump(last, fix, o.maxSpeed, o.jumpToleranceM) && !this.settledElsewhere(fix)) return 'jump';
    return undefined;
  }

  private frozen(fix: TimedFix): boolean {
    const prev = this.previous;
    const o = this.options;
    if (o.frozenMinMoveM <= 0 || !prev || fix.speed === undefined || fix.speed < o.frozenMinSpeed || fix.timeMs <= prev.timeMs) return false;
    const shouldMoveM = (fix.speed * (fix.timeMs - prev.timeMs)) / 1000;
    return fix.lat === prev.lat && fix.lon === prev.lon && shouldMoveM >= o.frozenMinMoveM;
  }

  /** Counts a run of jumps that agree with each other; true when the run is long enough to believe. */
  private settledElsewhere(fix: TimedFix): boolean {
    const o = this.options;
    const run = this.jumps && !isJump(this.jumps.last, fix, o.maxSpeed, o.jumpToleranceM) ? this.jumps.run + 1 : 1;
    this.jumps = { last: fix, run };
    return o.jumpResetAfterFixes > 0 && run >= o.jumpResetAfterFixes;
  }

  /** Static navigation: a standing vehicle keeps the position where it stopped. */
  private hold(fix: TimedFix): TimedFix {
    const o = this.options;
    if (o.staticBelowSpeed <= 0 || fix.speed === undefined || fix.speed >= o.staticBelowSpeed) {
      this.held = undefined;
      return fix;
    }
    if (!this.held || distanceM(this.held.lat, this.held.lon, fix.lat, fix.lon) > o.staticMaxDriftM) {
      this.held = { lat: fix.lat, lon: fix.lon };
      return fix;
    }
    return { ...fix, lat: this.held.lat, lon: this.held.lon };
  }
}
