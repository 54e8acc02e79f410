import { expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { runMonitorDemo } from './demo.js';
import { createPositionsTopic } from './produce-records.js';
import { createKafka, uniqueName } from './test-support.js';

describeWithKafka('the monitor part of the demo', () => {
  it('puts the two scripted trucks on the road now, with their alerts raised and their deliveries ahead with an ETA', async () => {
    const brokers = brokersOrThrow();
    const topic = uniqueName('demo-positions');
    await createPositionsTopic(createKafka('demo-test', brokers), topic);
    const lines: string[] = [];
    const startedMs = Date.now();
    const demo = await runMonitorDemo({ brokers, positionsTopic: topic, httpPort: 0, say: (l) => lines.push(l) });
    try {
      expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const types = (prefix: string) => demo.alerts.filter((a) => a.vehicleId.startsWith(prefix)).map((a) => a.type);
      expect(types('demo-detour')).toEqual(['deviation-start', 'deviation-end']);
      expect(types('demo-held')).toEqual(['delay-predicted']);
      // 72 % of each trip (1851 and 2460 positions) is driven, the last of it now.
      expect(lines.join('\n')).toContain('produced 3103 positions');
      expect(demo.deliveries.map((d) => [d.vehicleId.replace(/-\w+$/, ''), d.status])).toEqual([
        ['demo-detour', 'next'],
        ['demo-held', 'next'],
      ]);
      for (const d of demo.deliveries) {
        // The last fix driven is the demo's "now".
        expect(d.asOfMs).toBeGreaterThanOrEqual(startedMs);
        expect(d.asOfMs).toBeLessThanOrEqual(Date.now());
        expect(d.etaAtMs).toBeGreaterThan(d.asOfMs!);
        expect(d.lateByMs).toBe(d.etaAtMs! - d.promisedAtMs);
        expect(d.trackingPath).toMatch(/^\/track\/[\w-]{22}$/);
      }
      // The held truck is predicted late, the detour truck (promised generously) is not.
      expect(demo.deliveries[1].lateByMs).toBeGreaterThan(0);
      expect(demo.deliveries[0].lateByMs).toBeLessThan(0);
    } finally {
      await demo.stop();
    }
  });
});
