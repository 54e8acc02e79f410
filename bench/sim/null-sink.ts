/**
 * The null sink for bench/sim: a local HTTP server that answers every POST with 200 and
 * an empty acknowledgement at once (the uploader then acknowledges the whole batch), so
 * the simulator's own ceiling can be measured without the gateway and Kafka. Prints its
 * URL as the first stdout line. 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"accepted":0,"duplicates":0}');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
