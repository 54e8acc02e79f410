import type { Fix, FixReport } from '../fix.js';
import { frameAll, type FramerCounts } from '../framing/framer.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { NmeaPipeline, type NmeaPipelineOptions } from './pipeline.js';

/** Synthetic sentences (valid checksums) for the decoding tests: a receiver near Munich on 2024-03-23. */
export const rmc = (time: string, date: string, status = 'A', talker = 'GP') =>
  withChecksum(`${talker}RMC,${time},${status},4807.038,N,01131.000,E,022.4,084.4,${date},003.1,W`);
export const gga = (time: string, quality = 1, talker = 'GP', satellites = '08') =>
  withChecksum(`${talker}GGA,${time},4807.038,N,01131.000,E,${quality},${satellites},0.9,545.4,M,46.9,M,,`);
export const gsa = (mode: number, talker = 'GP', prns = '04,05,,09,12,,,24,,,,') => withChecksum(`${talker}GSA,A,${mode},${prns},2.5,1.3,2.1`);
export const gll = (time: string, status = 'A') => withChecksum(`GPGLL,4807.038,N,01131.000,E,${time},${status},A`);

export interface Decoded {
  reports: FixReport[];
  fixes: Fix[];
  pipeline: NmeaPipeline;
  framing: FramerCounts;
}

/** Bytes through the framer into a pipeline, as the serial path and capture files go. */
export function decodeBytes(bytes: Buffer, options?: NmeaPipelineOptions): Decoded {
  const pipeline = new NmeaPipeline(options);
  const { items, counts } = frameAll(bytes);
  const reports = items.flatMap((item) => (item.kind === 'comment' ? [] : pipeline.pushReports(item)));
  reports.push(...pipeline.flushReports());
  return { reports, fixes: reports.map((r) => r.fix), pipeline, framing: counts };
}

/** Sentences, one per line, through the framer into a pipeline. */
export function decodeLines(lines: string[], options?: NmeaPipelineOptions): Decoded {
  return decodeBytes(Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1'), options);
}

/** The last fix reported for each time, in order of first appearance: what an epoch finally said. */
export function lastFixByTime(fixes: Fix[]): Map<string, Fix> {
  const out = new Map<string, Fix>();
  for (const fix of fixes) if (fix.time !== undefined) out.set(fix.time, fix);
  return out;
}
