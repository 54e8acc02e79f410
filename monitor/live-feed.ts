import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { getLogger } from '../common/logger.js';
import { statusMetricsRegistry } from '../common/metrics.js';
import type { Readiness } from './consumer-health.js';
import type { DeliveryBook } from './deliveries.js';
import { changedFields, moveRow, vehicleView } from './fleet-view.js';
import type { DriverScoreRecord } from '../protocol/driver-score-record.js';
import type { DrivingEventRecord } from '../protocol/driving-event-record.js';
import { type AlertView, type DeliveryView, type DriverScoreView, type DrivingEventView, type FeedDelta, type FeedSnapshot, MOVE_FIELDS, type VehicleView } from './live-contract.js';
import type { Plan } from './plan.js';
import { driverScoreView, drivingEventView, latestPeriods } from './score-view.js';
import type { StoredStatus } from './status-store.js';
import type { TrailStore } from './trails.js';
import type { Alert, StatusPosition } from './vehicle-tracker.js';

const log = getLogger('monitor.feed');

export const LIVE_FEED_DEFAULTS = {
  /** Vehicle and delivery changes are sent at most this often (alerts go at once). */
  pushIntervalMs: 1_000,
  /** A comment line keeps idle event streams open through proxies. */
  keepAliveMs: 15_000,
  /** A page this far behind (bytes not yet taken by its connection) is cut off; its EventSource reconnects to a fresh snapshot. */
  maxBufferedBytes: 32 * 1024 * 1024,
  /** Alerts the page is given on connecting. */
  alertsKept: 500,
  /** Driving events the page is given on connecting (with their trails). */
  drivingEventsKept: 200,
};

/** What the page shows: the monitor, or anything that answers the same questions (the benchmark's synthetic fleet). */
export interface FleetSource {
  vehicles(): StoredStatus[];
  alerts(): Alert[];
  /** Prometheus metrics, served on /metrics. */
  readonly metrics: Registry;
  /** Served on /readyz: 200 when ready, 503 with the reason when not. */
  readiness(): Readiness;
  on(event: 'statuses', listener: (statuses: StoredStatus[]) => void): unknown;
  on(event: 'positions', listener: (positions: Map<string, StatusPosition[]>) => void): unknown;
  on(event: 'alert', listener: (alert: Alert) => void): unknown;
  off(event: 'statuses' | 'positions' | 'alert', listener: Parameters<EventEmitter['off']>[1]): unknown;
}

/** Driver scores and the events they counted (monitor/score-keeper.ts). */
export interface ScoreSource {
  all(): DriverScoreRecord[];
  events(): DrivingEventRecord[];
  driverOf(vehicleId: string): string;
  /** Part of /readyz: the events consumer's progress. */
  readiness(): Readiness;
  /** Served on /metrics beside the fleet's. */
  readonly metrics: Registry;
  on(event: 'scores', listener: (records: DriverScoreRecord[]) => void): unknown;
  on(event: 'event', listener: (event: DrivingEventRecord) => void): unknown;
  off(event: 'scores' | 'event', listener: Parameters<EventEmitter['off']>[1]): unknown;
}

export interface LiveFeedStats {
  pages: number;
  messages: number;
  bytes: number;
  pagesCutOff: number;
}

/**
 * The live page's feed (server-sent events): on connecting a page gets a `snapshot`, then
 * `delta`s with only the fields that changed since the previous message — built and
 * serialised once for every open page. Vehicle changes are coalesced to one delta per
 * `pushIntervalMs`; an alert is sent at once (with whatever else is pending). Also keeps the
 * alerts' acknowledgements (in memory: they are the dispatchers' working state, not data).
 */
export class LiveFeed {
  private readonly statuses = new Map<string, StoredStatus>();
  private readonly sentVehicles = new Map<string, VehicleView>();
  private readonly sentDeliveries = new Map<string, DeliveryView>();
  private readonly dirty = new Set<string>();
  private readonly alertsSent: AlertView[] = [];
  private readonly alertsById = new Map<string, AlertView>();
  private alertsPending: AlertView[] = [];
  private acksPending: FeedDelta['acks'] = [];
  private readonly driversSent = new Map<string, DriverScoreView>();
  private driversPending = new Map<string, DriverScoreView>();
  private readonly drivingEventsSent: DrivingEventView[] = [];
  private drivingEventsPending: DrivingEventView[] = [];
  private readonly scoreListeners: { scores: (records: DriverScoreRecord[]) => void; event: (e: DrivingEventRecord) => void };
  private readonly streams = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;
  private readonly keepAlive: NodeJS.Timeout;
  private immediate: NodeJS.Immediate | null = null;
  private readonly listeners: { statuses: (s: StoredStatus[]) => void; positions: (p: Map<string, StatusPosition[]>) => void; alert: (a: Alert) => void };
  readonly stats: LiveFeedStats = { pages: 0, messages: 0, bytes: 0, pagesCutOff: 0 };
  readonly metrics: Registry = statusMetricsRegistry(() => this.stats, LIVE_FEED_METRICS);

  constructor(
    private readonly source: FleetSource,
    private readonly plan: Plan,
    private readonly deliveries: DeliveryBook,
    private readonly trails: TrailStore,
    private readonly options = LIVE_FEED_DEFAULTS,
    private readonly scores: ScoreSource | null = null,
  ) {
    this.onStatuses(source.vehicles());
    for (const alert of source.alerts()) this.onAlert(alert);
    this.listeners = {
      statuses: (statuses) => this.onStatuses(statuses),
      positions: (positions) => {
        for (const [vehicleId, list] of positions) this.trails.add(vehicleId, list);
      },
      alert: (alert) => {
        this.onAlert(alert);
        this.pushSoon();
      },
    };
    source.on('statuses', this.listeners.statuses);
    source.on('positions', this.listeners.positions);
    source.on('alert', this.listeners.alert);
    this.scoreListeners = {
      scores: (records) => {
        for (const r of records) this.driversPending.set(driverScoreView(r).id, driverScoreView(r));
      },
      event: (e) => {
        this.drivingEventsPending.push(drivingEventView(e, scores!.driverOf(e.vehicleId)));
        this.pushSoon();
      },
    };
    if (scores) {
      this.scoreListeners.scores(scores.all());
      for (const e of scores.events()) this.drivingEventsPending.push(drivingEventView(e, scores.driverOf(e.vehicleId)));
      scores.on('scores', this.scoreListeners.scores);
      scores.on('event', this.scoreListeners.event);
    }
    this.timer = setInterval(() => this.push(), options.pushIntervalMs);
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), options.keepAliveMs);
  }

  status(vehicleId: string): StoredStatus | undefined {
    return this.statuses.get(vehicleId);
  }

  vehicleIds(): IterableIterator<string> {
    return this.statuses.keys();
  }

  /** Every vehicle's current view (not only what was last pushed). */
  vehicles(): VehicleView[] {
    return [...this.statuses.values()].map((s) => vehicleView(s, this.plan.vehicles.get(s.vehicleId)));
  }

  allDeliveries(): DeliveryView[] {
    return [...this.plan.vehicles.keys()].flatMap((id) => this.deliveries.ofVehicle(id, this.statuses.get(id)));
  }

  alerts(): AlertView[] {
    return [...this.alertsSent, ...this.alertsPending];
  }

  /** Acknowledge an alert for every open page; undefined for an alert not (or no longer) kept. */
  ack(alertId: string, nowMs = Date.now()): AlertView | undefined {
    const alert = this.alertsById.get(alertId);
    if (!alert) return undefined;
    if (alert.ackedAtMs === null) {
      alert.ackedAtMs = nowMs;
      this.acksPending.push({ alertId, ackedAtMs: nowMs });
      this.pushSoon();
    }
    return alert;
  }

  /** Serve GET /events: the snapshot, then every delta until the page goes. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    // Everything changed so far goes to the pages already open; the new one starts from the same point.
    this.push();
    const snapshot: FeedSnapshot = {
      serverTimeMs: Date.now(),
      vehicles: [...this.sentVehicles.values()],
      deliveries: [...this.sentDeliveries.values()],
      alerts: this.alertsSent,
      drivers: latestPeriods(this.driversSent.values()),
      drivingEvents: this.drivingEventsSent,
    };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    this.streams.add(res);
    this.stats.pages = this.streams.size;
    req.on('close', () => {
      this.streams.delete(res);
      this.stats.pages = this.streams.size;
    });
  }

  close(): void {
    this.source.off('statuses', this.listeners.statuses);
    this.source.off('positions', this.listeners.positions);
    this.source.off('alert', this.listeners.alert);
    this.scores?.off('scores', this.scoreListeners.scores);
    this.scores?.off('event', this.scoreListeners.event);
    clearInterval(this.timer);
    clearInterval(this.keepAlive);
    if (this.immediate) clearImmediate(this.immediate);
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private onStatuses(statuses: StoredStatus[]): void {
    for (const s of statuses) {
      this.statuses.set(s.vehicleId, s);
      this.dirty.add(s.vehicleId);
    }
  }

  private onAlert(alert: Alert): void {
    if (this.alertsById.has(alert.alertId)) return; // at-least-once upstream: the same alertId again
    const view: AlertView = { ...alert, ackedAtMs: null };
    this.alertsById.set(alert.alertId, view);
    this.alertsPending.push(view);
  }

  /** Alerts and acknowledgements go out at once, together with whatever else this turn of the event loop brings. */
  private pushSoon(): void {
    this.immediate ??= setImmediate(() => {
      this.immediate = null;
      this.push();
    });
  }

  /** Send what changed since the last message, if anything did and anyone is listening. */
  private push(): void {
    if (this.streams.size === 0 && this.sentVehicles.size > 0 && this.alertsPending.length === 0 && this.driversPending.size === 0 && this.drivingEventsPending.length === 0) return;
    const delta: FeedDelta = {
      serverTimeMs: Date.now(),
      moves: [],
      vehicles: [],
      deliveries: [],
      alerts: this.alertsPending,
      acks: this.acksPending,
      drivers: [...this.driversPending.values()],
      drivingEvents: this.drivingEventsPending,
    };
    for (const id of this.dirty) {
      const status = this.statuses.get(id)!;
      const view = vehicleView(status, this.plan.vehicles.get(id));
      const previous = this.sentVehicles.get(id);
      const moved = moveRow(previous, view);
      if (moved) delta.moves.push(moved);
      const changed = changedFields(previous, view, MOVE_FIELDS);
      if (changed) delta.vehicles.push(changed);
      this.sentVehicles.set(id, view);
      for (const d of this.deliveries.ofVehicle(id, status)) {
        const changedDelivery = changedFields(this.sentDeliveries.get(d.id), d);
        if (changedDelivery) delta.deliveries.push(changedDelivery);
        this.sentDeliveries.set(d.id, d);
      }
    }
    this.dirty.clear();
    this.alertsSent.push(...this.alertsPending);
    for (const dropped of this.alertsSent.splice(0, Math.max(0, this.alertsSent.length - this.options.alertsKept))) this.alertsById.delete(dropped.alertId);
    this.alertsPending = [];
    this.acksPending = [];
    for (const d of delta.drivers) this.driversSent.set(d.id, d);
    this.driversPending = new Map();
    this.drivingEventsSent.push(...delta.drivingEvents);
    this.drivingEventsSent.splice(0, Math.max(0, this.drivingEventsSent.length - this.options.drivingEventsKept));
    this.drivingEventsPending = [];
    const scoresChanged = delta.drivers.length || delta.drivingEvents.length;
    if (delta.moves.length || delta.vehicles.length || delta.deliveries.length || delta.alerts.length || delta.acks.length || scoresChanged) this.write(`event: delta\ndata: ${JSON.stringify(delta)}\n\n`);
  }

  private write(message: string): void {
    if (this.streams.size === 0) return;
    this.stats.messages++;
    for (const res of this.streams) {
      if (res.writableLength > this.options.maxBufferedBytes) {
        log.warn({ buffered: res.writableLength }, 'a live page is too far behind: cut off (it reconnects to a fresh snapshot)');
        this.stats.pagesCutOff++;
        this.streams.delete(res);
        res.destroy();
        continue;
      }
      res.write(message);
      this.stats.bytes += message.length;
    }
    this.stats.pages = this.streams.size;
  }
}

export const LIVE_FEED_METRICS = [
  { name: 'telematics_monitor_live_pages', type: 'gauge' as const, help: 'Live pages connected to /events.', value: (s: LiveFeedStats) => s.pages },
  { name: 'telematics_monitor_live_messages_total', type: 'counter' as const, help: 'Snapshot-free messages (deltas, keep-alives) sent to the live pages.', value: (s: LiveFeedStats) => s.messages },
  { name: 'telematics_monitor_live_bytes_total', type: 'counter' as const, help: 'Characters written to live pages (each page counted).', value: (s: LiveFeedStats) => s.bytes },
  { name: 'telematics_monitor_live_pages_cut_off_total', type: 'counter' as const, help: 'Live pages cut off for falling too far behind.', value: (s: LiveFeedStats) => s.pagesCutOff },
];
