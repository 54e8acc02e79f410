/**
 * The hostile senders of bench/gateway/attack.ts, in a process of their own so that their CPU
 * is not the load generator's: `--senders` closed loops on one token, each sending its next
 * body as soon as the last was answered or refused, ignoring Retry-After. Prints `sending`
 * once the first answer came back; on SIGTERM, `{"requests","statuses","seconds"}` as one
 * JSON line, then exits.
 *
 *   node dist-bench/bench/gateway/attackers.js --url URL --token T [--senders 24] [--bodies issue|within-bounds]
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { JSON_CONTENT_TYPE } from '../../protocol/content-types.js';
import { costlyGzipBodies } from '../../gateway/test-support.js';
import { GATEWAY_DEFAULTS } from '../../gateway/config.js';

export type AttackBodies = 'issue' | 'within-bounds';

/** What each sender sends in turn, with its headers. */
function attackBodies(kind: AttackBodies): { body: Buffer; headers: Record<string, string> }[] {
  if (kind === 'issue') {
    const { emptyPositions, deepNesting } = costlyGzipBodies();
    return [emptyPositions, deepNesting].map((body) => ({ body, headers: { 'Content-Encoding': 'gzip' } }));
  }
  // The costliest body the bounds let through to JSON.parse: a batch padded with spaces to the body limit, uncompressed.
  const head = '{"epoch":"e",';
  const tail = '"positions":[{"seq":1,"time":"2026-11-24T10:00:00Z","lat":0,"lon":0}]}';
  return [{ body: Buffer.from(head + ' '.repeat(GATEWAY_DEFAULTS.maxBodyBytes - head.length - tail.length) + tail), headers: {} }];
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback?: string): string => {
    const at = args.indexOf(name);
    const value = at >= 0 ? args[at + 1] : fallback;
    if (value === undefined) {
      process.stderr.write(`missing ${name}\nusage: attackers.js --url URL --token T [--senders 24] [--bodies issue|within-bounds]\n`);
      process.exit(2);
    }
    return value;
  };
  const url = arg('--url');
  const token = arg('--token');
  const senders = Number(arg('--senders', '24'));
  const bodies = attackBodies(arg('--bodies', 'issue') as AttackBodies);
  const statuses: Record<string, number> = {};
  let requests = 0;
  let stopping = false;
  const started = performance.now();

  const sendOne = (i: number): Promise<string> =>
    new Promise((resolve) => {
      const { body, headers } = bodies[i % bodies.length]!;
      const req = request(
        url,
        { method: 'POST', agent: false, headers: { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': body.length, Authorization: `Bearer ${token}`, ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
          res.on('error', () => resolve('reset'));
        },
      );
      // Refused before its body is read, a request may see its connection closed under it.
      req.on('error', () => resolve('reset'));
      req.end(body);
    });

  const loops = Array.from({ length: senders }, async (_, sender) => {
    for (let n = sender; !stopping; n++) {
      const status = await sendOne(n);
      if (requests++ === 0) process.stdout.write('sending\n');
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  });
  process.once('SIGTERM', () => {
    stopping = true;
    void Promise.all(loops).then(() => {
      process.stdout.write(JSON.stringify({ requests, statuses, seconds: (performance.now() - started) / 1000 }) + '\n');
      process.exit(0);
    });
  });
}

main();
