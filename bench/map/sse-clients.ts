/**
 * N live pages as the server sees them: N connections to GET /events, each reading (and
 * dropping) everything sent, in a process of their own so that their work is not counted
 * as the monitor's. Prints one JSON line of bytes received when sent SIGTERM.
 *
 *   node dist-bench/bench/map/sse-clients.js URL N
 */
import { request } from 'node:http';

const [url, count] = [process.argv[2], Number(process.argv[3])];
let bytes = 0;
let open = 0;
for (let i = 0; i < count; i++) {
  request(new URL('/events', url), (res) => {
    open++;
    if (open === count) process.stdout.write(JSON.stringify({ open }) + '\n');
    res.on('data', (chunk: Buffer) => (bytes += chunk.length));
  }).end();
}
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify({ bytes }) + '\n');
  process.exit(0);
});
