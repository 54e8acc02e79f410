import { expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { runMonitorDemo } from './demo.js';
import { createPositionsTopic } from './produce-records.js';
import { createKafka, uniqueName } from './test-support.js';

describeWithKafka('the monitor part of the demo', () => {
  it('processes the two scripted trucks and reports their alerts', async () => {
    const brokers = brokersOrThrow();
    const topic = uniqueName('demo-positions');
    await createPositionsTopic(createKafka('demo-test', brokers), topic);
    const lines: string[] = [];
    const demo = await runMonitorDemo({ brokers, positionsTopic: topic, httpPort: 0, say: (l) => lines.push(l) });
    try {
      expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const types = (prefix: string) => demo.alerts.filter((a) => a.vehicleId.startsWith(prefix)).map((a) => a.type);
      expect(types('demo-detour')).toEqual(['deviation-start', 'deviation-end', 'arrival']);
      expect(types('demo-held')).toEqual(['delay-predicted', 'arrival']);
      expect(lines.join('\n')).toContain('produced 4311 positions');
    } finally {
      await demo.stop();
    }
  });
});
