import type { StatusMetric } from '../common/metrics.js';
import type { MonitorStats } from './monitor.js';

/** What the monitor's metrics are read from at each scrape. */
export interface MonitorMetricsStatus extends MonitorStats {
  vehicles: number;
  vehiclesNoData: number;
}

/** The monitor's metrics (served on /metrics with --http), mirroring `FleetMonitor.stats`. */
export const MONITOR_METRICS: StatusMetric<MonitorMetricsStatus>[] = [
  { name: 'telematics_monitor_positions_total', type: 'counter', help: 'Position records read from the positions topic.', value: (s) => s.positions },
  { name: 'telematics_monitor_positions_committed_total', type: 'counter', help: 'Positions whose offsets are committed (their state is in vehicle-status).', value: (s) => s.committed },
  { name: 'telematics_monitor_invalid_records_total', type: 'counter', help: 'Unreadable position records skipped.', value: (s) => s.invalid },
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
];
