import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeBinaryBatch } from '../protocol/binary-batch.js';
import { BINARY_CONTENT_TYPE } from '../protocol/content-types.js';
import { parseJsonBatch } from '../protocol/json-batch.js';
import type { PositionBatch } from '../protocol/position.js';

/** A reply the test gateway gives to one request; undefined = the default 200 that acks the batch. */
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
      res.end(JSON.stringify(reply.body ?? { error: 'scripted', message: `scripted ${reply.status}` }));
      return;
    }
    const positions = received.batch?.positions ?? [];
    for (const p of positions) this.ackedSeqs.push(p.seq);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ accepted: positions.length, duplicates: 0, ackedSeq: positions[positions.length - 1]?.seq ?? 0 }));
  }
}
