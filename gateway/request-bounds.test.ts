import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pollUntil } from '../common/poll.js';
import { createKafka } from '../kafka/config.js';
import { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { AGENT_REQUEST_TIMEOUT_MS } from '../protocol/upload-contract.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { GATEWAY_DEFAULTS } from './config.js';
import { GatewayServer, type GatewayOptions } from './server.js';
import { costlyGzipBodies, httpRequest, jsonBody, makeBatch, makePositions, registerVehicle, tempRegistry, topicRecordCount, type HttpAnswer } from './test-support.js';

/** A gateway on the run's broker with a topic and registry of its own; `vehicles` get tokens. */
async function startGateway(name: string, vehicles: string[], options: GatewayOptions = {}) {
  const topic = `gateway-test-${name}-${process.pid}-${Date.now()}`;
  const registryFile = tempRegistry();
  const tokens = Object.fromEntries(vehicles.map((v) => [v, registerVehicle(registryFile, v)]));
  const gateway = new GatewayServer({ brokers: brokersOrThrow(), port: 0, topic, registryFile, ...options });
  const url = `${await gateway.start()}/v1/positions`;
  const post = (token: string | null, body: Buffer | string, headers: Record<string, string> = {}): Promise<HttpAnswer> =>
    httpRequest(url, {
      headers: { 'Content-Type': JSON_CONTENT_TYPE, ...(token !== null && { Authorization: `Bearer ${token}` }), ...headers },
      body,
      timeoutMs: AGENT_REQUEST_TIMEOUT_MS,
    });
  return { gateway, topic, tokens, url, post };
}

describeWithKafka('a gateway at its default limits, against bodies that cost CPU to read', () => {
  let kafka: Kafka;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    kafka = createKafka('gateway-test', brokersOrThrow());
    gw = await startGateway('costly', ['truck-attacker', 'truck-normal']);
  });
  afterAll(async () => {
    await gw?.gateway.stop();
  });

  const gzip = { 'Content-Encoding': 'gzip' };
  const { emptyPositions, deepNesting } = costlyGzipBodies();
  const depth = 500_000; // ~1 MB: within the body limit uncompressed
  const cases: { name: string; status: number; error: string; message: RegExp; body: () => Buffer | string; headers?: Record<string, string> }[] = [
    { name: "issue 13's 2,974-byte gzip of 10⁶ empty positions", status: 413, error: 'body_too_large', message: /inflates to more than 100 times/, body: () => emptyPositions, headers: gzip },
    { name: "issue 13's 3,749-byte gzip of 1.9 M nested arrays", status: 413, error: 'body_too_large', message: /inflates to more than 100 times/, body: () => deepNesting, headers: gzip },
    {
      name: '300,000 empty positions, uncompressed',
      status: 400,
      error: 'invalid_batch',
      message: /more than 1000 positions/,
      body: () => `{"epoch":"e","positions":[${new Array<string>(300_000).fill('{}').join(',')}]}`,
    },
    { name: `${depth} nested arrays, uncompressed`, status: 400, error: 'malformed_batch', message: /nests deeper than 7 levels/, body: () => `{"epoch":"e","positions":${'['.repeat(depth)}${']'.repeat(depth)}}` },
    {
      name: 'one position with 150,000 fields',
      status: 400,
      error: 'malformed_batch',
      message: /more than 64000 values/,
      body: () => `{"epoch":"e","positions":[{${new Array<string>(150_000).fill('"a":0').join(',')}}]}`,
    },
    {
      name: 'a binary batch announcing 65,535 one-byte positions',
      status: 400,
      error: 'invalid_batch',
      message: /65535 positions, at most 1000/,
      // magic "TP", version 1, epoch "e", count 65,535 (varint ff ff 03), then flags "all as before" for each.
      body: () => Buffer.concat([Buffer.from([0x54, 0x50, 1, 1, 0x65, 0xff, 0xff, 0x03]), Buffer.alloc(65_535, 0x07)]),
      headers: { 'Content-Type': BINARY_CONTENT_TYPE },
    },
  ];

  it.each(cases)('$name → $status $error, and no record', async ({ status, error, message, body, headers }) => {
    const before = await topicRecordCount(kafka, gw.topic);
    const answer = await gw.post(gw.tokens['truck-attacker']!, body(), headers);
    expect(answer.status, answer.body).toBe(status);
    expect(answer.json().error).toBe(error);
    expect(answer.json().message).toMatch(message);
    expect(await topicRecordCount(kafka, gw.topic)).toBe(before);
  });

  it('a legitimate body that compresses well is taken: 1000 positions of a stationary vehicle, pretty-printed, inflate ~40 times', async () => {
    const batch = { epoch: 'epoch-pretty', positions: makePositions(1, 1000, Date.now() - 3_600_000) };
    for (const p of batch.positions) Object.assign(p, { lat: -25.4512345, lon: -49.2312345, speed: 0, track: 0 });
    const body = gzipSync(JSON.stringify(JSON.parse(jsonBody(batch)), null, 2));
    const answer = await gw.post(gw.tokens['truck-normal']!, body, gzip);
    expect(answer.status, answer.body).toBe(200);
    expect(answer.json()).toEqual({ accepted: 1000, duplicates: 0, ackedSeq: 1000, epoch: 'epoch-pretty' });
  });

  it('24 senders of those bodies on one token do not stall another vehicle: its 20 batches are all acknowledged', { timeout: 180_000 }, async () => {
    let stop = false;
    const attackerStatuses = new Set<string>();
    const attackers = Array.from({ length: 24 }, async (_, i) => {
      while (!stop) {
        const answer = await gw.post(gw.tokens['truck-attacker']!, i % 2 ? emptyPositions : deepNesting, gzip).then(
          (a) => String(a.status),
          // Refused before the body is read, the connection may close under the sender.
          (err: Error) => (/ECONNRESET|EPIPE/.test(err.message) ? 'reset' : err.message),
        );
        attackerStatuses.add(answer);
      }
    });
    const answers: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const batch = jsonBody(makeBatch('epoch-normal', 1 + i * 60, 60));
        answers.push(await gw.post(gw.tokens['truck-normal']!, batch).then((a) => String(a.status), (err: Error) => err.message));
      }
    } finally {
      stop = true;
      await Promise.all(attackers);
    }
    expect(answers).toEqual(new Array<string>(20).fill('200'));
    expect([...attackerStatuses].filter((s) => !['413', '429', 'reset'].includes(s))).toEqual([]);
  });
});

/** Sends the headers and a first byte of a 1000-byte body, then holds: a request in progress until the socket is destroyed. */
function holdRequest(url: string, token: string): Socket {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(`POST /v1/positions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${JSON_CONTENT_TYPE}\r\nContent-Length: 1000\r\n\r\n{`);
  return socket;
}

describeWithKafka('admission: per-vehicle concurrency and rate, per-address failed authentications', () => {
  const vehicles = ['truck-busy', 'truck-other', 'truck-rate', 'truck-bytes', 'truck-nat'];
  const limits = {
    maxConcurrentRequestsPerVehicle: 2,
    vehicleRequestBurst: 5,
    failedAuthBurstPerAddress: 5,
    // No refill within a test run: what is refused below stays refused.
    vehicleRequestsPerSecond: 0.001,
    failedAuthPerSecondPerAddress: 0.001,
    bodyTimeoutMs: 30_000,
  };
  let gw: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    gw = await startGateway('admission', vehicles, limits);
  });
  afterAll(async () => {
    await gw?.gateway.stop();
  });
  const batch = (epoch: string, seq = 1) => jsonBody(makeBatch(epoch, seq, 2));

  it('a vehicle with its limit of requests in progress gets 429 with Retry-After at once; other vehicles do not', async () => {
    const held = [holdRequest(gw.url, gw.tokens['truck-busy']!), holdRequest(gw.url, gw.tokens['truck-busy']!)];
    try {
      await pollUntil('the two held requests to be in progress', () => gw.gateway.metrics.inFlightRequests === 2, {
        timeoutMs: 30_000,
        describe: () => `${gw.gateway.metrics.inFlightRequests} in progress`,
      });
      const refused = await gw.post(gw.tokens['truck-busy']!, batch('epoch-busy'));
      expect(refused.status, refused.body).toBe(429);
      expect(refused.json().error).toBe('too_many_in_progress');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const other = await gw.post(gw.tokens['truck-other']!, batch('epoch-other'));
      expect(other.status, other.body).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
    }
    await pollUntil('the held requests to end', () => gw.gateway.metrics.inFlightRequests === 0, { timeoutMs: 30_000 });
    expect((await gw.post(gw.tokens['truck-busy']!, batch('epoch-busy'))).status).toBe(200);
  });

  it('a vehicle over its request rate gets 429 rate_limited with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < limits.vehicleRequestBurst; i++) statuses.push((await gw.post(gw.tokens['truck-rate']!, batch('epoch-rate', 1 + i * 2))).status);
    expect(statuses).toEqual(new Array<number>(limits.vehicleRequestBurst).fill(200));
    const refused = await gw.post(gw.tokens['truck-rate']!, batch('epoch-rate', 100));
    expect(refused.status, refused.body).toBe(429);
    expect(refused.json().error).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('a vehicle pays for large bodies: one more token per whole 64 KiB read (110 KB of JSON: 1 + 1)', async () => {
    const large = jsonBody({ epoch: 'epoch-bytes', positions: makePositions(1, 1000, Date.now() - 3_600_000) });
    const extra = Math.floor(Buffer.byteLength(large) / GATEWAY_DEFAULTS.vehicleBodyBytesPerToken);
    expect(extra).toBeGreaterThanOrEqual(1);
    expect((await gw.post(gw.tokens['truck-bytes']!, large)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < limits.vehicleRequestBurst - 1 - extra; i++) statuses.push((await gw.post(gw.tokens['truck-bytes']!, batch('epoch-bytes', 1001 + i * 2))).status);
    expect(statuses).toEqual(new Array<number>(limits.vehicleRequestBurst - 1 - extra).fill(200));
    const refused = await gw.post(gw.tokens['truck-bytes']!, batch('epoch-bytes', 2000));
    expect(refused.status, refused.body).toBe(429);
    expect(refused.json().error).toBe('rate_limited');
  });

  it('an address over its budget of failed authentications gets 429 instead of 401/403; valid tokens from it are still served', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < limits.failedAuthBurstPerAddress + 5; i++) statuses.push((await gw.post(`wrong-token-${i}`, batch('epoch-x'))).status);
    expect(statuses).toEqual([...new Array<number>(limits.failedAuthBurstPerAddress).fill(401), ...new Array<number>(5).fill(429)]);
    const refused = await gw.post(null, batch('epoch-x'));
    expect(refused.status).toBe(429);
    expect(refused.json().error).toBe('too_many_failed_auth');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Vehicles behind one NAT share an address: one misconfigured truck must not lock the others out.
    expect((await gw.post(gw.tokens['truck-nat']!, batch('epoch-nat'))).status).toBe(200);
  });
});
