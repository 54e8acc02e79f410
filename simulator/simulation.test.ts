import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { parseFaultSchedule } from './faults.js';
import { runSimulation } from './simulation.js';
import { defaultTripPaths } from './trip-files.js';

describeWithKafka('fleet simulation against the real gateway and Kafka', () => {
  it(
    'drives a small fleet for 10 simulated minutes and finds every position in Kafka once',
    async () => {
      const report = await runSimulation({
        trucks: Number(process.env.SIM_TEST_TRUCKS ?? 20),
        tripPaths: defaultTripPaths(PACKAGE_ROOT),
        gateway: 'local',
        brokers: brokersOrThrow(),
        speedup: 60,
        durationMs: 10 * 60_000,
        verify: true,
        faults: parseFaultSchedule({ faults: [{ kind: 'coverage', share: 0.5, atS: 120, durationS: 180 }, { kind: 'restart', share: 0.5, atS: 200 }] }),
      });
      console.log(JSON.stringify({ ...report, trucks: report.trucks.slice(0, 2) }, null, 1));
      expect(report.verify).toMatchObject({ missing: 0, duplicates: 0 });
      expect(report.ok).toBe(true);
    },
    180_000,
  );
});
