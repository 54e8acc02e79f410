import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Kafka } from 'kafkajs';
import { endOffsets, rangesBetween, readRanges } from '../kafka/range-reader.js';
import { formatIsoTimeMs } from '../protocol/iso-time.js';
import type { Position, PositionBatch } from '../protocol/position.js';
import { addDevice } from './registry.js';

/**
 * Helpers for tests that talk to a real gateway and a real broker (gateway tests,
 * and any other component's tests that post batches).
 */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => Record<string, unknown>;
}

/** One request on its own connection (no keep-alive, so a refused body never poisons the next request). */
export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers, agent: false, timeout: options.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) as Record<string, unknown> });
      });
      res.on('error', reject);
    });
    // The server may answer and close before the whole body is sent (413, 401): the answer is what counts.
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.end(options.body);
  });
}

export function tempRegistry(): string {
  return join(mkdtempSync(join(tmpdir(), 'gateway-registry-')), 'devices.json');
}

export function registerVehicle(registryFile: string, vehicleId: string): string {
  return addDevice(registryFile, vehicleId);
}

/** `count` plausible 1 Hz positions starting at `firstSeq`, times just behind now. */
export function makePositions(firstSeq: number, count: number, startMs = Date.now() - 120_000): Position[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: firstSeq + i,
    timeMs: startMs + i * 1000,
    lat: -25.45 + i * 0.0001,
    lon: -49.23 - i * 0.0001,
    speed: 12.5,
    track: 181.25,
  }));
}

export function makeBatch(epoch: string, firstSeq: number, count: number): PositionBatch {
  return { epoch, positions: makePositions(firstSeq, count) };
}

/** A position as the JSON body and the Kafka record spell it: `timeMs` written out as the ISO-8601 `time`. */
export function wirePosition(p: Position): Omit<Position, 'timeMs'> & { time: string } {
  const { seq, timeMs, ...rest } = p;
  return { seq, time: formatIsoTimeMs(timeMs), ...rest };
}

/**
 * JSON text of a body as a test built it: like JSON.stringify, but each position's `timeMs`
 * is written as its wire `time`. Unlike encodeJsonBatch it keeps whatever else the test put
 * in (unknown fields, wrong types), so hostile bodies stay hostile.
 */
export function jsonBody(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as Partial<Position>).timeMs === 'number' ? wirePosition(value as Position) : value,
  );
}

/** Sum of the high-water offsets of all partitions: how many records the topic ever received. */
export async function topicRecordCount(kafka: Kafka, topic: string): Promise<number> {
  return [...(await endOffsets(kafka, topic)).values()].reduce((sum, high) => sum + Number(high), 0);
}

export interface ReadRecord {
  key: string;
  value: Record<string, unknown>;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * Every record of the topic up to its end now, read by an independent consumer. Call it once
 * the records you look for were acknowledged (acks=all): they are then below the end offsets,
 * and so is any duplicate produced with them.
 */
export async function readAllRecords(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  const { complete, unread } = await readRanges(kafka, {
    topic,
    ranges: rangesBetween(new Map(), await endOffsets(kafka, topic)),
    groupIdPrefix: 'gateway-test-reader',
    timeoutMs,
    onMessage: (message, partition) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      records.push({ key: message.key?.toString() ?? '', value: JSON.parse(message.value!.toString()) as Record<string, unknown>, headers, partition, offset: message.offset });
    },
  });
  if (!complete) throw new Error(`reading ${topic} to its end took over ${timeoutMs} ms (partitions ${unread.join(', ')} unread)`);
  return records;
}

/**
 * The two bodies of issue 13 that stalled the gateway, both gzip and tiny as sent:
 * `{"epoch":"e","positions":[{},{},…]}` with 10⁶ empty positions (2,974 bytes, 3 MB inflated)
 * and a batch whose positions nest 1.9 million arrays deep (3,749 bytes, 3.8 MB inflated).
 */
export function costlyGzipBodies(): { emptyPositions: Buffer; deepNesting: Buffer } {
  const depth = 1_900_000;
  return {
    emptyPositions: gzipSync(`{"epoch":"e","positions":[${new Array<string>(1_000_000).fill('{}').join(',')}]}`, { level: 9 }),
    deepNesting: gzipSync(`{"epoch":"e","positions":${'['.repeat(depth)}${']'.repeat(depth)}}`, { level: 9 }),
  };
}

/**
 * Seqs (`vehicleId/epoch/seq`) that appear more than once among the records, each with where
 * its copies are and when the gateway received each (which request wrote it): what a failed
 * `expect(repeatedSeqs(records)).toEqual(new Map())` prints.
 */
export function repeatedSeqs(records: Pick<ReadRecord, 'value' | 'partition' | 'offset'>[]): Map<string, string[]> {
  const copies = new Map<string, string[]>();
  for (const r of records) {
    const key = `${String(r.value.vehicleId)}/${String(r.value.epoch)}/${String(r.value.seq)}`;
    const copy = `partition ${r.partition} offset ${r.offset}, received ${String(r.value.receivedAt)}`;
    copies.set(key, [...(copies.get(key) ?? []), copy]);
  }
  return new Map([...copies].filter(([, list]) => list.length > 1));
}
