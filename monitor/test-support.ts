import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../common/paths.js';
import { createKafka } from '../kafka/config.js';
import { pollUntil } from '../common/poll.js';
import { readRanges, wholeTopic } from '../kafka/range-reader.js';
import type { StoredStatus } from './status-store.js';
import type { Alert, VehicleStatus } from './vehicle-tracker.js';

/** Shared by the monitor's real-broker tests: names, reading alerts back, the v1 status fixture, comparing statuses. */

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Every alert on a topic up to its current end, read by an independent consumer. */
export async function readAlerts(brokers: string[], topic: string): Promise<Alert[]> {
  const kafka = createKafka('telematics-alerts-reader', brokers);
  const alerts: Alert[] = [];
  const { complete, unread } = await readRanges(kafka, {
    topic,
    ranges: await wholeTopic(kafka, topic),
    groupIdPrefix: 'alerts-reader',
    timeoutMs: 60_000,
    onMessage: (message) => void alerts.push(JSON.parse(message.value!.toString('utf8')) as Alert),
  });
  if (!complete) throw new Error(`reading ${topic} to its end timed out (partitions ${unread.join(', ')} left)`);
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
