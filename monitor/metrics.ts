import { Histogram, type Registry } from 'prom-client';
import type { StatusMetric } from '../common/metrics.js';
import type { MonitorStats } from './monitor.js';
import type { DriverScoreKeeper } from './score-keeper.js';

/** What the monitor's metrics are read from at each scrape. */
export interface MonitorMetricsStatus extends MonitorStats {
  vehicles: number;
  vehiclesNoData: number;
  /** Records waiting in this instance's partitions (monitor/consumer-health.ts); undefined before the first check. */
  lag: number | undefined;
  ready: boolean;
}

/** The monitor's metrics (served on /metrics with --http), mirroring `FleetMonitor.stats`. */
export const MONITOR_METRICS: StatusMetric<MonitorMetricsStatus>[] = [
  { name: 'telematics_monitor_positions_total', type: 'counter', help: 'Position records read from the positions topic.', value: (s) => s.positions },
  { name: 'telematics_monitor_positions_committed_total', type: 'counter', help: 'Positions whose offsets are committed (their state is in vehicle-status).', value: (s) => s.committed },
  {
    name: 'telematics_monitor_invalid_records_total',
    type: 'counter',
    help: 'Records that were not position records (schema, key, version, not JSON), each sent to the dead-letter topic.',
    value: (s) => s.invalid,
  },
  { name: 'telematics_monitor_batches_total', type: 'counter', help: 'Batches of position records processed and committed.', value: (s) => s.batches },
  { name: 'telematics_monitor_alerts_total', type: 'counter', help: 'Alerts produced to vehicle-alerts.', value: (s) => s.alerts },
  { name: 'telematics_monitor_status_writes_total', type: 'counter', help: 'Status records produced to vehicle-status.', value: (s) => s.statusWrites },
  {
    name: 'telematics_monitor_rollbacks_total',
    type: 'counter',
    help: 'Batches or ticks whose alerts and status could not be produced (state rolled back, retried).',
    value: (s) => s.rollbacks,
  },
  { name: 'telematics_monitor_vehicles', type: 'gauge', help: 'Vehicles tracked by this instance.', value: (s) => s.vehicles },
  { name: 'telematics_monitor_vehicles_no_data', type: 'gauge', help: 'Tracked vehicles silent past the no-data limit.', value: (s) => s.vehiclesNoData },
  {
    name: 'telematics_monitor_consumer_lag',
    type: 'gauge',
    help: "Records of this instance's partitions past the group's committed offsets (grows while the consumer is stalled or gone).",
    value: (s) => s.lag,
  },
  { name: 'telematics_monitor_ready', type: 'gauge', help: '1 while the consumer runs and keeps up (as /readyz), else 0.', value: (s) => (s.ready ? 1 : 0) },
];

/**
 * How long each transaction of a partition's outputs and offset took (send, offsets, commit), by outcome
 * (`committed`, `failed`). Each batch waits for its transaction before kafkajs fetches again, so this is where a
 * slow coordinator or refused sends show first (they once made half of them take 270–370 ms instead of 6–10).
 */
export function monitorTransactionHistogram(registry: Registry): Histogram<'outcome'> {
  return new Histogram({
    name: 'telematics_monitor_transaction_seconds',
    help: "Time to commit one transaction of a partition's alerts, status, dead letters and offset, by outcome.",
    labelNames: ['outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
}

/** What the driver scores' metrics are read from at each scrape. */
export type ScoreKeeperMetricsStatus = DriverScoreKeeper['stats'] & {
  /** Records of this instance's partitions of vehicle-events past its group's committed offsets; undefined before the first check. */
  lag: number | undefined;
  ready: boolean;
};

/** The driver scores' metrics (served beside the monitor's on /metrics), mirroring `DriverScoreKeeper.stats` and its consumer's health. */
export const SCORE_KEEPER_METRICS: StatusMetric<ScoreKeeperMetricsStatus>[] = [
  { name: 'telematics_driver_scores_events_total', type: 'counter', help: 'Driving-event records read from vehicle-events.', value: (s) => s.events },
  {
    name: 'telematics_driver_scores_events_counted_total',
    type: 'counter',
    help: 'Driving events counted into the scores (each once), by kind.',
    label: 'kind',
    values: (s) => s.countedByKind,
  },
  {
    name: 'telematics_driver_scores_invalid_records_total',
    type: 'counter',
    help: 'Records of vehicle-events that were not driving-event records, each sent to its dead-letter topic.',
    value: (s) => s.invalid,
  },
  { name: 'telematics_driver_scores_alerts_total', type: 'counter', help: 'Severe-driving alerts produced to vehicle-alerts.', value: (s) => s.alerts },
  { name: 'telematics_driver_scores_writes_total', type: 'counter', help: 'Score records produced to driver-scores.', value: (s) => s.scoreWrites },
  {
    name: 'telematics_driver_scores_rollbacks_total',
    type: 'counter',
    help: 'Batches of events whose alerts and scores could not be produced (rolled back, retried).',
    value: (s) => s.rollbacks,
  },
  {
    name: 'telematics_driver_scores_consumer_lag',
    type: 'gauge',
    help: "Records of this instance's partitions of vehicle-events past its group's committed offsets (grows while the consumer is stalled or gone).",
    value: (s) => s.lag,
  },
  { name: 'telematics_driver_scores_ready', type: 'gauge', help: '1 while the driving-events consumer runs and keeps up, else 0 (/readyz then answers 503).', value: (s) => (s.ready ? 1 : 0) },
];
