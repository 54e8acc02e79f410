import { afterAll, expect, it } from 'vitest';
import { gToMps2, kmhToMps } from '../common/units.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { parseDriverScoreRecord } from '../protocol/driver-score-record.js';
import { drivingEventRecordHeaders } from '../protocol/driving-event-record.js';
import { DEAD_LETTER_HEADERS } from './dead-letter.js';
import { isoWeek } from './driver-scores.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { createEventsTopic, createPositionsTopic, produceDrivingEvents, producePositions } from './produce-records.js';
import { detourScenario, planDocument } from './scenarios.js';
import { DriverScoreKeeper } from './score-keeper.js';
import { readLatestByKey } from './status-store.js';
import { createKafka, readAlerts, readRawRecords, scriptedEvent, uniqueName, waitFor } from './test-support.js';
import { calendarDate } from './vehicle-tracker.js';

describeWithKafka('driver scores against the real broker (issue 17)', () => {
  const running: { stop: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
  });

  it('counts scripted events once each through a duplicate, a poison record and a redelivery after a restart, alerts the severe one once, and continues the restored score', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('scores-test', brokers);
    const s = detourScenario('truck-score');
    const plan = parsePlan({ ...planDocument([s]), drivers: { 'truck-score': 'D17' } });
    const name = uniqueName('scores');
    const positions = `${name}-positions`;
    const events = `${name}-events`;
    await createPositionsTopic(kafka, positions);
    await createEventsTopic(kafka, events);
    await producePositions(kafka, positions, s.records);

    const r = s.records;
    const seq = r.at(-1)!.seq;
    const braking = scriptedEvent(r, 100, seq + 1, 'harsh-braking', gToMps2(0.5), gToMps2(0.3), 3);
    const scripted = [
      braking,
      scriptedEvent(r, 200, seq + 2, 'harsh-acceleration', 2.4, 2, 2),
      scriptedEvent(r, 300, seq + 3, 'speeding', kmhToMps(95), kmhToMps(80), 30),
      scriptedEvent(r, 400, seq + 4, 'idling', 600, 300, 600),
    ];
    await produceDrivingEvents(kafka, events, [...scripted, braking]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: events, acks: -1, messages: [{ key: 'truck-score', value: 'hello', headers: drivingEventRecordHeaders() }] });
    await producer.disconnect();

    const options = { brokers, plan, groupId: name, positionsTopic: positions, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, deadLetterTopic: `${name}-dlq`, fromBeginning: true, flushIdleMs: 500 };
    const keeperOptions = { eventsTopic: events, scoresTopic: `${name}-scores`, deadLetterTopic: `${name}-events-dlq`, distancePublishMs: 300 };
    async function start(): Promise<{ fleet: FleetMonitor; keeper: DriverScoreKeeper }> {
      const fleet = new FleetMonitor(options);
      await fleet.start();
      const keeper = new DriverScoreKeeper(fleet, keeperOptions);
      await keeper.start();
      running.push(fleet, keeper);
      return { fleet, keeper };
    }
    const date = calendarDate('UTC', Date.parse(braking.time));
    const dayKey = `D17|day|${date}`;

    const first = await start();
    await waitFor('the 5 event records and the poison one read and committed', () => first.keeper.stats.events === 5 && first.keeper.stats.invalid === 1);
    await waitFor('every position processed', () => first.fleet.vehicles()[0]?.counts.processed === r.length && first.fleet.vehicles()[0]!.resume.pending.length === 0, 120_000);
    const dayDistance = first.fleet.vehicles()[0]!.day!.distance;
    expect(dayDistance).toBeGreaterThan(1_000);
    await waitFor('the day score has the final day distance', () => first.keeper.scores.get(dayKey)?.distance === dayDistance);
    await first.keeper.stop();
    await first.fleet.stop();

    const stored = await readLatestByKey(kafka, keeperOptions.scoresTopic, parseDriverScoreRecord, { groupIdPrefix: 'scores-test' });
    const expectedDay = {
      driverId: 'D17',
      vehicles: ['truck-score'],
      distance: dayDistance,
      events: { 'harsh-braking': 1, 'harsh-acceleration': 1, 'harsh-cornering': 0, speeding: 1, idling: 1 },
      timeOverSpeedLimit: 30,
      idlingTime: 600,
    };
    expect(stored.get(dayKey)).toMatchObject(expectedDay);
    expect(stored.get(`D17|week|${isoWeek(date)}`)).toMatchObject(expectedDay);
    expect(stored.get(dayKey)!.score).toBeLessThan(100);
    const severe = (await readAlerts(brokers, options.alertsTopic)).filter((a) => a.type === 'severe-driving');
    expect(severe).toEqual([expect.objectContaining({ alertId: `truck-score:severe-driving:${braking.epoch}:${braking.seq}`, driverId: 'D17', time: braking.time, event: expect.objectContaining({ kind: 'harsh-braking' }) })]);
    const deadLetters = await readRawRecords(brokers, keeperOptions.deadLetterTopic);
    expect(deadLetters.map((d) => [d.value, d.headers[DEAD_LETTER_HEADERS.reason], d.headers[DEAD_LETTER_HEADERS.sourceTopic]])).toEqual([['hello', 'not-json', events]]);

    // As after a crash before the commit: the events group reads everything again; one new event arrives too.
    const reset = kafka.admin();
    await reset.connect();
    await reset.resetOffsets({ groupId: `${name}-events`, topic: events, earliest: true }).finally(() => reset.disconnect());
    const cornering = scriptedEvent(r, 500, seq + 5, 'harsh-cornering', 3, 2.5, 1);
    await produceDrivingEvents(kafka, events, [cornering]);

    const second = await start();
    await waitFor('all 6 event records and the poison one read again and committed', () => second.keeper.stats.events === 6 && second.keeper.stats.invalid === 1);
    expect(second.keeper.stats.counted).toBe(1);
    expect(second.keeper.scores.get(dayKey)).toMatchObject({ ...expectedDay, events: { ...expectedDay.events, 'harsh-cornering': 1 } });
    await second.keeper.stop();
    await second.fleet.stop();
    const restored = await readLatestByKey(kafka, keeperOptions.scoresTopic, parseDriverScoreRecord, { groupIdPrefix: 'scores-test' });
    expect(restored.get(dayKey)).toMatchObject({ ...expectedDay, events: { ...expectedDay.events, 'harsh-cornering': 1 } });
    expect((await readAlerts(brokers, options.alertsTopic)).filter((a) => a.type === 'severe-driving')).toHaveLength(1);
  }, 240_000);
});
