/**
 * The null sink for bench/sim: a local HTTP server that answers every POST at once with 200
 * and the acknowledgement a gateway gives (the batch's epoch and last seq: the uploader
 * deletes on nothing less), without Kafka, so the simulator's own ceiling can be measured
 * without the gateway. Decoding the body is the only work it does. Prints its URL as the
 * first stdout line. 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeBinaryBatch } from '../../protocol/binary-batch.js';
import { BINARY_CONTENT_TYPE } from '../../protocol/content-types.js';
import { parseJsonBatch } from '../../protocol/json-batch.js';
import type { BatchAck } from '../../protocol/upload-contract.js';

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    try {
      const batch = req.headers['content-type'] === BINARY_CONTENT_TYPE ? decodeBinaryBatch(body) : parseJsonBatch(body.toString('utf8'));
      const ack: BatchAck = { accepted: batch.positions.length, duplicates: 0, ackedSeq: batch.positions[batch.positions.length - 1]!.seq, epoch: batch.epoch };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(ack));
    } catch (err) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'malformed_batch', message: (err as Error).message }));
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
