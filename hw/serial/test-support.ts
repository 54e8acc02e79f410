import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { pollUntil } from '../../common/poll.js';
import type { Framed } from '../framing/framer.js';
import type { SerialGps, SerialGpsState } from './serial-gps.js';

/** A logger whose JSON lines are kept in memory, to assert what was logged and how often. */
export function memoryLogger(): { logger: Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) records.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), records };
}

/** Resolves when the reader reaches `state` (immediately if it is there). */
export function untilState(gps: SerialGps, state: SerialGpsState, timeoutMs = 20_000): Promise<void> {
  if (gps.status().state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for state ${state}; status ${JSON.stringify(gps.status())}`)), timeoutMs);
    const onStatus = (s: { state: SerialGpsState }): void => {
      if (s.state !== state) return;
      clearTimeout(timer);
      gps.off('status', onStatus);
      resolve();
    };
    gps.on('status', onStatus);
  });
}

/** Collects framed sentences until `count` arrived. */
export function collectLines(gps: SerialGps, count: number, timeoutMs = 20_000): Promise<string[]> {
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${lines.length}/${count} sentences`)), timeoutMs);
    const onFramed = (item: Framed): void => {
      if (item.kind !== 'sentence') return;
      lines.push(item.sentence);
      if (lines.length < count) return;
      clearTimeout(timer);
      gps.off('framed', onFramed);
      resolve(lines);
    };
    gps.on('framed', onFramed);
  });
}

/** Calls `listener` with every sentence `gps` frames. */
export function onSentence(gps: SerialGps, listener: (sentence: string) => void): void {
  gps.on('framed', (item: Framed) => {
    if (item.kind === 'sentence') listener(item.sentence);
  });
}

/**
 * Resolves once `gps` has read `bytes` bytes; on the deadline it fails with both ends'
 * counters (what the device handed to the kernel, what it dropped, the reader's status),
 * so a stall names the side that stopped.
 */
export async function untilRead(
  gps: SerialGps,
  device: { writtenBytes: number; droppedBytes: number },
  bytes: number,
  writerProgress: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  await pollUntil(`the reader to take ${bytes} bytes`, () => gps.status().bytes >= bytes, {
    timeoutMs,
    intervalMs: 50,
    describe: () => `${writerProgress()}, ${device.writtenBytes} written to the PTY, ${device.droppedBytes} dropped; reader status ${JSON.stringify(gps.status())}`,
  });
  if (gps.status().bytes !== bytes) throw new Error(`the reader took ${gps.status().bytes} bytes, more than the ${bytes} written`);
}
