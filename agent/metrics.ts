import { createServer, type Server } from 'node:http';
import type { StatusMetric } from '../common/metrics.js';
import type { AgentStatus } from './agent-core.js';

/** The agent's metrics, read from its status at each scrape (unknown values, such as no fix yet, have no sample). */
export const AGENT_METRICS: StatusMetric<AgentStatus>[] = [
  { name: 'telematics_agent_uptime_seconds', type: 'gauge', help: 'Seconds since the agent started.', value: (s) => s.uptimeMs / 1000 },
  { name: 'telematics_agent_gps_fixes_total', type: 'counter', help: 'Fixes received from the receiver.', value: (s) => s.gps.fixes },
  { name: 'telematics_agent_gps_fix_mode', type: 'gauge', help: 'Mode of the last fix (1 none, 2 2D, 3 3D).', value: (s) => s.gps.lastFix?.mode },
  { name: 'telematics_agent_gps_satellites_used', type: 'gauge', help: 'Satellites used in the last fix.', value: (s) => s.gps.lastFix?.uSat },
  { name: 'telematics_agent_gps_hdop', type: 'gauge', help: 'HDOP of the last fix.', value: (s) => s.gps.lastFix?.hdop },
  {
    name: 'telematics_agent_gps_clock_offset_seconds',
    type: 'gauge',
    help: 'System clock minus GPS time.',
    value: (s) => (s.gps.clockOffsetMs === undefined ? undefined : s.gps.clockOffsetMs / 1000),
  },
  { name: 'telematics_agent_gps_sentences_per_second', type: 'gauge', help: 'NMEA sentences per second.', value: (s) => s.gps.receiver?.sentencesPerSec },
  { name: 'telematics_agent_gps_checksum_errors_total', type: 'counter', help: 'NMEA lines with a bad checksum.', value: (s) => s.gps.receiver?.checksumErrors },
  { name: 'telematics_agent_gps_dropped_lines_total', type: 'counter', help: 'Serial lines dropped (checksum, length, binary, …).', value: (s) => s.gps.receiver?.droppedLines },
  {
    name: 'telematics_agent_gps_fixes_rejected_total',
    type: 'counter',
    help: 'Fixes the plausibility stage rejected (never recorded), by reason.',
    label: 'reason',
    values: (s) => s.plausibility.rejected,
  },
  { name: 'telematics_agent_gps_fixes_held_total', type: 'counter', help: 'Fixes whose position static navigation held where the vehicle stopped.', value: (s) => s.plausibility.held },
  { name: 'telematics_agent_positions_recorded_total', type: 'counter', help: 'Positions the sampler recorded.', value: (s) => s.sampler.recorded },
  { name: 'telematics_agent_buffer_depth', type: 'gauge', help: 'Positions buffered and not yet acknowledged.', value: (s) => s.buffer.depth + s.buffer.pendingInMemory },
  {
    name: 'telematics_agent_buffer_oldest_unsent_age_seconds',
    type: 'gauge',
    help: 'Age of the oldest unsent position.',
    value: (s) => (s.buffer.oldestUnsentTimeMs === undefined ? 0 : (s.atMs - s.buffer.oldestUnsentTimeMs) / 1000),
  },
  { name: 'telematics_agent_buffer_bytes', type: 'gauge', help: 'Buffer database size (file + WAL).', value: (s) => s.buffer.dbBytes + s.buffer.walBytes },
  {
    name: 'telematics_agent_buffer_dropped_total',
    type: 'counter',
    help: 'Positions dropped by the buffer cap.',
    value: (s) => s.buffer.drops.capacity,
    labels: { reason: 'capacity' },
  },
  { name: 'telematics_agent_buffer_dropped_memory_total', type: 'counter', help: 'Positions dropped from memory while the disk was full.', value: (s) => s.buffer.drops.memory },
  { name: 'telematics_agent_buffer_quarantined_positions_total', type: 'counter', help: 'Positions the gateway rejected (quarantined).', value: (s) => s.buffer.quarantinedPositions },
  {
    name: 'telematics_agent_buffer_writable',
    type: 'gauge',
    help: '1 when the buffer commits, 0 while the disk is full or failing.',
    value: (s) => (s.buffer.state === 'ok' ? 1 : 0),
  },
  { name: 'telematics_agent_upload_positions_total', type: 'counter', help: 'Positions the gateway acknowledged.', value: (s) => s.uplink.sentPositions },
  { name: 'telematics_agent_upload_failed_requests_total', type: 'counter', help: 'Upload requests that failed.', value: (s) => s.uplink.failedRequests },
  {
    name: 'telematics_agent_upload_not_gateway_answers_total',
    type: 'counter',
    help: "Answers 200 that were no gateway's acknowledgement of the batch (nothing deleted; counted in failed requests too).",
    value: (s) => s.uplink.notGatewayAnswers,
  },
  {
    name: 'telematics_agent_upload_last_success_age_seconds',
    type: 'gauge',
    help: 'Seconds since the last acknowledged upload.',
    value: (s) => (s.uplink.lastSuccessAtMs === undefined ? undefined : (s.atMs - s.uplink.lastSuccessAtMs) / 1000),
  },
];

/** The agent's CPU budget is 0.5 % of a core: the event-loop lag is sampled once a second, not every 10 ms (common/metrics.ts). */
export const AGENT_PROCESS_METRICS = { eventLoopMonitoringPrecisionMs: 1_000 };

/**
 * Serves `GET /metrics` on 127.0.0.1:PORT (`--metrics-port`): the agent's metrics and the
 * process's (RSS, event-loop lag, GC). prom-client (with @opentelemetry/api, which it
 * requires) adds 1–3 MiB to the agent's RSS (10 MiB to a bare Node; agent/README.md), so it
 * is loaded only here, when metrics are asked for.
 */
export async function startMetricsServer(port: number, status: () => AgentStatus): Promise<Server> {
  const { processMetrics, sendMetrics, statusMetricsRegistry, withProcessMetrics } = await import('../common/metrics.js');
  const served = withProcessMetrics(statusMetricsRegistry(status, AGENT_METRICS), processMetrics(AGENT_PROCESS_METRICS));
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('GET /metrics\n');
      return;
    }
    void sendMetrics(res, served);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
