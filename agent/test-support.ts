import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../common/paths.js';
import { pollUntil } from '../common/poll.js';
import { renderEpoch } from '../hw/virtual/nmea-render.js';
import type { VirtualSerial } from '../hw/virtual/virtual-serial.js';
import type { AddressInfo } from 'node:net';
import { decodeBinaryBatch } from '../protocol/binary-batch.js';
import { BINARY_CONTENT_TYPE } from '../protocol/content-types.js';
import { parseJsonBatch } from '../protocol/json-batch.js';
import { GATEWAY_HEALTH, HEALTH_PATH } from '../protocol/upload-contract.js';
import type { PositionBatch } from '../protocol/position.js';

/**
 * A reply the test gateway gives to one request; undefined = the default 200 that acks the batch.
 * `body` text is sent as it is (an HTML page), anything else as JSON.
 */
export type ScriptedReply = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang' | undefined;

export interface ReceivedRequest {
  atMs: number;
  contentType: string;
  authorization?: string;
  batch?: PositionBatch;
  bytes: number;
}

/**
 * A small real HTTP server that speaks the gateway's protocol for uploader tests: it
 * decodes each batch, remembers it, and answers from a script (then 200 with the ack).
 */
export class ScriptedGateway {
  readonly requests: ReceivedRequest[] = [];
  /** Seqs acknowledged with 200, in order (duplicates included). */
  readonly ackedSeqs: number[] = [];
  private readonly server: Server;
  private readonly hanging: ServerResponse[] = [];
  url = '';

  constructor(private readonly script: (req: ReceivedRequest, n: number) => ScriptedReply = () => undefined) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const contentType = req.headers['content-type'] ?? '';
    const received: ReceivedRequest = { atMs: Date.now(), contentType, authorization: req.headers.authorization, bytes: body.length };
    try {
      received.batch = contentType === BINARY_CONTENT_TYPE ? decodeBinaryBatch(body) : parseJsonBatch(body.toString('utf8'));
    } catch {
      // The script sees a request without a batch.
    }
    this.requests.push(received);
    const reply = this.script(received, this.requests.length);
    if (reply === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (reply) {
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? { error: 'scripted', message: `scripted ${reply.status}` }));
      return;
    }
    if (req.url === HEALTH_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(GATEWAY_HEALTH));
      return;
    }
    const positions = received.batch?.positions ?? [];
    for (const p of positions) this.ackedSeqs.push(p.seq);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ accepted: positions.length, duplicates: 0, ackedSeq: positions[positions.length - 1]?.seq ?? 0, epoch: received.batch?.epoch }));
  }
}

/**
 * Writes a synthetic 1 Hz drive (RMC+GGA+GSA per epoch, from hw/virtual's renderer) to a
 * virtual serial device, `epochsPerSecond` epochs per real second. Fix times start
 * `startMs` and step 1 s, so the gateway sees plausible, strictly increasing times.
 */
export class NmeaFeeder {
  epochs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly device: VirtualSerial,
    private readonly startMs: number,
    private readonly epochsPerSecond = 20,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.device.plugged) return;
      const i = this.epochs++;
      const lines = renderEpoch({ timeMs: this.startMs + i * 1000, lat: -25.43 + i * 1e-4, lon: -49.27 + i * 5e-5, speed: 12 + (i % 5), track: (i * 7) % 360, altMSL: 920 });
      void this.device.write(lines.map((l) => l + '\r\n').join(''));
    }, 1000 / this.epochsPerSecond);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** The agent's built entry point, as the systemd unit runs it (npm test builds first). */
export const AGENT_JS = join(PACKAGE_ROOT, 'dist', 'agent', 'main.js');

export interface AgentProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

/** `nodeArgs`: node's own flags, e.g. those the systemd unit runs it with (bench/agent); `agentJs`: another build's entry point (bench/agent --baseline). */
export function startAgentProcess(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = [], agentJs = AGENT_JS): AgentProcess {
  if (!existsSync(agentJs)) throw new Error(`${agentJs} missing: run npm run build first`);
  const child = spawn(process.execPath, [...nodeArgs, agentJs, 'agent', ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-20_000)));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => err };
}

export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, stepMs = 50): Promise<void> {
  await pollUntil(what, cond, { timeoutMs, intervalMs: stepMs });
}
