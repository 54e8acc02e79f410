import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { processMetrics } from '../common/metrics.js';
import { createKafka } from '../kafka/config.js';
import { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { encodeBinaryBatch } from '../protocol/binary-batch.js';
import { POSITION_RECORD_SCHEMA_VERSION } from '../protocol/position-record.js';
import { readGatewayHealth } from '../protocol/upload-contract.js';
import { revokeDevice } from './registry.js';
import { GatewayServer } from './server.js';
import { httpRequest, jsonBody, makeBatch, makePositions, readAllRecords, registerVehicle, tempRegistry, topicRecordCount, wirePosition, type HttpAnswer } from './test-support.js';

const LIMITS = { maxBodyBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024, bodyTimeoutMs: 1_000, headersTimeoutMs: 1_000 };

describeWithKafka('gateway against a real broker', () => {
  const topic = `gateway-test-${process.pid}-${Date.now()}`;
  const registryFile = tempRegistry();
  let kafka: Kafka;
  let gateway: GatewayServer;
  let url: string;
  let token: string;
  let revokedToken: string;

  beforeAll(async () => {
    kafka = createKafka('gateway-test', brokersOrThrow());
    token = registerVehicle(registryFile, 'truck-1');
    revokedToken = registerVehicle(registryFile, 'truck-revoked');
    gateway = new GatewayServer({ brokers: brokersOrThrow(), port: 0, topic, registryFile, registryRecheckMs: 50, ...LIMITS });
    url = `${await gateway.start()}/v1/positions`;
    // The vehicle to be revoked has sent before (so its token was known to the running gateway).
    expect((await post(makeBatch('epoch-rev', 1, 1), {}, revokedToken)).status).toBe(200);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  function post(body: unknown, headers: Record<string, string> = {}, bearer: string | null = token): Promise<HttpAnswer> {
    return httpRequest(url, {
      headers: { 'Content-Type': JSON_CONTENT_TYPE, ...(bearer !== null && { Authorization: `Bearer ${bearer}` }), ...headers },
      body: Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : jsonBody(body),
    });
  }

  it('a batch lands as one record per position: key = vehicle id, PositionRecord value, schema header', async () => {
    const batch = makeBatch('epoch-a', 1, 3);
    batch.positions[1] = { ...batch.positions[1]!, altMSL: 930.5, hdop: 0.9, uSat: 9, mode: 3 };
    const before = Date.now();
    const answer = await post(batch);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ accepted: 3, duplicates: 0, ackedSeq: 3, epoch: 'epoch-a' });

    // The topic also holds the one record truck-revoked sent in beforeAll.
    const records = (await readAllRecords(kafka, topic)).filter((r) => r.key === 'truck-1');
    expect(records).toHaveLength(3);
    expect(new Set(records.map((r) => r.partition)).size).toBe(1);
    records.sort((a, b) => (a.value.seq as number) - (b.value.seq as number));
    records.forEach((record, i) => {
      const { receivedAt, ...rest } = record.value;
      expect(record.key).toBe('truck-1');
      expect(record.headers['schema-version']).toBe(String(POSITION_RECORD_SCHEMA_VERSION));
      expect(rest).toEqual({ vehicleId: 'truck-1', epoch: 'epoch-a', ...wirePosition(batch.positions[i]!) });
      expect(Date.parse(receivedAt as string)).toBeGreaterThanOrEqual(before - 1000);
    });
    // The optional fields keep their JSON order after the required ones.
    expect(Object.keys(records[1]!.value)).toEqual(['vehicleId', 'epoch', 'seq', 'time', 'lat', 'lon', 'speed', 'track', 'altMSL', 'hdop', 'uSat', 'mode', 'receivedAt']);
  });

  it('a resent batch adds no record, also when resent concurrently; a partly new batch adds only the new positions', async () => {
    const batch = makeBatch('epoch-b', 1, 5);
    expect((await post(batch)).status).toBe(200);
    const before = await topicRecordCount(kafka, topic);

    const again = await Promise.all([post(batch), post(batch), post(batch)]);
    for (const a of again) {
      expect(a.status).toBe(200);
      expect(a.json()).toEqual({ accepted: 0, duplicates: 5, ackedSeq: 5, epoch: 'epoch-b' });
    }
    expect(await topicRecordCount(kafka, topic)).toBe(before);

    const overlapping = { epoch: 'epoch-b', positions: makePositions(4, 4) }; // seq 4..7: 4 and 5 were produced
    expect((await post(overlapping)).json()).toEqual({ accepted: 2, duplicates: 2, ackedSeq: 7, epoch: 'epoch-b' });
    expect(await topicRecordCount(kafka, topic)).toBe(before + 2);
  });

  it('concurrent first sends of the same new batch produce it once', async () => {
    const batch = makeBatch('epoch-c', 1, 4);
    const before = await topicRecordCount(kafka, topic);
    const answers = await Promise.all([post(batch), post(batch), post(batch), post(batch)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.json().accepted as number).reduce((s, n) => s + n, 0)).toBe(4);
    expect(await topicRecordCount(kafka, topic)).toBe(before + 4);
  });

  it('a new epoch starting again at seq 1 is not a duplicate', async () => {
    const before = await topicRecordCount(kafka, topic);
    expect((await post(makeBatch('epoch-d1', 1, 2))).json()).toEqual({ accepted: 2, duplicates: 0, ackedSeq: 2, epoch: 'epoch-d1' });
    expect((await post(makeBatch('epoch-d2', 1, 2))).json()).toEqual({ accepted: 2, duplicates: 0, ackedSeq: 2, epoch: 'epoch-d2' });
    expect(await topicRecordCount(kafka, topic)).toBe(before + 4);
  });

  it('binary batches, plain and gzip, land as the same records as JSON ones', async () => {
    const before = await topicRecordCount(kafka, topic);
    const batch = makeBatch('epoch-bin', 1, 60);
    const plain = await post(encodeBinaryBatch(batch), { 'Content-Type': BINARY_CONTENT_TYPE });
    expect(plain.json()).toEqual({ accepted: 60, duplicates: 0, ackedSeq: 60, epoch: 'epoch-bin' });
    const next = makeBatch('epoch-bin', 61, 60);
    const gz = await post(gzipSync(encodeBinaryBatch(next)), { 'Content-Type': BINARY_CONTENT_TYPE, 'Content-Encoding': 'gzip' });
    expect(gz.json()).toEqual({ accepted: 60, duplicates: 0, ackedSeq: 120, epoch: 'epoch-bin' });
    // A resend in the other encoding is still a duplicate.
    expect((await post(batch)).json()).toEqual({ accepted: 0, duplicates: 60, ackedSeq: 60, epoch: 'epoch-bin' });
    expect(await topicRecordCount(kafka, topic)).toBe(before + 120);
    const records = (await readAllRecords(kafka, topic)).filter((r) => r.value.epoch === 'epoch-bin');
    expect(records).toHaveLength(120);
    const first = records.find((r) => r.value.seq === 1)!;
    expect(first.value).toMatchObject({ vehicleId: 'truck-1', ...wirePosition(batch.positions[0]!) });
  });

  it('gzip bodies are accepted', async () => {
    const before = await topicRecordCount(kafka, topic);
    const answer = await post(gzipSync(jsonBody(makeBatch('epoch-gz', 1, 60))), { 'Content-Encoding': 'gzip' });
    expect(answer.json()).toEqual({ accepted: 60, duplicates: 0, ackedSeq: 60, epoch: 'epoch-gz' });
    expect(await topicRecordCount(kafka, topic)).toBe(before + 60);
  });

  const good = () => makeBatch('epoch-hostile', 1, 2);
  const withPosition = (patch: Record<string, unknown>) => {
    const b = good();
    Object.assign(b.positions[1]!, patch);
    return b;
  };
  const gzipBomb = gzipSync(Buffer.alloc(LIMITS.maxDecompressedBytes * 4, 0x20)); // ~1 MiB of spaces in ~1 KiB
  const binary = (patch: Record<string, unknown> = {}) => encodeBinaryBatch(withPosition(patch));
  const postBinary = (body: Buffer) => post(body, { 'Content-Type': BINARY_CONTENT_TYPE });
  const tooMany = { epoch: 'epoch-hostile', positions: makePositions(1, 1001) };

  const hostile: { name: string; status: number; error?: string; send: () => Promise<HttpAnswer> }[] = [
    { name: 'no token', status: 401, send: () => post(good(), {}, null) },
    { name: 'bad token', status: 401, send: () => post(good(), {}, 'not-a-registered-token') },
    { name: 'Basic instead of Bearer', status: 401, send: () => post(good(), { Authorization: 'Basic dXNlcjpwYXNz' }, null) },
    { name: 'revoked token (revoked on disk while running)', status: 403, send: () => postUntilRevoked() },
    { name: 'oversize body by Content-Length', status: 413, send: () => post(Buffer.alloc(LIMITS.maxBodyBytes + 1, 0x20)) },
    { name: 'oversize chunked body', status: 413, send: () => postChunked(Buffer.alloc(LIMITS.maxBodyBytes * 2, 0x20)) },
    { name: 'gzip bomb', status: 413, send: () => post(gzipBomb, { 'Content-Encoding': 'gzip' }) },
    { name: 'body not matching the gzip header', status: 400, error: 'bad_encoding', send: () => post(good(), { 'Content-Encoding': 'gzip' }) },
    { name: 'truncated gzip', status: 400, error: 'bad_encoding', send: () => post(gzipSync(jsonBody(good())).subarray(0, 30), { 'Content-Encoding': 'gzip' }) },
    { name: 'unknown Content-Encoding', status: 415, send: () => post(good(), { 'Content-Encoding': 'br' }) },
    { name: 'wrong content type', status: 415, send: () => post(good(), { 'Content-Type': 'text/plain' }) },
    { name: 'malformed JSON', status: 400, error: 'malformed_batch', send: () => post('{"epoch":"e","positions":[{"seq":1,') },
    { name: 'invalid UTF-8', status: 400, error: 'malformed_batch', send: () => post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])) },
    { name: 'truncated binary', status: 400, error: 'malformed_batch', send: () => postBinary(binary().subarray(0, binary().length - 3)) },
    { name: 'binary with trailing bytes', status: 400, error: 'malformed_batch', send: () => postBinary(Buffer.concat([binary(), Buffer.from([0, 0])])) },
    { name: 'binary with a wrong magic', status: 400, error: 'malformed_batch', send: () => postBinary(Buffer.concat([Buffer.from('XX'), binary().subarray(2)])) },
    { name: 'JSON sent as binary', status: 400, error: 'malformed_batch', send: () => postBinary(Buffer.from(jsonBody(good()))) },
    // The binary format has no NaN (integer varints); the nearest hostile value is one out of range.
    { name: 'latitude out of range via binary', status: 400, error: 'invalid_batch', send: () => postBinary(binary({ lat: 95 })) },
    { name: 'unknown field', status: 400, error: 'malformed_batch', send: () => post(withPosition({ color: 'red' })) },
    { name: 'vehicle id in the body', status: 400, error: 'malformed_batch', send: () => post({ ...good(), vehicleId: 'truck-2' }) },
    { name: 'NaN as a string', status: 400, send: () => post(withPosition({ lat: 'NaN' })) },
    { name: 'latitude out of range', status: 400, error: 'invalid_batch', send: () => post(withPosition({ lat: 90.5 })) },
    { name: 'longitude out of range', status: 400, error: 'invalid_batch', send: () => post(withPosition({ lon: -180.01 })) },
    { name: 'non-increasing seq', status: 400, error: 'invalid_batch', send: () => post(withPosition({ seq: 1 })) },
    { name: 'a time in year 10000 (no 4-digit ISO year)', status: 400, error: 'invalid_batch', send: () => post(withPosition({ timeMs: Date.UTC(10_000, 0, 1) })) },
    { name: 'huge seq', status: 400, error: 'invalid_batch', send: () => post(withPosition({ seq: 2 ** 60 })) },
    { name: 'empty positions', status: 400, error: 'invalid_batch', send: () => post({ epoch: 'epoch-hostile', positions: [] }) },
    { name: 'missing epoch', status: 400, send: () => post({ positions: good().positions }) },
    { name: 'too many positions', status: 400, error: 'invalid_batch', send: () => post(gzipSync(jsonBody(tooMany)), { 'Content-Encoding': 'gzip' }) },
    { name: 'one bad position among good ones (all or nothing)', status: 400, error: 'invalid_batch', send: () => post(withPosition({ speed: -3 })) },
    { name: 'wrong method', status: 405, send: () => httpRequest(url, { method: 'GET', headers: { Authorization: `Bearer ${token}` } }) },
    { name: 'wrong path', status: 404, send: () => httpRequest(url.replace('/v1/positions', '/v1/position'), { headers: { Authorization: `Bearer ${token}` }, body: '{}' }) },
    { name: 'slow-loris body (headers, a few bytes, then a stall)', status: 408, send: () => slowLoris(true) },
    { name: 'slow-loris headers (half the headers, then a stall)', status: 408, send: () => slowLoris(false) },
  ];

  async function postUntilRevoked(): Promise<HttpAnswer> {
    revokeDevice(registryFile, 'truck-revoked');
    const deadline = Date.now() + 10_000;
    for (;;) {
      // A batch of only duplicates: accepted while the revocation is not yet seen, but never produced.
      const answer = await post(makeBatch('epoch-rev', 1, 1), {}, revokedToken);
      if (answer.status !== 200 || Date.now() > deadline) return answer;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  function postChunked(body: Buffer): Promise<HttpAnswer> {
    return httpRequest(url, { headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}`, 'Transfer-Encoding': 'chunked' }, body });
  }

  /**
   * Sends the headers and 10 of 1000 body bytes (or only half the headers), then nothing:
   * the gateway must answer 408 and close well within the agent's request timeout.
   */
  function slowLoris(headersComplete: boolean): Promise<HttpAnswer> {
    const { port } = new URL(url);
    const boundMs = LIMITS.headersTimeoutMs + LIMITS.bodyTimeoutMs + 3_000;
    return new Promise((resolve, reject) => {
      const bound = setTimeout(() => reject(new Error(`no answer within ${boundMs} ms`)), boundMs);
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('connect', () => {
        const head = `POST /v1/positions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${JSON_CONTENT_TYPE}\r\n`;
        socket.write(headersComplete ? `${head}Content-Length: 1000\r\n\r\n{"epoch":"` : head);
      });
      socket.on('data', (d) => (received += d.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        clearTimeout(bound);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
        resolve({ status, headers: {}, body: received, json: () => ({}) });
      });
    });
  }

  it.each(hostile)('hostile: $name → $status and no record', async ({ status, error, send }) => {
    const before = await topicRecordCount(kafka, topic);
    const answer = await send();
    expect(answer.status, answer.body).toBe(status);
    if (status !== 408) {
      const body = answer.json();
      expect(typeof body.error).toBe('string');
      expect(typeof body.message).toBe('string');
      if (error) expect(body.error).toBe(error);
    }
    expect(await topicRecordCount(kafka, topic)).toBe(before);
  });

  it('has at least 20 hostile cases', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(20);
  });

  it('delivers implausible but well-formed positions, flagged: a time an hour ahead, a time in 1999, a speed of 470 m/s', async () => {
    const batch = makeBatch('epoch-suspect', 1, 4);
    batch.positions[1]!.timeMs = Date.now() + 3_600_000;
    batch.positions[2]!.timeMs = Date.parse('1999-08-22T00:00:02Z');
    batch.positions[3]!.speed = 470;
    const answer = await post(encodeBinaryBatch(batch), { 'Content-Type': BINARY_CONTENT_TYPE });
    expect(answer.status, answer.body).toBe(200);
    expect(answer.json()).toEqual({ accepted: 4, duplicates: 0, ackedSeq: 4, epoch: batch.epoch });
    const records = (await readAllRecords(kafka, topic)).filter((r) => r.value.epoch === 'epoch-suspect');
    const suspect = new Map(records.map((r) => [r.value.seq as number, r.value.suspect]));
    expect([...suspect.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [1, undefined],
      [2, ['time-future']],
      [3, ['time-early']],
      [4, ['speed']],
    ]);
    const metrics = (await httpRequest(url.replace('/v1/positions', '/metrics'), { method: 'GET' })).body;
    for (const reason of ['time-future', 'time-early', 'speed']) expect(metrics).toMatch(new RegExp(`^gateway_positions_suspect_total\\{reason="${reason}"\\} [1-9]\\d*$`, 'm'));
  });

  it('produces positions re-sent into a gap of the epoch (quarantined by the agent, then re-sent), and only once', async () => {
    const epoch = 'epoch-gap';
    expect((await post({ epoch, positions: makePositions(1, 3) })).json()).toEqual({ accepted: 3, duplicates: 0, ackedSeq: 3, epoch });
    // Seq 4..6 were refused and set aside by the agent; the queue went on.
    expect((await post({ epoch, positions: makePositions(7, 3) })).json()).toEqual({ accepted: 3, duplicates: 0, ackedSeq: 9, epoch });
    const resent = { epoch, positions: [...makePositions(4, 3), ...makePositions(10, 1)] };
    expect((await post(resent)).json()).toEqual({ accepted: 4, duplicates: 0, ackedSeq: 10, epoch });
    expect((await post(resent)).json()).toEqual({ accepted: 0, duplicates: 4, ackedSeq: 10, epoch });
    const seqs = (await readAllRecords(kafka, topic)).filter((r) => r.value.epoch === epoch).map((r) => r.value.seq as number);
    expect(seqs.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('a 400 names each bad position', async () => {
    const b = makeBatch('epoch-400', 1, 3);
    b.positions[0]!.lat = 91;
    b.positions[2]!.lon = 200;
    const answer = await post(b);
    expect(answer.status).toBe(400);
    expect(answer.json().positions).toEqual([
      expect.objectContaining({ index: 0, seq: 1, field: 'lat' }),
      expect.objectContaining({ index: 2, seq: 3, field: 'lon' }),
    ]);
  });

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    const health = await httpRequest(url.replace('/v1/positions', '/healthz'), { method: 'GET' });
    expect(health.status).toBe(200);
    // The answer names the gateway, as the agent's diag requires (protocol/upload-contract.ts).
    expect(health.json()).toEqual({ status: 'ok', service: 'telematics-gateway' });
    expect(readGatewayHealth(health.body)).toEqual({});
    const ready = await httpRequest(url.replace('/v1/positions', '/readyz'), { method: 'GET' });
    expect(ready.status, ready.body).toBe(200);
    const metrics = await httpRequest(url.replace('/v1/positions', '/metrics'), { method: 'GET' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toMatch(/^gateway_http_requests_total\{status="200"\} [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^gateway_http_requests_total\{status="401"\} [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^gateway_positions_duplicate_total [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^gateway_produce_latency_seconds_count [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^gateway_in_flight_requests \d+$/m);
    expect(metrics.body).toMatch(/^gateway_in_flight_positions 0$/m);
    const produced = Number(/^gateway_positions_produced_total (\d+)$/m.exec(metrics.body)?.[1]);
    expect(produced).toBeGreaterThan(0);
    expect(Number(/^gateway_positions_received_total (\d+)$/m.exec(metrics.body)?.[1])).toBeGreaterThanOrEqual(produced);
    expect(metrics.body).toMatch(/^gateway_produce_latency_seconds_bucket\{le="0\.005"\} \d+$/m);
    expect(metrics.body).toMatch(new RegExp(`^gateway_produce_latency_seconds_bucket\\{le="\\+Inf"\\} ${/^gateway_produce_latency_seconds_count (\d+)$/m.exec(metrics.body)?.[1]}$`, 'm'));
    // A gateway that does not own its process (this one, like the simulator's) reports only its own metrics.
    expect(metrics.body).not.toMatch(/^(process|nodejs)_/m);
  });

  it('serves the process metrics when its owner hands them over, and keeps its own counters apart from other gateways in the process', async () => {
    const other = new GatewayServer({ brokers: brokersOrThrow(), port: 0, topic: `${topic}-other`, registryFile, processMetrics: processMetrics() });
    try {
      const otherUrl = await other.start();
      const metrics = await httpRequest(`${otherUrl}/metrics`, { method: 'GET' });
      expect(metrics.status).toBe(200);
      for (const name of ['process_resident_memory_bytes', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
        expect(metrics.body).toMatch(new RegExp(`^${name} [0-9.e+-]+$`, 'm'));
      }
      expect(metrics.body).toMatch(/^# TYPE nodejs_gc_duration_seconds histogram$/m);
      expect(metrics.body).toMatch(/^gateway_positions_received_total 0$/m);
      expect(metrics.body).not.toMatch(/^gateway_http_requests_total/m);
    } finally {
      await other.stop();
    }
  });
});

describeWithKafka('gateway restart', () => {
  it('refills its dedup memory from the tail of the topic: a batch resent to a restarted gateway adds no record', async () => {
    const topic = `gateway-test-restart-${process.pid}-${Date.now()}`;
    const registryFile = tempRegistry();
    const token = registerVehicle(registryFile, 'truck-1');
    const kafka = createKafka('gateway-test', brokersOrThrow());
    const options = { brokers: brokersOrThrow(), port: 0, topic, registryFile };
    const send = (url: string, batch: unknown) =>
      httpRequest(url, { headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}` }, body: jsonBody(batch) });

    const first = new GatewayServer(options);
    const firstUrl = `${await first.start()}/v1/positions`;
    expect((await send(firstUrl, makeBatch('epoch-r', 1, 30))).status).toBe(200);
    await first.stop();

    const second = new GatewayServer(options);
    const secondUrl = `${await second.start()}/v1/positions`;
    try {
      expect((await send(secondUrl, makeBatch('epoch-r', 1, 30))).json()).toEqual({ accepted: 0, duplicates: 30, ackedSeq: 30, epoch: 'epoch-r' });
      expect((await send(secondUrl, makeBatch('epoch-r', 21, 20))).json()).toEqual({ accepted: 10, duplicates: 10, ackedSeq: 40, epoch: 'epoch-r' });
      expect(await topicRecordCount(kafka, topic)).toBe(40);
    } finally {
      await second.stop();
    }
  });

  it('without the rebuild (dedupRebuildRecordsPerPartition 0) a restarted gateway produces a resent batch again: downstream must dedupe', async () => {
    const topic = `gateway-test-norebuild-${process.pid}-${Date.now()}`;
    const registryFile = tempRegistry();
    const token = registerVehicle(registryFile, 'truck-1');
    const kafka = createKafka('gateway-test', brokersOrThrow());
    const options = { brokers: brokersOrThrow(), port: 0, topic, registryFile, dedupRebuildRecordsPerPartition: 0 };
    const body = jsonBody(makeBatch('epoch-n', 1, 5));
    const headers = { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}` };
    for (let run = 0; run < 2; run++) {
      const gateway = new GatewayServer(options);
      const url = `${await gateway.start()}/v1/positions`;
      expect((await httpRequest(url, { headers, body })).json()).toEqual({ accepted: 5, duplicates: 0, ackedSeq: 5, epoch: 'epoch-n' });
      await gateway.stop();
    }
    expect(await topicRecordCount(kafka, topic)).toBe(10);
  });
});

describeWithKafka('gateway saturation', () => {
  it('answers 429 with Retry-After when a batch would exceed the in-flight positions bound, and produces nothing', async () => {
    const topic = `gateway-test-429-${process.pid}-${Date.now()}`;
    const registryFile = tempRegistry();
    const token = registerVehicle(registryFile, 'truck-1');
    const kafka = createKafka('gateway-test', brokersOrThrow());
    const gateway = new GatewayServer({ brokers: brokersOrThrow(), port: 0, topic, registryFile, maxInFlightPositions: 10 });
    const url = `${await gateway.start()}/v1/positions`;
    try {
      const headers = { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}` };
      const answer = await httpRequest(url, { headers, body: jsonBody(makeBatch('e', 1, 11)) });
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.json().error).toBe('saturated');
      expect(await topicRecordCount(kafka, topic)).toBe(0);
      expect((await httpRequest(url, { headers, body: jsonBody(makeBatch('e', 1, 10)) })).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});
