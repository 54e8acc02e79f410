import { headingChangeDeg } from '../common/geo.js';
import type { Trail } from './live-contract.js';
import type { StatusPosition } from './vehicle-tracker.js';

export const TRAIL_DEFAULTS = {
  /** How much fix time a trail covers, back from the vehicle's last fix. */
  windowMs: 60 * 60_000,
  /** A point is kept at most this often, unless the vehicle turned… */
  keepEveryMs: 10_000,
  /** …by at least this much since the last kept point (corners stay corners)… */
  turnDeg: 20,
  /** …at this speed or more (a standing receiver's course is noise). */
  turnMinSpeedMps: 2,
};

interface VehicleTrail {
  /** Kept points, flat: fixTimeMs, lat, lon, speed, … */
  kept: number[];
  /** The track of the last kept point. */
  keptTrack: number | undefined;
  /** The latest position when it was not kept: the trail always ends where the vehicle is. */
  head: [number, number, number, number] | null;
}

const STRIDE = 4;

/**
 * The last hour of every vehicle's positions, thinned (one point per 10 s, plus turns), for the
 * vehicle card. In memory, fed with every position the monitor processes: ~360 points of 32 bytes
 * per moving vehicle, ~115 MB for 10,000 moving trucks at most. A monitor that just started has the
 * trail since its start (the positions topic holds the rest: `telematics history`).
 */
export class TrailStore {
  private readonly trails = new Map<string, VehicleTrail>();

  constructor(private readonly options = TRAIL_DEFAULTS) {}

  add(vehicleId: string, positions: StatusPosition[]): void {
    let trail = this.trails.get(vehicleId);
    if (!trail) this.trails.set(vehicleId, (trail = { kept: [], keptTrack: undefined, head: null }));
    for (const p of positions) this.addOne(trail, p);
  }

  trail(vehicleId: string): Trail {
    const trail = this.trails.get(vehicleId);
    const points: Trail['points'] = [];
    if (trail) {
      for (let i = 0; i < trail.kept.length; i += STRIDE) points.push([trail.kept[i], trail.kept[i + 1], trail.kept[i + 2], trail.kept[i + 3]]);
      if (trail.head) points.push(trail.head);
    }
    return { vehicleId, points };
  }

  private addOne(trail: VehicleTrail, p: StatusPosition): void {
    const t = Date.parse(p.time);
    const { kept } = trail;
    const lastKeptMs = kept.length ? kept[kept.length - STRIDE] : -Infinity;
    // Positions come in fix-time order; a batch replayed after a rollback repeats some.
    if (t <= (trail.head?.[0] ?? lastKeptMs)) return;
    const turned =
      p.track !== undefined && trail.keptTrack !== undefined && p.speed >= this.options.turnMinSpeedMps && headingChangeDeg(p.track, trail.keptTrack) >= this.options.turnDeg;
    if (t - lastKeptMs >= this.options.keepEveryMs || turned) {
      kept.push(t, p.lat, p.lon, p.speed);
      trail.keptTrack = p.track;
      trail.head = null;
    } else {
      trail.head = [t, p.lat, p.lon, p.speed];
    }
    let old = 0;
    while (old < kept.length && kept[old] < t - this.options.windowMs) old += STRIDE;
    if (old > 0) kept.splice(0, old);
  }
}
