import { expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import type { PositionRecord } from '../protocol/position-record.js';
import { historyCsv, historyGeoJson, readHistory } from './history.js';
import { loadTrips, tripRecords } from './trips.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { poisonRecords, producePoison } from '../test/helpers/poison-records.js';
import { createKafka, uniqueName } from './test-support.js';

describeWithKafka('telematics history against the real broker', () => {
  const brokers = brokersOrThrow();

  it("reads back one vehicle's track between two fix times: sorted, deduplicated, others' records left out", async () => {
    const kafka = createKafka('history-test', brokers);
    const topic = uniqueName('history-positions');
    await createPositionsTopic(kafka, topic, 2);
    const trips = loadTrips();
    // As a gateway would have produced them: received (and timestamped) two seconds after each fix.
    const asReceived = (records: PositionRecord[]) => records.map((r) => ({ ...r, receivedAt: new Date(Date.parse(r.time) + 2_000).toISOString() }));
    // Driven an hour ago: record timestamps must be recent, or the topic's retention deletes them.
    const startMs = Date.now() - 3_600_000;
    const shift = (id: string) => startMs - Date.parse(trips.get(id)![0].time);
    const mine = asReceived(tripRecords(trips.get('A-trip12')!, 'van-7', { shiftMs: shift('A-trip12') }));
    // Eight vehicles on two partitions: some share van-7's partition.
    const others = Array.from({ length: 7 }, (_, i) => asReceived(tripRecords(trips.get('A-trip18')!, `van-${i}`, { shiftMs: shift('A-trip18') })));
    const interleaved = [...mine, ...others.flat()].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
    // A batch resent later: duplicates on the topic.
    await producePositions(kafka, topic, [...interleaved, ...mine.slice(100, 160)], { timestampFromReceivedAt: true });

    const fromMs = Date.parse(mine[300].time);
    const toMs = Date.parse(mine[599].time);
    const { records: track, skipped } = await readHistory({ vehicleId: 'van-7', fromMs, toMs, topic, brokers });
    expect(skipped).toEqual({});
    expect(track.map((r) => r.seq)).toEqual(mine.slice(300, 600).map((r) => r.seq));
    expect(track.every((r) => r.vehicleId === 'van-7')).toBe(true);

    const { records: withDuplicates } = await readHistory({ vehicleId: 'van-7', fromMs: Date.parse(mine[0].time), toMs: Date.parse(mine[199].time), topic, brokers });
    expect(withDuplicates.map((r) => r.seq)).toEqual(mine.slice(0, 200).map((r) => r.seq));

    expect(await readHistory({ vehicleId: 'nobody', fromMs, toMs, topic, brokers })).toEqual({ records: [], skipped: {} });

    const csv = historyCsv(track).trim().split('\n');
    expect(csv[0]).toBe('time,lat,lon,speed_mps,track_deg,alt_msl_m,epoch,seq,received_at');
    expect(csv).toHaveLength(301);
    expect(csv[1].split(',').slice(0, 3)).toEqual([mine[300].time, String(mine[300].lat), String(mine[300].lon)]);
    const geo = historyGeoJson('van-7', track) as { features: { geometry: { type: string; coordinates: unknown } }[] };
    expect(geo.features[0].geometry.type).toBe('LineString');
    expect((geo.features[0].geometry.coordinates as unknown[]).length).toBe(300);
    expect(geo.features[1].geometry.coordinates).toEqual([mine[300].lon, mine[300].lat]);
  });

  it('skips and counts records that are not position records, and reads the track around them', async () => {
    const kafka = createKafka('history-test', brokers);
    const topic = uniqueName('history-poison');
    await createPositionsTopic(kafka, topic, 2);
    const trips = loadTrips();
    const points = trips.get('A-trip12')!;
    const records = tripRecords(points, 'van-7', { shiftMs: Date.now() - 3_600_000 - Date.parse(points[0].time) }).slice(0, 300);
    const poison = poisonRecords(records[10]!, 1_000_000);
    await producePositions(kafka, topic, records.slice(0, 150));
    const keyed = await producePoison(kafka, topic, poison.filter((p) => p.key !== null));
    // A record without a key lands where the producer puts it: here, in van-7's partition, where the reader meets it.
    await producePoison(kafka, topic, poison.filter((p) => p.key === null), keyed[0]!.partition);
    await producePositions(kafka, topic, records.slice(150));

    const { records: track, skipped } = await readHistory({ vehicleId: 'van-7', fromMs: Date.parse(records[0]!.time), toMs: Date.parse(records[299]!.time), topic, brokers });
    expect(track.map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(skipped).toEqual({ schema: 5, key: 1, 'not-json': 1, 'no-value': 1, 'schema-version': 1 });
  });
});
