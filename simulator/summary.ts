import { fmtDuration, fmtMs } from './live-view.js';
import { droppedTotal, type SimReport } from './report.js';

function n(v: number): string {
  return v.toLocaleString('en-US');
}

/** `jump 3, frozen 1`. */
function byKind(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
}

/** The closing summary people read after a run. */
export function formatSummary(r: SimReport): string {
  const f = r.fleet;
  const dropped = droppedTotal(f.dropped);
  const lines = [
    `${r.run.trucks} trucks drove ${fmtDuration(r.run.drivenMs)} (×${r.run.speedup}) in ${fmtDuration(r.run.wallMs)} of wall time${r.run.interrupted ? ' (interrupted)' : ''}; trips: ${r.run.trips.note}.`,
    `positions: ${n(f.recorded)} recorded, ${n(f.acknowledged)} acknowledged by the gateway, ${n(f.stillBuffered)} still buffered, ${n(dropped)} dropped` +
      (dropped ? ` (cap ${f.dropped.capacity}, memory ${f.dropped.memory}, quarantined ${f.dropped.quarantined})` : '') +
      `; ${n(f.throughput.ackedPerWallSecond)}/s acknowledged.`,
    `latency: batch ack p50 ${f.batchAckMs.p50 ?? '–'} ms, p99 ${f.batchAckMs.p99 ?? '–'} ms; fix→ack (simulated clock) p50 ${fmtMs(f.fixToAckMs.p50)}, p99 ${fmtMs(f.fixToAckMs.p99)}.`,
    `faults: ${r.run.faults.faults.length ? r.run.faults.faults.map((x) => x.kind).join(', ') : 'none'}; ${n(f.restarts)} agent restarts, ${n(f.failedRequests)} failed requests retried` +
      (Object.keys(f.errors).length ? ` (${byKind(f.errors)})` : '') +
      '.',
    `GPS glitches rejected by the agents: ${Object.keys(f.rejectedFixes).length ? byKind(f.rejectedFixes) : 'none'}.`,
    `driving events recorded by the agents: ${Object.keys(f.drivingEvents).length ? byKind(f.drivingEvents) : 'none'}.`,
  ];
  if (r.verify) {
    // `unique`, `missing` and `duplicates` count every seq, the events' included: they share the positions' seq.
    const events = Object.values(r.verify.eventsByKind).reduce((a, b) => a + b, 0);
    const skipped = r.verify.skippedRecords > 0 ? `; ${n(r.verify.skippedRecords)} records that are not position records skipped` : '';
    lines.push(`verified in Kafka (${r.verify.topic}): ${n(r.verify.unique - events)} unique positions, ${n(r.verify.missing)} missing, ${n(r.verify.duplicates)} duplicates${skipped}.`);
    lines.push(`  and (${r.verify.eventsTopic}) ${n(events)} unique driving events${events ? `: ${byKind(r.verify.eventsByKind)}` : ''} (missing and duplicates above count both topics).`);
  }
  if (!r.run.drained) lines.push(`not drained: the trucks still held positions when the drain time ran out.`);
  lines.push(r.ok ? 'OK: nothing lost.' : `FAIL: ${n(r.lost)} positions lost${r.verify?.duplicates ? `, ${n(r.verify.duplicates)} duplicates` : ''}.`);
  return lines.join('\n');
}
