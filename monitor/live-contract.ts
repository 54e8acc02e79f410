import type { DriverScoreRecord } from '../protocol/driver-score-record.js';
import type { DrivingEventKind } from '../protocol/driving-event.js';
import type { Alert } from './vehicle-tracker.js';

/**
 * What the monitor's live page is sent (GET /events, GET /api/…) and reads: flat views of a
 * vehicle, a delivery and an alert, and the feed's two messages. The server (monitor/live-feed.ts)
 * and the page (monitor/web/) both compile against this file, so neither can drift from the other.
 *
 * Names and units as everywhere else (common/units.ts): speeds in m/s, distances in metres,
 * track in degrees; instants are epoch milliseconds (`…Ms`) because the page does arithmetic on
 * them for 10,000 vehicles a second. Every field is always present (null when unknown), so a
 * delta carrying `null` clears a field.
 */

/** What a dispatcher filters on; the first that applies, in this order. */
export const VEHICLE_STATES = ['no-data', 'off-route', 'delayed', 'moving', 'stopped', 'unknown'] as const;
export type VehicleState = (typeof VEHICLE_STATES)[number];

export interface VehicleView {
  id: string;
  state: VehicleState;
  /** The last fix (null before the first). */
  lat: number | null;
  lon: number | null;
  fixTimeMs: number | null;
  /** As the tracker computed it: reported, else from the displacement. */
  speed: number | null;
  track: number | null;
  /** Average over the tracker's 5-minute window, and over the current trip. */
  windowAvgSpeed: number | null;
  tripAvgSpeed: number | null;
  tripStartMs: number | null;
  tripDistance: number | null;
  /** Travelled on `dayDate` (the fleet's calendar day of the last fix). */
  distanceToday: number | null;
  dayDate: string | null;
  /** Planned vehicles only (else null / 0). */
  planned: boolean;
  distanceFromRoute: number | null;
  nextStopId: string | null;
  nextStopName: string | null;
  etaAtMs: number | null;
  promisedAtMs: number | null;
  /** ETA − promised time: positive is late. */
  lateByMs: number | null;
  stopsDone: number;
  stopsTotal: number;
}

/** `done`: done, but by a status from an older monitor that did not record how. */
export const DELIVERY_STATUSES = ['next', 'scheduled', 'arrived', 'missed', 'done'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One planned stop of one vehicle. */
export interface DeliveryView {
  /** `vehicleId/stopId`: internal, for the dispatcher's page. */
  id: string;
  vehicleId: string;
  stopId: string;
  name: string | null;
  lat: number;
  lon: number;
  promisedAtMs: number;
  status: DeliveryStatus;
  /** Predicted arrival for a stop still to come (null before the vehicle's first fix). */
  etaAtMs: number | null;
  /** Fix time of the arrival, or of the position that showed the stop missed. */
  doneAtMs: number | null;
  /** Predicted (to come) or actual (done) lateness against the promised time; positive is late. */
  lateByMs: number | null;
  /** Left to drive along the route (to come). */
  remaining: number | null;
  /** The fix the prediction was made from. */
  asOfMs: number | null;
  /** The customer's page for this delivery (unguessable). */
  trackingPath: string;
}

export type AlertView = Alert & { ackedAtMs: number | null };

/** A driver's score over one day or ISO week (protocol/driver-score-record.ts without its resume data); `id` is its record key. */
export type DriverScoreView = Omit<DriverScoreRecord, 'resume' | 'updatedAt'> & { id: string };

/** A driving event the scores counted, with its 1 Hz trail, for the map. */
export interface DrivingEventView {
  /** `vehicleId|epoch|seq`: the event's identity. */
  id: string;
  vehicleId: string;
  driverId: string;
  kind: DrivingEventKind;
  /** The peak (idling: where the vehicle stopped). */
  timeMs: number;
  lat: number;
  lon: number;
  startMs: number;
  endMs: number;
  /** In the kind's unit: m/s² (acceleration, braking, cornering), m/s (speeding), s (idling). */
  peak: number;
  threshold: number;
  /** [timeMs, lat, lon, speed (null when the fix had none)] */
  trail: [number, number, number, number | null][];
}

/** `event: snapshot`: everything, on connecting (and reconnecting). */
export interface FeedSnapshot {
  serverTimeMs: number;
  vehicles: VehicleView[];
  deliveries: DeliveryView[];
  /** Oldest first. */
  alerts: AlertView[];
  /** Each driver's latest day and latest week. */
  drivers: DriverScoreView[];
  /** The events counted recently, oldest first. */
  drivingEvents: DrivingEventView[];
}

/**
 * The fields of a vehicle that change with nearly every fix: a delta sends them as one array per
 * vehicle, in this order, after the id — half the bytes (and the page's parsing) of named fields.
 */
export const MOVE_FIELDS = ['lat', 'lon', 'fixTimeMs', 'speed', 'track', 'windowAvgSpeed', 'tripAvgSpeed', 'tripDistance', 'distanceToday'] as const;
export type MoveField = (typeof MOVE_FIELDS)[number];
export type MoveRow = [id: string, ...values: (number | null)[]];

/** `event: delta`: what changed since the previous message, field by field. */
export interface FeedDelta {
  serverTimeMs: number;
  /** Vehicles that moved: [id, …MOVE_FIELDS]. */
  moves: MoveRow[];
  /** New vehicles (every field) and changes of the other fields (state, next stop, …). */
  vehicles: (Partial<VehicleView> & { id: string })[];
  deliveries: (Partial<DeliveryView> & { id: string })[];
  /** New alerts, oldest first. */
  alerts: AlertView[];
  acks: { alertId: string; ackedAtMs: number }[];
  /** Scores that changed, whole. */
  drivers: DriverScoreView[];
  /** Events newly counted, oldest first. */
  drivingEvents: DrivingEventView[];
}

/** GET /api/vehicles/{id}/trail: the last hour (of fix time) of a vehicle's positions, oldest first. */
export interface Trail {
  vehicleId: string;
  /** [fixTimeMs, lat, lon, speed] */
  points: [number, number, number, number][];
}

/** GET /api/config: what the page needs to draw the map. */
export interface PageConfig {
  /** Raster tiles (XYZ URL template) or null: the offline basemap only. */
  tiles: { url: string; attribution: string; maxZoom: number } | null;
  /** The fleet's time zone (where "today" starts). */
  timeZone: string;
}

/** GET /v1/deliveries/{token}: what a customer may see of their delivery (no vehicle id, no position). */
export interface CustomerDelivery {
  name: string | null;
  status: 'on-the-way' | 'scheduled' | 'arrived' | 'missed' | 'done';
  promisedAt: string;
  /** Predicted arrival (on the way), or the arrival. */
  eta: string | null;
  /** Whole minutes from now to the ETA (on the way; 0 when due). */
  minutesAway: number | null;
  lateByMinutes: number | null;
  /** The vehicle's fix the prediction comes from. */
  updatedAt: string | null;
}
