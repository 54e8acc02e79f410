import { TrackerFleet } from '../../monitor/test-support.js';
import { type IsoTripPoint, loadTrips } from '../../monitor/trips.js';
import type { PositionRecord } from '../../protocol/position-record.js';

export const SYNTHETIC_FLEET_DEFAULTS = {
  vehicles: 10_000,
  /** One position per vehicle per tick, as a fleet reporting at 1 Hz. */
  tickMs: 1_000,
  /** The trips are moved to spots in this box (southern Brazil), one spot per vehicle. */
  box: { south: -30, north: -15, west: -55, east: -40 },
  seed: 7,
};

/**
 * A fleet at 1 Hz without Kafka, for the live page's benchmark: every vehicle drives one of the
 * real NDS-BR trips (1 Hz, Curitiba) back and forth, moved to its own spot so that 10,000
 * vehicles spread over a region, with fix times of now. The trackers are the monitor's own
 * (TrackerFleet), so statuses, averages and trails are what the monitor computes.
 */
export class SyntheticFleet extends TrackerFleet {
  private readonly routes: { vehicleId: string; points: IsoTripPoint[]; dLat: number; dLon: number; start: number }[] = [];
  private tickCount = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o = SYNTHETIC_FLEET_DEFAULTS) {
    super();
    const trips = [...loadTrips().values()];
    let seed = o.seed;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let v = 0; v < o.vehicles; v++) {
      const points = trips[v % trips.length];
      const lat = o.box.south + random() * (o.box.north - o.box.south);
      const lon = o.box.west + random() * (o.box.east - o.box.west);
      this.routes.push({ vehicleId: `sim-${String(v).padStart(5, '0')}`, points, dLat: lat - points[0].lat, dLon: lon - points[0].lon, start: Math.floor(random() * points.length) });
    }
  }

  /** Drive one second: every vehicle takes its next position. */
  tick(nowMs = Date.now()): void {
    const time = new Date(nowMs).toISOString();
    const records: PositionRecord[] = this.routes.map((r) => {
      // Back and forth along the trip: no jump from its end to its start.
      const period = 2 * r.points.length - 2;
      const step = (r.start + this.tickCount) % period;
      const back = step >= r.points.length;
      const p = r.points[back ? period - step : step];
      const track = p.track === undefined ? undefined : back ? (p.track + 180) % 360 : p.track % 360;
      return { vehicleId: r.vehicleId, epoch: 'e1', seq: this.tickCount + 1, time, lat: p.lat + r.dLat, lon: p.lon + r.dLon, speed: p.speed, track, receivedAt: time };
    });
    this.tickCount++;
    this.feed(records);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.o.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
