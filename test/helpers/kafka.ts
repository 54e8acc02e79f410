import { describe, inject } from 'vitest';

/** The run's broker, or null outside CI when none could be started (see test/global-setup.ts). */
export function testBrokers(): string[] | null {
  return inject('kafkaBrokers');
}

/**
 * `describe` for suites that need the real broker. Outside CI they are skipped
 * (with the reason printed by the global setup) when no broker could be started;
 * in CI the global setup has already failed the run in that case, so they never skip.
 */
export const describeWithKafka: typeof describe = (testBrokers() ? describe : describe.skip) as typeof describe;

export function brokersOrThrow(): string[] {
  const brokers = testBrokers();
  if (!brokers) throw new Error(`no test Kafka broker: ${inject('kafkaUnavailableReason')}`);
  return brokers;
}
