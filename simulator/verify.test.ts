import { expect, it } from 'vitest';
import { createKafka } from '../kafka/config.js';
import { endOffsets } from '../kafka/range-reader.js';
import { createPositionsTopic, producePositions } from '../monitor/produce-records.js';
import type { PositionRecord } from '../protocol/position-record.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { poisonRecords, producePoison } from '../test/helpers/poison-records.js';
import { readRecordKeys, verifyTruck } from './verify.js';

describeWithKafka('sim --verify reading a run back from the real broker', () => {
  it('skips and counts records that are not position records instead of stopping, and still finds every position', async () => {
    const kafka = createKafka('verify-test', brokersOrThrow());
    const topic = `verify-poison-${process.pid}-${Date.now()}`;
    await createPositionsTopic(kafka, topic);
    const from = await endOffsets(kafka, topic);
    const t0 = Date.now() - 600_000;
    const records: PositionRecord[] = Array.from({ length: 20 }, (_, i) => ({
      vehicleId: 'sim-1',
      epoch: 'epoch-v',
      seq: i + 1,
      time: new Date(t0 + i * 1000).toISOString(),
      lat: -25.4 + i * 1e-4,
      lon: -49.2,
      receivedAt: new Date(t0 + i * 1000 + 500).toISOString(),
    }));
    await producePositions(kafka, topic, records.slice(0, 10));
    const poison = poisonRecords(records[3]!, 1_000);
    await producePoison(kafka, topic, poison);
    // Another client's bad record on the same topic is not this run's business.
    await producePoison(kafka, topic, [{ ...poison[2]!, key: 'not-a-sim-truck' }]);
    await producePositions(kafka, topic, records.slice(10));

    const read = await readRecordKeys(kafka, topic, from, new Set(['sim-1']), 60_000);
    expect(read.records).toBe(records.length + poison.length + 1);
    expect(read.skipped).toEqual({ schema: 5, key: 1, 'not-json': 1, 'no-value': 1, 'schema-version': 1 });
    expect(verifyTruck(read.counts, { vehicleId: 'sim-1', epoch: 'epoch-v', lastSeq: 20, unsentSeqs: [], droppedCounted: 0 })).toEqual({ unique: 20, duplicates: 0, missing: 0, missingSeqs: [] });
  });
});
