import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../common/paths.js';
import { createKafka } from '../kafka/config.js';
import { pollUntil } from '../common/poll.js';
import { readRanges, wholeTopic } from '../kafka/range-reader.js';
import type { Plan } from './plan.js';
import type { Scenario } from './scenarios.js';
import type { StoredStatus } from './status-store.js';
import { type Alert, type VehicleStatus, VehicleTracker } from './vehicle-tracker.js';

/** Shared by the monitor's real-broker tests: names, reading alerts back, the v1 status fixture, comparing statuses. */

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The alerts one uninterrupted tracker raises on a scenario's records in order: what a monitor must produce, whatever happened to it. */
export function referenceAlerts(s: Scenario, plan: Plan): Alert[] {
  const reference = new VehicleTracker(s.vehicleId, plan.vehicles.get(s.vehicleId), plan.thresholds);
  const alerts = s.records.flatMap((r) => reference.ingest(r));
  alerts.push(...reference.flush());
  return alerts;
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

/** A status without what must not depend on arrival order or restarts: wall-clock times, drop counters, Kafka offsets. */
export function comparable(s: StoredStatus | VehicleStatus): object {
  const { updatedAt: _u, counts, lastReceivedAt: _l, ...rest } = s;
  const { source: _s, ...state } = rest as StoredStatus;
  return { ...state, processed: counts.processed };
}

export { createKafka };
