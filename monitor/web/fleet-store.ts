import { type AlertView, type DeliveryView, type DriverScoreView, type DrivingEventView, type FeedDelta, type FeedSnapshot, MOVE_FIELDS, type VehicleView } from '../live-contract.js';

export const FLEET_STORE_DEFAULTS = {
  /** Driving events kept (with their trails), the oldest dropped first. */
  drivingEventsKept: 500,
};

/** What changed in one message: the views touched (by id), and whether alerts did. */
export interface Change {
  full: boolean;
  vehicles: Set<string>;
  deliveries: Set<string>;
  alerts: boolean;
  /** Scores or driving events arrived. */
  drivers: boolean;
}

/**
 * The page's copy of the fleet, kept by the feed (a snapshot, then deltas applied field by field).
 * Views parts draw from it and subscribe to its changes.
 */
export class FleetStore {
  readonly vehicles = new Map<string, VehicleView>();
  readonly deliveries = new Map<string, DeliveryView>();
  /** Oldest first. */
  alerts: AlertView[] = [];
  private readonly alertsById = new Map<string, AlertView>();
  /** Driver scores by record id (each driver's day and week records as they come). */
  readonly drivers = new Map<string, DriverScoreView>();
  /** Counted driving events, oldest first. */
  drivingEvents: DrivingEventView[] = [];
  /** Server clock − this clock, so that ages are right on a viewer whose clock is off. */
  clockOffsetMs = 0;
  private readonly listeners: ((change: Change) => void)[] = [];

  subscribe(listener: (change: Change) => void): void {
    this.listeners.push(listener);
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  reset(snapshot: FeedSnapshot): void {
    this.clockOffsetMs = snapshot.serverTimeMs - Date.now();
    this.vehicles.clear();
    for (const v of snapshot.vehicles) this.vehicles.set(v.id, v);
    this.deliveries.clear();
    for (const d of snapshot.deliveries) this.deliveries.set(d.id, d);
    this.alerts = snapshot.alerts;
    this.alertsById.clear();
    for (const a of this.alerts) this.alertsById.set(a.alertId, a);
    this.drivers.clear();
    for (const d of snapshot.drivers) this.drivers.set(d.id, d);
    this.drivingEvents = snapshot.drivingEvents;
    this.emit({ full: true, vehicles: new Set(this.vehicles.keys()), deliveries: new Set(this.deliveries.keys()), alerts: true, drivers: true });
  }

  apply(delta: FeedDelta): void {
    this.clockOffsetMs = delta.serverTimeMs - Date.now();
    const change: Change = {
      full: false,
      vehicles: new Set(),
      deliveries: new Set(),
      alerts: delta.alerts.length > 0 || delta.acks.length > 0,
      drivers: delta.drivers.length > 0 || delta.drivingEvents.length > 0,
    };
    for (const row of delta.moves) {
      const known = this.vehicles.get(row[0]);
      if (!known) continue; // a vehicle always arrives whole first
      for (let i = 0; i < MOVE_FIELDS.length; i++) known[MOVE_FIELDS[i]] = row[i + 1] as number;
      change.vehicles.add(row[0]);
    }
    for (const v of delta.vehicles) {
      const known = this.vehicles.get(v.id);
      if (known) Object.assign(known, v);
      else this.vehicles.set(v.id, v as VehicleView);
      change.vehicles.add(v.id);
    }
    for (const d of delta.deliveries) {
      const known = this.deliveries.get(d.id);
      if (known) Object.assign(known, d);
      else this.deliveries.set(d.id, d as DeliveryView);
      change.deliveries.add(d.id);
    }
    for (const a of delta.alerts) {
      if (this.alertsById.has(a.alertId)) continue;
      this.alerts.push(a);
      this.alertsById.set(a.alertId, a);
    }
    for (const d of delta.drivers) this.drivers.set(d.id, d);
    this.drivingEvents.push(...delta.drivingEvents);
    this.drivingEvents.splice(0, Math.max(0, this.drivingEvents.length - FLEET_STORE_DEFAULTS.drivingEventsKept));
    for (const ack of delta.acks) {
      const a = this.alertsById.get(ack.alertId);
      if (a) a.ackedAtMs = ack.ackedAtMs;
    }
    this.emit(change);
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}

/**
 * Follow GET /events: a `snapshot` on (re)connecting, then `delta`s. Each message's parse and
 * apply is a `feed` measure on the Performance timeline (the benchmark reads them).
 */
export function followFeed(store: FleetStore, onConnection: (live: boolean) => void): EventSource {
  const events = new EventSource('/events');
  const handle = (apply: () => void): void => {
    const start = performance.now();
    apply();
    performance.measure('feed', { start, end: performance.now() });
  };
  events.addEventListener('snapshot', (e) => {
    handle(() => store.reset(JSON.parse((e as MessageEvent<string>).data) as FeedSnapshot));
    onConnection(true);
  });
  events.addEventListener('delta', (e) => handle(() => store.apply(JSON.parse((e as MessageEvent<string>).data) as FeedDelta)));
  events.onerror = () => onConnection(false);
  return events;
}
