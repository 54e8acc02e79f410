import { createRequire } from 'node:module';

/**
 * A fix for kafkajs 2.2.4 (no release since 2023), applied once by kafka/config.ts before any
 * client exists.
 *
 * A consumer stopped while its fetch manager rebuilds its fetchers (a broker joined or left the
 * cluster's metadata) gets new fetchers after the stop. They call the runner's fetch, which for a
 * stopped runner returns no batches at once: a loop of microtasks only, and the whole process
 * freezes (no timer, no socket is served again). A stopped runner's fetch now throws instead:
 * those fetchers end, kafkajs's retry finds the runner stopped and finishes the stop as usual (a
 * consumer without retries reports a crash on the way, after the stop). Reproduced against a
 * real cluster by kafka/cluster.test.ts.
 */
interface Runner {
  running: boolean;
  fetch(nodeId: number): Promise<unknown[]>;
}

const PATCHED = Symbol.for('telematics.kafkajs.consumer-stop-fix');

/** Retriable for kafkajs (it retries any error not marked otherwise): its retry then sees the stop. */
export class ConsumerStoppedError extends Error {
  constructor() {
    super('the consumer was stopped while its fetchers were being rebuilt');
    this.name = 'ConsumerStoppedError';
  }
}

export function applyConsumerStopFix(): void {
  const require = createRequire(import.meta.url);
  const runner = (require('kafkajs/src/consumer/runner.js') as { prototype: Runner & { [PATCHED]?: true } }).prototype;
  if (runner[PATCHED]) return;
  const fetch = runner.fetch;
  runner.fetch = async function (this: Runner, nodeId: number) {
    if (!this.running) throw new ConsumerStoppedError();
    return fetch.call(this, nodeId);
  };
  runner[PATCHED] = true;
}
