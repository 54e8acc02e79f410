import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../common/errors.js';
import { etaAtMs, remainingToStop } from './eta.js';
import type { CustomerDelivery, DeliveryView } from './live-contract.js';
import type { Plan, VehiclePlan } from './plan.js';
import type { VehicleStatus } from './vehicle-tracker.js';

export const DELIVERY_DEFAULTS = {
  /** Of the HMAC in a tracking token: 128 bits cannot be guessed. */
  tokenBytes: 16,
  /** A link secret file must hold at least this many bytes. */
  minSecretBytes: 32,
  /** The customer's page; GET /v1/deliveries/{token} is its JSON. */
  trackingPathPrefix: '/track/',
};

/** The secret that makes tracking links: from a file (links survive restarts and are the same on every instance), else random. */
export function loadLinkSecret(path: string | undefined): Buffer {
  if (path === undefined) return randomBytes(DELIVERY_DEFAULTS.minSecretBytes);
  let secret: Buffer;
  try {
    secret = readFileSync(path);
  } catch (err) {
    throw new UserError(`--link-secret-file ${path}: ${(err as Error).message}`);
  }
  if (secret.length < DELIVERY_DEFAULTS.minSecretBytes) {
    throw new UserError(`--link-secret-file ${path} holds ${secret.length} bytes; it needs at least ${DELIVERY_DEFAULTS.minSecretBytes}.`, 'Make one with: head -c 32 /dev/urandom > link-secret');
  }
  return secret;
}

/**
 * Every planned stop as a delivery: its state from the vehicle's status, its ETA, and an
 * unguessable tracking token per delivery — an HMAC of vehicle and stop under the link
 * secret, so the same plan and secret give the same links after a restart, and knowing
 * one link tells nothing about another.
 */
export class DeliveryBook {
  private readonly tokens = new Map<string, { vehicleId: string; stopIndex: number }>();
  private readonly tokenByDelivery = new Map<string, string>();

  constructor(
    private readonly plan: Plan,
    secret: Buffer,
  ) {
    for (const vehicle of plan.vehicles.values()) {
      vehicle.stops.forEach((stop, stopIndex) => {
        const token = createHmac('sha256', secret)
          .update(`${vehicle.vehicleId}\0${stop.stopId}`)
          .digest()
          .subarray(0, DELIVERY_DEFAULTS.tokenBytes)
          .toString('base64url');
        this.tokens.set(token, { vehicleId: vehicle.vehicleId, stopIndex });
        this.tokenByDelivery.set(deliveryId(vehicle.vehicleId, stop.stopId), token);
      });
    }
  }

  /** The deliveries of one planned vehicle (none for an unplanned one), in route order. */
  ofVehicle(vehicleId: string, status: VehicleStatus | undefined): DeliveryView[] {
    const vehicle = this.plan.vehicles.get(vehicleId);
    return vehicle ? deliveriesOf(vehicle, status, this.plan, (id) => DELIVERY_DEFAULTS.trackingPathPrefix + this.tokenByDelivery.get(id)!) : [];
  }

  /** The vehicle and stop a tracking token stands for. */
  lookup(token: string): { vehicleId: string; stopIndex: number } | undefined {
    return this.tokens.get(token);
  }

  /** What the customer holding `token` may see, or undefined for a token that is not one of ours. */
  forCustomer(token: string, status: VehicleStatus | undefined, nowMs: number): CustomerDelivery | undefined {
    const found = this.tokens.get(token);
    if (!found) return undefined;
    return customerView(this.ofVehicle(found.vehicleId, status)[found.stopIndex], nowMs);
  }
}

export function deliveryId(vehicleId: string, stopId: string): string {
  return `${vehicleId}/${stopId}`;
}

function deliveriesOf(vehicle: VehiclePlan, status: VehicleStatus | undefined, plan: Plan, trackingPath: (id: string) => string): DeliveryView[] {
  const done = status?.stopsDone ?? 0;
  const visits = status?.visits ?? [];
  // A status restored from an older monitor knows how many stops are done, not how: the details it lacks are the first ones.
  const undescribed = done - visits.length;
  const fixMs = status?.position ? Date.parse(status.position.time) : null;
  return vehicle.stops.map((stop, i) => {
    const id = deliveryId(vehicle.vehicleId, stop.stopId);
    const base = { id, vehicleId: vehicle.vehicleId, stopId: stop.stopId, name: stop.name ?? null, lat: stop.lat, lon: stop.lon, promisedAtMs: stop.promisedAtMs, trackingPath: trackingPath(id) };
    if (i < done) {
      const visit = i >= undescribed ? visits[i - undescribed] : undefined;
      return {
        ...base,
        status: visit ? (visit.outcome === 'arrival' ? 'arrived' : 'missed') : 'done',
        etaAtMs: null,
        doneAtMs: visit ? Date.parse(visit.time) : null,
        lateByMs: visit?.lateByMs ?? null,
        remaining: null,
        asOfMs: fixMs,
      };
    }
    let etaMs: number | null = null;
    let remaining: number | null = null;
    if (i === done && status?.nextStop?.stopId === stop.stopId) {
      // The tracker's own prediction for the next stop.
      etaMs = Date.parse(status.nextStop.eta);
      remaining = status.nextStop.distance;
    } else if (fixMs !== null && status?.route) {
      remaining = remainingToStop(stop.alongM, status.route);
      etaMs = Math.round(etaAtMs(fixMs, remaining, status.trip?.avgSpeed ?? null, plan.thresholds));
    }
    return {
      ...base,
      status: i === done ? 'next' : 'scheduled',
      etaAtMs: etaMs,
      doneAtMs: null,
      lateByMs: etaMs === null ? null : etaMs - stop.promisedAtMs,
      remaining: remaining === null ? null : Math.round(remaining),
      asOfMs: fixMs,
    };
  });
}

function customerView(d: DeliveryView, nowMs: number): CustomerDelivery {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  const toCome = d.status === 'next' || d.status === 'scheduled';
  const eta = toCome ? d.etaAtMs : d.doneAtMs;
  return {
    name: d.name,
    status: d.status === 'next' ? 'on-the-way' : d.status,
    promisedAt: new Date(d.promisedAtMs).toISOString(),
    eta: iso(eta),
    minutesAway: toCome && d.etaAtMs !== null ? Math.max(0, Math.ceil((d.etaAtMs - nowMs) / 60_000)) : null,
    lateByMinutes: d.lateByMs === null ? null : Math.round(d.lateByMs / 60_000),
    updatedAt: iso(d.asOfMs),
  };
}
