import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { runDemoFleet } from './demo-fleet.js';

describeWithKafka('demo fleet stage', () => {
  it(
    'runs a small verified fleet with its live view and returns the closing summary',
    async () => {
      const out = new PassThrough();
      let printed = '';
      out.on('data', (c: Buffer) => (printed += c.toString()));
      const summary = await runDemoFleet({ brokers: brokersOrThrow(), trucks: 5, durationMs: 6 * 60_000, view: 'lines', out });
      expect(printed).toMatch(/telematics sim (driving|draining|done)/);
      expect(summary.ok).toBe(true);
      expect(summary.report.run.trucks).toBe(5);
      expect(summary.text).toMatch(/verified in Kafka \(vehicle-positions\): [\d,]+ unique positions, 0 missing, 0 duplicates\./);
      expect(summary.text).toMatch(/OK: nothing lost\./);
    },
    120_000,
  );
});
