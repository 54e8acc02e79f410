import { gToMps2, kmhToMps } from '../common/units.js';
import { DRIVING_EVENT_KINDS, type DrivingEvent, type DrivingEventKind, type TrailPoint } from '../protocol/driving-event.js';
import { zoneLimitAt, type SpeedZone } from '../protocol/speed-zones.js';
import type { TimedFix } from './sampler.js';

/**
 * Driver behaviour, detected on the truck: the agent's stage after the plausibility filter, on the
 * full-rate fix stream (the sampler keeps one position per 30 s / 200 m, in which a two-second
 * harsh brake is invisible). It sees only accepted fixes, so a GPS glitch is never a harsh event.
 * Documented in agent/README.md ("Driving events"), with the reasons for each default.
 *
 * Thresholds for a loaded truck; each is set in the agent config's `driving` section, 0 disables
 * a kind. Telematics vendors lower their thresholds with the vehicle's weight (GPS Insight
 * recommends 0.35–0.38 g for vehicles up to 10,000 lb, less above); a loaded articulated truck
 * brakes at 0.4–0.5 g at most and its engine gives it about 0.1 g.
 */
export const DRIVING_EVENT_DEFAULTS = {
  /** false: no detection at all (the stage is skipped; what the agent bench compares against). */
  enabled: true,
  /** Longitudinal acceleration from the GNSS speed at or above this: harsh acceleration (0.15 g, only an empty truck reaches it). */
  harshAcceleration: gToMps2(0.15),
  /** Deceleration at or above this: harsh braking (0.3 g: well beyond a planned stop, below an emergency stop's 0.45 g). */
  harshBraking: gToMps2(0.3),
  /** Lateral acceleration (speed × yaw rate) at or above this: harsh cornering (0.25 g: a loaded truck rolls over at ~0.35 g). */
  harshCornering: gToMps2(0.25),
  /** A change of speed or course needing more than this is a receiver glitch, not driving: no tyre grips beyond ~1 g. */
  maxAcceleration: gToMps2(1),
  /** A harsh event must stay over its threshold this long (first to last fix over it): a single fix's speed spike is not one. */
  harshMinDurationMs: 1_000,
  /**
   * Speeds and tracks are compared with the newest fix at least this much earlier, and divided by the
   * real time between them: at 10 Hz a single fix interval turns 0.1 m/s of speed noise into 0.1 g;
   * over 0.5 s it is 0.02 g, and a 2.5 s lane change's peak is still measured within 7 %.
   */
  windowMs: 500,
  /** Cornering only while moving at least this fast: the course of a slow vehicle is noise (18 km/h). */
  corneringMinSpeed: 5,
  /**
   * The fleet-wide speed limit: the EU's speed limiter setting for trucks over 3.5 t (90 km/h).
   * 0: none (only speed zones, if the agent has any, are judged). A speed zone's lower limit
   * applies inside it (protocol/speed-zones.ts; the agent's `speedZonesFile`).
   */
  speedLimit: kmhToMps(90),
  /** This vehicle's class, a key of `speedLimitByClass`; '' uses the fleet-wide `speedLimit`. */
  vehicleClass: '',
  /** Speed limit by vehicle class (0: the fleet-wide limit): EU limiters, trucks (N2, N3) 90 km/h, buses (M2, M3) 100 km/h. */
  speedLimitByClass: { van: 0, truck: kmhToMps(90), bus: kmhToMps(100) },
  /** Speeding must last this long: a moment over the limit downhill or overtaking is not counted. */
  speedingMinDurationMs: 10_000,
  /** Below this speed the vehicle stands (the sampler's `stoppedBelowMps`: a parked receiver's speed noise stays under it). */
  idleBelowSpeed: 1,
  /** Standing with a fix (the agent runs on ignition power) this long is excessive idling (5 min, as fleet products default). */
  idleMinDurationMs: 5 * 60_000,
  /** An event ends when its value stays under the threshold this long: a lane change's left and right swerves are one event. */
  endAfterMs: 2_000,
  /** A gap in the fixes longer than this ends every event (no speed change is measured across it). */
  maxGapMs: 5_000,
  /** The trail: positions from this long before the peak to this long after it… */
  trailSpanMs: 10_000,
  /** …at most one per this period (1 Hz). */
  trailPeriodMs: 1_000,
};

export type DrivingEventOptions = typeof DRIVING_EVENT_DEFAULTS;
export type VehicleClass = keyof DrivingEventOptions['speedLimitByClass'];

export type DrivingEventCounts = Record<DrivingEventKind, number>;

/** An event being watched: open while its value is over the threshold, then closed until its trail is complete. */
interface Episode {
  kind: DrivingEventKind;
  startMs: number;
  lastOverMs: number;
  peak: number;
  peakFix: TimedFix;
  /** The limit at the peak (speeding: the zone's or the vehicle's). */
  peakThreshold?: number;
  trail: TrailPoint[];
}

/** One fix's measured value for a kind: over the threshold or not, the value (the peak is its largest) and the threshold that applied. */
interface Measure {
  over: boolean;
  value: number;
  threshold?: number;
}
type Measures = Record<DrivingEventKind, Measure>;

/** The speed limit that applies to this vehicle: its class's, or the fleet-wide one. */
export function speedLimitOf(o: Pick<DrivingEventOptions, 'speedLimit' | 'vehicleClass' | 'speedLimitByClass'>): number {
  const byClass = o.vehicleClass ? o.speedLimitByClass[o.vehicleClass as VehicleClass] : 0;
  return byClass > 0 ? byClass : o.speedLimit;
}

/** Course change from `from` to `to` in degrees, signed (positive clockwise), in (-180, 180]. */
function signedTurnDeg(from: number, to: number): number {
  const d = (((to - from) % 360) + 360) % 360;
  return d > 180 ? d - 360 : d;
}

function trailPoint(fix: TimedFix): TrailPoint {
  const p: TrailPoint = { timeMs: fix.timeMs, lat: fix.lat, lon: fix.lon };
  if (fix.speed !== undefined) p.speed = fix.speed;
  if (fix.track !== undefined) p.track = fix.track;
  return p;
}

/**
 * Finds driving events in accepted fixes, in fix-time order. `offer` returns the events that
 * completed at this fix (an event is complete once it ended and its trail reaches `trailSpanMs`
 * past the peak); `flush` ends everything open (the agent stops). Pure: time is the fixes' own.
 */
export class DrivingEventDetector {
  readonly options: DrivingEventOptions;
  readonly speedLimit: number;
  /** Recent fixes, oldest first: the window's reference and the trail before a peak. */
  private history: TimedFix[] = [];
  private readonly open = new Map<DrivingEventKind, Episode>();
  private pending: Episode[] = [];
  private readonly counts = Object.fromEntries(DRIVING_EVENT_KINDS.map((k) => [k, 0])) as DrivingEventCounts;
  private readonly speedZones: readonly SpeedZone[];

  /** `speedZones`: areas with their own (lower) limit, from the plan (protocol/speed-zones.ts). */
  constructor(options: Partial<DrivingEventOptions> = {}, speedZones: readonly SpeedZone[] = []) {
    this.options = { ...DRIVING_EVENT_DEFAULTS, ...options, speedLimitByClass: { ...DRIVING_EVENT_DEFAULTS.speedLimitByClass, ...options.speedLimitByClass } };
    this.speedLimit = speedLimitOf(this.options);
    this.speedZones = speedZones;
  }

  /** The limit at a fix: a speed zone's where one applies and is lower, else the vehicle's (0: none). */
  speedLimitAt(lat: number, lon: number): number {
    const zone = this.speedZones.length > 0 ? zoneLimitAt(this.speedZones, lat, lon) : undefined;
    if (!zone) return this.speedLimit;
    return this.speedLimit > 0 ? Math.min(this.speedLimit, zone.speedLimit) : zone.speedLimit;
  }

  offer(fix: TimedFix): DrivingEvent[] {
    const out: DrivingEvent[] = [];
    const previous = this.history.at(-1);
    if (previous && fix.timeMs <= previous.timeMs) return out;
    if (previous && fix.timeMs - previous.timeMs > this.options.maxGapMs) {
      this.endAll(out);
      this.history = [];
    }
    for (const episode of [...this.open.values(), ...this.pending]) this.extendTrail(episode, fix);
    this.remember(fix);
    const measures = this.measure(fix);
    for (const kind of DRIVING_EVENT_KINDS) this.step(kind, fix, measures[kind]);
    this.pending = this.pending.filter((episode) => {
      if (fix.timeMs < episode.peakFix.timeMs + this.options.trailSpanMs) return true;
      out.push(this.emit(episode));
      return false;
    });
    return out;
  }

  /** Ends every event now (the fix stream stops): those long enough are returned with the trail they have. */
  flush(): DrivingEvent[] {
    const out: DrivingEvent[] = [];
    this.endAll(out);
    this.history = [];
    return out;
  }

  /** Events found so far, by kind. */
  status(): DrivingEventCounts {
    return { ...this.counts };
  }

  private endAll(out: DrivingEvent[]): void {
    for (const episode of [...this.open.values()]) this.close(episode);
    for (const episode of this.pending) out.push(this.emit(episode));
    this.pending = [];
  }

  private remember(fix: TimedFix): void {
    this.history.push(fix);
    const keepFromMs = fix.timeMs - Math.max(this.options.trailSpanMs, this.options.maxGapMs);
    let drop = 0;
    while (drop < this.history.length - 1 && this.history[drop]!.timeMs < keepFromMs) drop++;
    if (drop > 0) this.history.splice(0, drop);
  }

  private measure(fix: TimedFix): Measures {
    const o = this.options;
    const none = { over: false, value: 0 };
    const m: Measures = { 'harsh-acceleration': none, 'harsh-braking': none, 'harsh-cornering': none, speeding: none, idling: none };
    const speed = fix.speed;
    if (speed !== undefined) {
      // By how much the limit is exceeded, so an event crossing into a slower zone peaks where it was worst.
      const limit = this.speedLimitAt(fix.lat, fix.lon);
      if (limit > 0) m.speeding = { over: speed > limit, value: speed - limit, threshold: limit };
      if (o.idleMinDurationMs > 0) m.idling = { over: speed < o.idleBelowSpeed, value: 0 };
    }
    const ref = this.reference(fix);
    if (!ref || speed === undefined || ref.speed === undefined) return m;
    const dtS = (fix.timeMs - ref.timeMs) / 1000;
    const accel = (speed - ref.speed) / dtS;
    const possible = (a: number): boolean => o.maxAcceleration <= 0 || Math.abs(a) <= o.maxAcceleration;
    if (!possible(accel)) return m;
    if (o.harshAcceleration > 0) m['harsh-acceleration'] = { over: accel >= o.harshAcceleration, value: accel };
    if (o.harshBraking > 0) m['harsh-braking'] = { over: -accel >= o.harshBraking, value: -accel };
    if (o.harshCornering > 0 && fix.track !== undefined && ref.track !== undefined && Math.min(speed, ref.speed) >= o.corneringMinSpeed) {
      const yawRate = (signedTurnDeg(ref.track, fix.track) * Math.PI) / 180 / dtS;
      const lateral = Math.abs(yawRate) * ((speed + ref.speed) / 2);
      if (possible(lateral)) m['harsh-cornering'] = { over: lateral >= o.harshCornering, value: lateral };
    }
    return m;
  }

  /** The newest earlier fix at least `windowMs` before this one, if within `maxGapMs`. */
  private reference(fix: TimedFix): TimedFix | undefined {
    for (let i = this.history.length - 2; i >= 0; i--) {
      const h = this.history[i]!;
      const dt = fix.timeMs - h.timeMs;
      if (dt > this.options.maxGapMs) return undefined;
      if (dt >= this.options.windowMs) return h;
    }
    return undefined;
  }

  private step(kind: DrivingEventKind, fix: TimedFix, measure: Measure): void {
    let episode = this.open.get(kind);
    if (measure.over) {
      if (!episode) {
        episode = { kind, startMs: fix.timeMs, lastOverMs: fix.timeMs, peak: -Infinity, peakFix: fix, trail: [] };
        this.open.set(kind, episode);
      }
      episode.lastOverMs = fix.timeMs;
      if (measure.value > episode.peak) {
        episode.peak = measure.value;
        episode.peakFix = fix;
        episode.peakThreshold = measure.threshold;
        episode.trail = this.trailBefore(fix.timeMs);
      }
    } else if (episode && fix.timeMs - episode.lastOverMs > this.options.endAfterMs) {
      this.close(episode);
    }
  }

  /** An ended event is kept (until its trail is complete) when it lasted long enough for its kind. */
  private close(episode: Episode): void {
    this.open.delete(episode.kind);
    if (episode.lastOverMs - episode.startMs >= this.minDurationMs(episode.kind)) this.pending.push(episode);
  }

  private minDurationMs(kind: DrivingEventKind): number {
    const o = this.options;
    return kind === 'speeding' ? o.speedingMinDurationMs : kind === 'idling' ? o.idleMinDurationMs : o.harshMinDurationMs;
  }

  /** The history from `trailSpanMs` before the peak up to it, one fix per `trailPeriodMs`, counted back from the peak. */
  private trailBefore(peakMs: number): TrailPoint[] {
    const o = this.options;
    const trail: TrailPoint[] = [];
    let keptMs = Infinity;
    for (let i = this.history.length - 1; i >= 0; i--) {
      const h = this.history[i]!;
      if (h.timeMs < peakMs - o.trailSpanMs) break;
      if (keptMs - h.timeMs >= o.trailPeriodMs) {
        trail.push(trailPoint(h));
        keptMs = h.timeMs;
      }
    }
    return trail.reverse();
  }

  private extendTrail(episode: Episode, fix: TimedFix): void {
    const o = this.options;
    const last = episode.trail.at(-1);
    if (fix.timeMs > episode.peakFix.timeMs + o.trailSpanMs || (last && fix.timeMs - last.timeMs < o.trailPeriodMs)) return;
    episode.trail.push(trailPoint(fix));
  }

  private emit(episode: Episode): DrivingEvent {
    const o = this.options;
    this.counts[episode.kind]++;
    const threshold = {
      'harsh-acceleration': o.harshAcceleration,
      'harsh-braking': o.harshBraking,
      'harsh-cornering': o.harshCornering,
      speeding: episode.peakThreshold ?? this.speedLimit,
      idling: o.idleMinDurationMs / 1000,
    }[episode.kind];
    // Idling's peak is the time stood still; speeding's the speed at the worst excess (its value was the excess).
    const peak =
      episode.kind === 'idling' ? (episode.lastOverMs - episode.startMs) / 1000 : episode.kind === 'speeding' ? episode.peakFix.speed! : episode.peak;
    return {
      kind: episode.kind,
      startMs: episode.startMs,
      endMs: episode.lastOverMs,
      peak,
      threshold,
      peakTimeMs: episode.peakFix.timeMs,
      lat: episode.peakFix.lat,
      lon: episode.peakFix.lon,
      trail: episode.trail,
    };
  }
}
