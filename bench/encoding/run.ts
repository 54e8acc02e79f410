/**
 * Bytes per position and codec throughput of the batch encodings, on real 1 Hz driving
 * (the NDS-BR Curitiba car trips). Prints a table (or `--json`); figures go in protocol/README.md.
 *
 *   node dist-bench/bench/encoding/run.js [--batch-size 60] [--seconds 1] [--json] [--csv FILE]
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeBinaryBatch, encodeBinaryBatch } from '../../protocol/binary-batch.js';
import { encodeJsonBatch, parseJsonBatch } from '../../protocol/json-batch.js';
import type { Position, PositionBatch } from '../../protocol/position.js';
import { NDSBR_CSV } from '../../trips/trip-csv.js';
import { readTripFile } from '../../trips/trip-files.js';
import { positionFields } from '../../trips/trip-point.js';

export const ENCODING_BENCH_DEFAULTS = {
  csvPath: NDSBR_CSV,
  batchSize: 60,
  /** Time spent on each throughput measurement. */
  seconds: 1,
};

/** Positions per trip, in file order, from the shared trip reader. */
export function readTrips(csvPath: string): Map<string, Position[]> {
  const trips = new Map<string, Position[]>();
  for (const [id, { points }] of readTripFile(csvPath).trips) {
    trips.set(id, points.map((p, i) => ({ seq: i + 1, timeMs: p.timeMs, ...positionFields(p) })));
  }
  return trips;
}

/** Consecutive full batches of each trip; one epoch (a UUID, as long as an agent's could be) per trip. */
export function cutBatches(trips: Map<string, Position[]>, batchSize: number): PositionBatch[] {
  const batches: PositionBatch[] = [];
  for (const positions of trips.values()) {
    const epoch = randomUUID();
    for (let i = 0; i + batchSize <= positions.length; i += batchSize) batches.push({ epoch, positions: positions.slice(i, i + batchSize) });
  }
  return batches;
}

interface SizeStats {
  meanBytesPerPosition: number;
  p50BytesPerPosition: number;
  p95BytesPerPosition: number;
}

function sizeStats(sizes: number[], batchSize: number): SizeStats {
  const perPosition = sizes.map((s) => s / batchSize).sort((a, b) => a - b);
  const pick = (q: number): number => perPosition[Math.min(perPosition.length - 1, Math.floor(q * perPosition.length))]!;
  const round = (v: number): number => Math.round(v * 100) / 100;
  return {
    meanBytesPerPosition: round(perPosition.reduce((a, b) => a + b, 0) / perPosition.length),
    p50BytesPerPosition: round(pick(0.5)),
    p95BytesPerPosition: round(pick(0.95)),
  };
}

/** Batches per second of `fn` over the batches, run for about `seconds`. */
function throughput<T>(items: T[], seconds: number, fn: (item: T) => unknown): number {
  for (const item of items.slice(0, 50)) fn(item); // warm up the JIT
  let done = 0;
  const start = process.hrtime.bigint();
  const budgetNs = BigInt(Math.round(seconds * 1e9));
  let elapsedNs = 0n;
  while (elapsedNs < budgetNs) {
    for (const item of items) fn(item);
    done += items.length;
    elapsedNs = process.hrtime.bigint() - start;
  }
  return Math.round(done / (Number(elapsedNs) / 1e9));
}

function parseArgs(argv: string[]): { batchSize: number; seconds: number; json: boolean; csvPath: string } {
  const opts = { ...ENCODING_BENCH_DEFAULTS, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') opts.json = true;
    else if (arg === '--batch-size') opts.batchSize = Number(argv[++i]);
    else if (arg === '--seconds') opts.seconds = Number(argv[++i]);
    else if (arg === '--csv') opts.csvPath = String(argv[++i]);
    else {
      process.stderr.write(`unknown argument ${arg}\nusage: run.js [--batch-size N] [--seconds S] [--json] [--csv FILE]\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1 || !(opts.seconds > 0)) {
    process.stderr.write('--batch-size must be a positive integer and --seconds a positive number\n');
    process.exit(2);
  }
  return opts;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const trips = readTrips(opts.csvPath);
  const batches = cutBatches(trips, opts.batchSize);
  if (batches.length === 0) throw new Error(`no trip in ${opts.csvPath} has ${opts.batchSize} positions`);

  const json = batches.map(encodeJsonBatch);
  const binary = batches.map(encodeBinaryBatch);
  const jsonGzip = json.map((t) => gzipSync(t));
  const binaryGzip = binary.map((b) => gzipSync(b));
  const sizes = {
    json: sizeStats(json.map((t) => Buffer.byteLength(t)), opts.batchSize),
    jsonGzip: sizeStats(jsonGzip.map((b) => b.length), opts.batchSize),
    binary: sizeStats(binary.map((b) => b.length), opts.batchSize),
    binaryGzip: sizeStats(binaryGzip.map((b) => b.length), opts.batchSize),
  };

  // The native baseline stringifies the batches as the JSON body spells them (time as text).
  const wireObjects: unknown[] = json.map((t) => JSON.parse(t));
  const s = opts.seconds;
  const rates = {
    jsonStringify: throughput(wireObjects, s, (b) => JSON.stringify(b)),
    jsonParse: throughput(json, s, (t) => JSON.parse(t)),
    encodeJsonBatch: throughput(batches, s, encodeJsonBatch),
    parseJsonBatch: throughput(json, s, parseJsonBatch),
    encodeBinaryBatch: throughput(batches, s, encodeBinaryBatch),
    decodeBinaryBatch: throughput(binary, s, decodeBinaryBatch),
    gunzipDecodeBinary: throughput(binaryGzip, s, (b) => decodeBinaryBatch(gunzipSync(b))),
  };
  const ratio = (v: number, base: number): number => Math.round((v / base) * 100) / 100;
  const result = {
    data: opts.csvPath,
    trips: trips.size,
    batches: batches.length,
    batchSize: opts.batchSize,
    sizes,
    batchesPerSecond: rates,
    ratiosVsBaseline: {
      encodeBinaryVsJsonStringify: ratio(rates.encodeBinaryBatch, rates.jsonStringify),
      decodeBinaryVsJsonParse: ratio(rates.decodeBinaryBatch, rates.jsonParse),
      encodeJsonBatchVsJsonStringify: ratio(rates.encodeJsonBatch, rates.jsonStringify),
      parseJsonBatchVsJsonParse: ratio(rates.parseJsonBatch, rates.jsonParse),
    },
  };

  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push(`${batches.length} batches of ${opts.batchSize} positions from ${trips.size} real 1 Hz trips (${opts.csvPath})`);
  out.push('');
  out.push('bytes/position      mean    p50    p95');
  const row = (name: string, st: SizeStats): string =>
    `${name.padEnd(16)} ${st.meanBytesPerPosition.toFixed(2).padStart(7)} ${st.p50BytesPerPosition.toFixed(2).padStart(6)} ${st.p95BytesPerPosition.toFixed(2).padStart(6)}`;
  out.push(row('JSON', sizes.json), row('JSON+gzip', sizes.jsonGzip), row('binary', sizes.binary), row('binary+gzip', sizes.binaryGzip));
  out.push('');
  out.push('batches/s (baseline: JSON.stringify / JSON.parse of the same batches)');
  for (const [name, rate] of Object.entries(rates)) out.push(`${name.padEnd(20)} ${String(rate).padStart(9)}`);
  out.push('');
  for (const [name, r] of Object.entries(result.ratiosVsBaseline)) out.push(`${name.padEnd(32)} ${r.toFixed(2)}x`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
