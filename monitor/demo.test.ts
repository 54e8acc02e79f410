import { expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { gToMps2 } from '../common/units.js';
import { runMonitorDemo, scoreTable } from './demo.js';
import { createEventsTopic, createPositionsTopic, produceDrivingEvents, producePositions } from './produce-records.js';
import { createKafka, scriptedEvent, uniqueName } from './test-support.js';
import { loadTrips, tripRecords } from './trips.js';

describeWithKafka('the monitor part of the demo', () => {
  it('puts the two scripted trucks on the road now, with their alerts raised and their deliveries ahead with an ETA, and scores the drivers', async () => {
    const brokers = brokersOrThrow();
    const topic = uniqueName('demo-positions');
    const kafka = createKafka('demo-test', brokers);
    await createPositionsTopic(kafka, topic);
    // What the simulated fleet's agents would have recorded before the monitor starts: one truck braked hard twice (once severely).
    const eventsTopic = uniqueName('demo-events');
    const truck = tripRecords(loadTrips().get('C-trip07')!, 'demo-braking').slice(0, 600);
    await createEventsTopic(kafka, eventsTopic);
    await producePositions(kafka, topic, truck);
    await produceDrivingEvents(kafka, eventsTopic, [scriptedEvent(truck, 200, 10_001, 'harsh-braking', gToMps2(0.32), gToMps2(0.3), 2), scriptedEvent(truck, 400, 10_002, 'harsh-braking', gToMps2(0.5), gToMps2(0.3), 3)]);
    const lines: string[] = [];
    const startedMs = Date.now();
    const demo = await runMonitorDemo({ brokers, positionsTopic: topic, eventsTopic, httpPort: 0, say: (l) => lines.push(l) });
    try {
      expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const types = (prefix: string) => demo.alerts.filter((a) => a.vehicleId.startsWith(prefix)).map((a) => a.type);
      expect(types('demo-detour')).toEqual(['deviation-start', 'deviation-end']);
      expect(types('demo-held')).toEqual(['delay-predicted']);
      // Every event counted once, the severe one alerted; the braking driver is the worst of the table.
      expect(demo.drivingEvents).toEqual({ 'harsh-braking': 2 });
      expect(demo.severeAlerts.map((a) => a.vehicleId)).toEqual(['demo-braking']);
      expect(demo.scores.map((s) => s.driverId).sort()).toEqual(['demo-braking', ...demo.alerts.map((a) => a.vehicleId)].filter((id, i, all) => all.indexOf(id) === i).sort());
      expect(demo.scores[0]).toMatchObject({ driverId: 'demo-braking', events: { 'harsh-braking': 2 } });
      expect(demo.scores[0]!.score).toBeLessThan(100);
      const table = scoreTable(demo.scores);
      expect(table[1]).toMatch(/^demo-braking\s+\d+\.\d/);
      expect(table.at(-1)).toMatch(/^3 drivers: score min \d+\.\d, median 100\.0, max 100\.0$/);
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
