import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../kafka/local-broker.js';
import { reapOrphanBrokers } from '../kafka/local-kafka.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers of the broker for this run, or null when none could be started (outside CI only). */
    kafkaBrokers: string[] | null;
    kafkaUnavailableReason: string;
  }
}

/** A free port can be taken by another process before the broker binds it: try a few. */
async function startWithRetries(dir: string, attempts = 3): ReturnType<typeof kafkaUp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await kafkaUp({ dir, port: await freePort(), owned: true });
    } catch (err) {
      if (attempt >= attempts || !/already in use|did not come up/.test((err as Error).message)) throw err;
    }
  }
}

/**
 * One real Kafka broker for the whole test run: KAFKA_BROKERS when set, otherwise a
 * fresh single-node KRaft broker (KAFKA_VERSION, default the newest line) in a temporary
 * directory on a free port, so runs never collide with a developer's own broker. In CI a
 * broker that cannot start fails the run; elsewhere Kafka tests are skipped with the reason.
 * Brokers that a killed earlier run left behind (their owner process is gone) are stopped first.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const reaped = await reapOrphanBrokers();
  if (reaped.length > 0) process.stderr.write(`Stopped ${reaped.length} Kafka broker(s) left by an earlier, killed test run: ${reaped.join(', ')}\n`);
  if (process.env.KAFKA_BROKERS) {
    project.provide('kafkaBrokers', process.env.KAFKA_BROKERS.split(',').map((b) => b.trim()));
    project.provide('kafkaUnavailableReason', '');
    return async () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'telematics-test-kafka-'));
  try {
    const up = await startWithRetries(dir);
    process.env.KAFKA_BROKERS = bootstrapAddress(up.state);
    project.provide('kafkaBrokers', [bootstrapAddress(up.state)]);
    project.provide('kafkaUnavailableReason', '');
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const reason = `${(err as Error).message}${(err as { hint?: string }).hint ? `\nhint: ${(err as { hint?: string }).hint}` : ''}`;
    if (process.env.CI) throw new Error(`CI=true and the test Kafka broker could not start:\n${reason}`);
    process.stderr.write(`\nKafka tests will be SKIPPED: ${reason}\n\n`);
    project.provide('kafkaBrokers', null);
    project.provide('kafkaUnavailableReason', reason);
    return async () => undefined;
  }
  return async () => {
    await kafkaDown({ dir });
    rmSync(dir, { recursive: true, force: true });
  };
}
