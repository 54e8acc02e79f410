import { createServer, type Server } from 'node:http';
import type { AgentStatus } from './agent-core.js';

/** Prometheus text exposition of the agent's status (`--metrics-port`, bound to 127.0.0.1). */
export function renderMetrics(s: AgentStatus): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number | undefined, labels = ''): void => {
    if (value === undefined || !Number.isFinite(value)) return;
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${labels} ${value}`);
  };
  const now = s.atMs;
  metric('telematics_agent_uptime_seconds', 'gauge', 'Seconds since the agent started.', s.uptimeMs / 1000);
  metric('telematics_agent_gps_fixes_total', 'counter', 'Fixes received from the receiver.', s.gps.fixes);
  metric('telematics_agent_gps_fix_mode', 'gauge', 'Mode of the last fix (1 none, 2 2D, 3 3D).', s.gps.lastFix?.mode);
  metric('telematics_agent_gps_satellites_used', 'gauge', 'Satellites used in the last fix.', s.gps.lastFix?.uSat);
  metric('telematics_agent_gps_hdop', 'gauge', 'HDOP of the last fix.', s.gps.lastFix?.hdop);
  metric('telematics_agent_gps_clock_offset_seconds', 'gauge', 'System clock minus GPS time.', s.gps.clockOffsetMs === undefined ? undefined : s.gps.clockOffsetMs / 1000);
  const r = s.gps.receiver;
  metric('telematics_agent_gps_sentences_per_second', 'gauge', 'NMEA sentences per second.', r?.sentencesPerSec);
  metric('telematics_agent_gps_checksum_errors_total', 'counter', 'NMEA lines with a bad checksum.', r?.checksumErrors);
  metric('telematics_agent_gps_dropped_lines_total', 'counter', 'Serial lines dropped (checksum, length, binary, …).', r?.droppedLines);
  metric('telematics_agent_positions_recorded_total', 'counter', 'Positions the sampler recorded.', s.sampler.recorded);
  metric('telematics_agent_buffer_depth', 'gauge', 'Positions buffered and not yet acknowledged.', s.buffer.depth + s.buffer.pendingInMemory);
  metric('telematics_agent_buffer_oldest_unsent_age_seconds', 'gauge', 'Age of the oldest unsent position.', s.buffer.oldestUnsentTimeMs === undefined ? 0 : (now - s.buffer.oldestUnsentTimeMs) / 1000);
  metric('telematics_agent_buffer_bytes', 'gauge', 'Buffer database size (file + WAL).', s.buffer.dbBytes + s.buffer.walBytes);
  metric('telematics_agent_buffer_dropped_total', 'counter', 'Positions dropped by the buffer cap.', s.buffer.drops.capacity, '{reason="capacity"}');
  metric('telematics_agent_buffer_dropped_memory_total', 'counter', 'Positions dropped from memory while the disk was full.', s.buffer.drops.memory);
  metric('telematics_agent_buffer_quarantined_positions_total', 'counter', 'Positions the gateway rejected (quarantined).', s.buffer.quarantinedPositions);
  metric('telematics_agent_buffer_writable', 'gauge', '1 when the buffer commits, 0 while the disk is full or failing.', s.buffer.state === 'ok' ? 1 : 0);
  metric('telematics_agent_upload_positions_total', 'counter', 'Positions the gateway acknowledged.', s.uplink.sentPositions);
  metric('telematics_agent_upload_failed_requests_total', 'counter', 'Upload requests that failed.', s.uplink.failedRequests);
  metric('telematics_agent_upload_last_success_age_seconds', 'gauge', 'Seconds since the last acknowledged upload.', s.uplink.lastSuccessAtMs === undefined ? undefined : (now - s.uplink.lastSuccessAtMs) / 1000);
  return lines.join('\n') + '\n';
}

export async function startMetricsServer(port: number, status: () => AgentStatus): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('GET /metrics\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(renderMetrics(status()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
