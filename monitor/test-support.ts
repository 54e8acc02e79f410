import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { PNG } from 'pngjs';
import { Registry } from 'prom-client';
import { PACKAGE_ROOT } from '../common/paths.js';
import { createKafka } from '../kafka/config.js';
import { pollUntil } from '../common/poll.js';
import { readRanges, wholeTopic } from '../kafka/range-reader.js';
import type { DrivingEventKind } from '../protocol/driving-event.js';
import { type DrivingEventRecord, drivingEventRecord } from '../protocol/driving-event-record.js';
import type { PositionRecord } from '../protocol/position-record.js';
import type { Readiness } from './consumer-health.js';
import type { FleetSource } from './live-feed.js';
import type { FleetMonitor } from './monitor.js';
import { EMPTY_PLAN, type Plan } from './plan.js';
import type { Scenario } from './scenarios.js';
import type { StoredStatus } from './status-store.js';
import { type Alert, TRACKER_DEFAULTS, type TrackerOptions, type VehicleStatus, VehicleTracker } from './vehicle-tracker.js';

/** Shared by the monitor's real-broker tests: names, reading alerts back, the v1 status fixture, comparing statuses, the browser. */

/** Debian's chromium (apt-get install chromium); scripts/test.sh installs it. In CI a missing browser fails the browser tests. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const haveChromium = existsSync(CHROMIUM);

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** What one uninterrupted tracker makes of a scenario's records in order (its last status and its alerts): what a monitor must produce, whatever happened to it. */
export function referenceRun(s: Scenario, plan: Plan): { status: VehicleStatus; alerts: Alert[] } {
  const reference = new VehicleTracker(s.vehicleId, plan.vehicles.get(s.vehicleId), plan.thresholds);
  const alerts = s.records.flatMap((r) => reference.ingest(r));
  alerts.push(...reference.flush());
  return { status: reference.status(), alerts };
}

export function referenceAlerts(s: Scenario, plan: Plan): Alert[] {
  return referenceRun(s, plan).alerts;
}

/** A record on a topic as read back, headers as text. */
export interface ReadBackRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Every record of a topic up to its end now, as it is (for the dead-letter topic). */
export async function readRawRecords(brokers: string[], topic: string): Promise<ReadBackRecord[]> {
  const kafka = createKafka('telematics-raw-reader', brokers);
  const records: ReadBackRecord[] = [];
  const { complete, unread } = await readRanges(kafka, {
    topic,
    ranges: await wholeTopic(kafka, topic),
    groupIdPrefix: 'raw-reader',
    timeoutMs: 60_000,
    onMessage: (message, partition) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      records.push({ key: message.key?.toString('utf8') ?? null, value: message.value?.toString('utf8') ?? null, headers, partition, offset: message.offset });
    },
  });
  if (!complete) throw new Error(`reading ${topic} to its end timed out (partitions ${unread.join(', ')} left)`);
  return records;
}

/** Every alert on a topic up to its current end, read by an independent consumer. */
export async function readAlerts(brokers: string[], topic: string): Promise<Alert[]> {
  const alerts = (await readRawRecords(brokers, topic)).map((r) => JSON.parse(r.value!) as Alert);
  // Per vehicle, alerts are in partition (= production) order; across vehicles, order by vehicle then time.
  return alerts.sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : a.vehicleId > b.vehicleId ? 1 : 0));
}

export interface RawStatusRecord {
  key: string;
  headers: Record<string, string>;
  value: string;
}

/** vehicle-status records as the previous version (schema 1) wrote them; the fixture says how they were made. */
export function statusV1Records(): RawStatusRecord[] {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'monitor', 'test-fixtures', 'vehicle-status-v1.json'), 'utf8')) as { records: RawStatusRecord[] }).records;
}

/** A metric's one sample (no labels) from a registry's text exposition; undefined when it has none. */
export async function metricSample(registry: Registry, name: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

export function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  return pollUntil(what, probe, { timeoutMs });
}

/** The real commit and abort of one of a monitor's transactions. */
export interface TransactionEnd {
  commit: () => Promise<void>;
  abort: () => Promise<void>;
}

/**
 * Before `monitor.start()`: every commit of the monitor's transactions goes through `end` (which may fail it,
 * hold it, or commit and then fail as a lost answer would). Everything else, the commit included, is real.
 */
export function interceptCommits(monitor: FleetMonitor, end: (real: TransactionEnd) => Promise<void>): void {
  const kafka = (monitor as unknown as { kafka: Kafka }).kafka;
  const createProducer = kafka.producer.bind(kafka);
  kafka.producer = (config) => {
    const producer = createProducer(config);
    if (!config?.transactionalId) return producer;
    const begin = producer.transaction.bind(producer);
    producer.transaction = async () => {
      const transaction = await begin();
      const real = { commit: transaction.commit.bind(transaction), abort: transaction.abort.bind(transaction) };
      transaction.commit = () => end(real);
      return transaction;
    };
    return producer;
  };
}

/** A status without what must not depend on arrival order or restarts: wall-clock times, drop counters, Kafka offsets. */
export function comparable(s: StoredStatus | VehicleStatus): object {
  const { updatedAt: _u, counts, lastReceivedAt: _l, ...rest } = s;
  const { source: _s, ...state } = rest as StoredStatus;
  return { ...state, processed: counts.processed };
}

export { createKafka };

/** The colour of every tile the tile server fixture serves (magenta: nothing else on the map has it). */
export const FIXTURE_TILE_COLOUR: [number, number, number] = [255, 0, 255];

/**
 * A local raster tile server for the browser tests: GET /{z}/{x}/{y}.png answers a 256×256 PNG
 * of FIXTURE_TILE_COLOUR (generated with pngjs), and records every path asked for.
 */
export async function startTileServer(): Promise<{ template: string; requests: string[]; close: () => Promise<void> }> {
  const png = new PNG({ width: 256, height: 256 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([...FIXTURE_TILE_COLOUR, 255], i);
  const tile = PNG.sync.write(png);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(tile);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Of the pixels of a PNG screenshot inside a box, the share whose colour is within `tolerance` of `rgb`. */
export function colourShare(screenshot: Buffer, box: { x: number; y: number; width: number; height: number }, rgb: readonly number[], tolerance = 8): number {
  const png = PNG.sync.read(screenshot);
  let hits = 0;
  let all = 0;
  for (let y = Math.round(box.y); y < Math.round(box.y + box.height); y++) {
    for (let x = Math.round(box.x); x < Math.round(box.x + box.width); x++) {
      const i = (y * png.width + x) * 4;
      all++;
      if (Math.abs(png.data[i] - rgb[0]) <= tolerance && Math.abs(png.data[i + 1] - rgb[1]) <= tolerance && Math.abs(png.data[i + 2] - rgb[2]) <= tolerance) hits++;
    }
  }
  return hits / all;
}

/**
 * A fleet of real trackers without Kafka, as the live page's source (tests of the feed, the map
 * benchmark): `feed()` takes records and emits what FleetMonitor emits once a batch is in Kafka.
 */
export class TrackerFleet extends EventEmitter implements FleetSource {
  readonly metrics = new Registry();
  /** No consumer to fall behind: always ready. */
  readiness(): Readiness {
    return { ready: true };
  }
  private readonly trackers = new Map<string, VehicleTracker>();
  private readonly recent: Alert[] = [];

  constructor(
    readonly plan: Plan = EMPTY_PLAN,
    private readonly options: TrackerOptions = { ...TRACKER_DEFAULTS, reorderWindowMs: 0 },
  ) {
    super();
  }

  vehicles(): StoredStatus[] {
    return [...this.trackers.values()].map((t) => t.status());
  }

  alerts(): Alert[] {
    return [...this.recent];
  }

  feed(records: PositionRecord[]): void {
    const alerts: Alert[] = [];
    for (const rec of records) {
      let t = this.trackers.get(rec.vehicleId);
      if (!t) this.trackers.set(rec.vehicleId, (t = new VehicleTracker(rec.vehicleId, this.plan.vehicles.get(rec.vehicleId), this.plan.thresholds, this.options)));
      alerts.push(...t.ingest(rec));
    }
    const touched = new Set(records.map((r) => r.vehicleId));
    const statuses = [...touched].map((id) => this.trackers.get(id)!.status());
    const positions = new Map([...touched].map((id) => [id, this.trackers.get(id)!.takeProcessed()]));
    for (const alert of alerts) {
      this.recent.push(alert);
      this.emit('alert', alert);
    }
    this.emit('statuses', statuses);
    this.emit('positions', positions);
  }
}

/** A live page's event stream as plain HTTP: every message parsed, in order. */
export function openFeed(url: string, options: { read?: boolean } = {}): { messages: { event: string; data: unknown }[]; close: () => void } {
  const messages: { event: string; data: unknown }[] = [];
  let buffered = '';
  const req = request(new URL('/events', url), (res) => {
    if (options.read === false) return res.pause();
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffered += chunk;
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) messages.push({ event, data: JSON.parse(data) });
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return { messages, close: () => req.destroy() };
}

/**
 * A driving event as the agent would have recorded it on a scripted trip: its peak at `records[index]`, lasting
 * `durationS` up to it, its trail the trip's positions 10 s either side (1 Hz trips), with its own `seq`
 * (the positions' seqs are the trip's; events take seqs above them).
 */
export function scriptedEvent(records: PositionRecord[], index: number, seq: number, kind: DrivingEventKind, peak: number, threshold: number, durationS: number): DrivingEventRecord {
  const at = records[index]!;
  const timeMs = Date.parse(at.time);
  const trail = records.slice(Math.max(0, index - 10), index + 11).map((p) => ({ timeMs: Date.parse(p.time), lat: p.lat, lon: p.lon, ...(p.speed !== undefined ? { speed: p.speed } : {}) }));
  const event = { kind, startMs: timeMs - durationS * 1000, endMs: timeMs, peak, threshold, trail };
  return drivingEventRecord(at.vehicleId, at.epoch, { seq, timeMs, lat: at.lat, lon: at.lon, event }, at.receivedAt);
}
