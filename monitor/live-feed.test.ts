import { afterEach, describe, expect, it } from 'vitest';
import { startFleetHttp } from './http.js';
import type { FeedDelta, FeedSnapshot } from './live-contract.js';
import { LIVE_FEED_DEFAULTS } from './live-feed.js';
import { parsePlan } from './plan.js';
import { detourScenario, planDocument } from './scenarios.js';
import { TrackerFleet, openFeed, waitFor } from './test-support.js';
import { FleetStore } from './web/fleet-store.js';

/** The live feed over real HTTP, fed by real trackers (no Kafka: TrackerFleet emits what the monitor emits). */
describe('the live feed (GET /events)', () => {
  const s = detourScenario('truck-feed');
  const other = detourScenario('truck-other');
  const plan = parsePlan(planDocument([s]));
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const start = async (feed: Partial<typeof LIVE_FEED_DEFAULTS> = {}) => {
    const fleet = new TrackerFleet(plan);
    const http = await startFleetHttp(fleet, plan, 0, { tiles: null, feed: { ...LIVE_FEED_DEFAULTS, pushIntervalMs: 50, ...feed } });
    cleanups.push(() => http.close());
    return { fleet, http };
  };

  it('sends a snapshot, then only what changed; applied in order they give exactly the server\'s state', async () => {
    const { fleet, http } = await start();
    fleet.feed([...s.records.slice(0, 10), ...other.records.slice(0, 10)]);
    const page = openFeed(http.url);
    cleanups.push(page.close);
    await waitFor('the snapshot', () => page.messages.length >= 1);
    expect(page.messages[0].event).toBe('snapshot');
    const store = new FleetStore();
    store.reset(page.messages[0].data as FeedSnapshot);
    expect([...store.vehicles.keys()].sort()).toEqual(['truck-feed', 'truck-other']);

    // One position of one vehicle: a move row, and no other field of it unless it changed.
    fleet.feed(s.records.slice(10, 11));
    await waitFor('a delta', () => page.messages.length >= 2);
    const delta = page.messages[1].data as FeedDelta;
    expect(delta.moves.map((m) => m[0])).toEqual(['truck-feed']);
    expect(delta.vehicles.every((v) => v.id === 'truck-feed' && !('lat' in v) && !('planned' in v))).toBe(true);

    for (let i = 11; i < 900; i += 50) fleet.feed([...s.records.slice(i, i + 50), ...other.records.slice(i, i + 50)]);
    const expected = JSON.stringify(http.feed.vehicles().sort((a, b) => (a.id < b.id ? -1 : 1)));
    await waitFor('the page to catch up', () => {
      const replay = new FleetStore();
      for (const m of page.messages) {
        if (m.event === 'snapshot') replay.reset(m.data as FeedSnapshot);
        else replay.apply(m.data as FeedDelta);
      }
      return JSON.stringify([...replay.vehicles.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) === expected;
    });
    // The deliveries and the alerts came along: the planned truck left its route.
    const deltas = page.messages.slice(1).map((m) => m.data as FeedDelta);
    expect(deltas.flatMap((d) => d.deliveries.map((x) => x.id))).toContain('truck-feed/end');
    expect(deltas.flatMap((d) => d.alerts.map((a) => a.type))).toContain('deviation-start');
  });

  it('sends an alert at once, not with the next periodic update, and every acknowledgement to every page', async () => {
    const { fleet, http } = await start({ pushIntervalMs: 600_000 });
    const pages = [openFeed(http.url), openFeed(http.url)];
    for (const p of pages) cleanups.push(p.close);
    await waitFor('both snapshots', () => pages.every((p) => p.messages.length === 1));
    fleet.feed(s.records.slice(0, 800)); // leaves the route for over a minute: deviation-start
    await waitFor('the alert', () => pages.every((p) => p.messages.length === 2));
    const alert = (pages[0].messages[1].data as FeedDelta).alerts.find((a) => a.type === 'deviation-start')!;
    expect(alert.ackedAtMs).toBeNull();
    // The vehicle's changes ride along with the alert.
    expect((pages[0].messages[1].data as FeedDelta).vehicles.map((v) => v.id)).toEqual(['truck-feed']);

    const acked = http.feed.ack(alert.alertId, 1_000);
    expect(acked?.ackedAtMs).toBe(1_000);
    expect(http.feed.ack(alert.alertId, 2_000)?.ackedAtMs).toBe(1_000);
    expect(http.feed.ack('no-such-alert')).toBeUndefined();
    await waitFor('the acknowledgement on both pages', () => pages.every((p) => p.messages.length === 3));
    for (const p of pages) expect((p.messages[2].data as FeedDelta).acks).toEqual([{ alertId: alert.alertId, ackedAtMs: 1_000 }]);
    // A page opened now gets the alert acknowledged in its snapshot.
    const late = openFeed(http.url);
    cleanups.push(late.close);
    await waitFor('the snapshot', () => late.messages.length === 1);
    expect((late.messages[0].data as FeedSnapshot).alerts.find((a) => a.alertId === alert.alertId)?.ackedAtMs).toBe(1_000);
  });

  it('cuts off a page that stops reading, instead of buffering for it without end', async () => {
    const { fleet, http } = await start({ maxBufferedBytes: 64 * 1024 });
    const stuck = openFeed(http.url, { read: false });
    const reading = openFeed(http.url);
    cleanups.push(stuck.close, reading.close);
    await waitFor('two pages', () => http.feed.stats.pages === 2);
    let i = 0;
    await waitFor('the stuck page to be cut off', async () => {
      // Many vehicles moving: deltas big enough to fill the socket buffers of a page that does not read.
      fleet.feed(Array.from({ length: 2000 }, (_, v) => ({ ...s.records[i % s.records.length], vehicleId: `v${v}`, seq: i + 1 })));
      i++;
      await new Promise((resolve) => setTimeout(resolve, 60));
      return http.feed.stats.pagesCutOff === 1;
    });
    expect(http.feed.stats.pages).toBe(1);
    const before = reading.messages.length;
    fleet.feed([{ ...s.records[0], vehicleId: 'v0', seq: i + 1, time: new Date(Date.parse(s.records.at(-1)!.time) + 1000).toISOString() }]);
    await waitFor('the reading page to go on', () => reading.messages.length > before);
  });

  it('lets go of its source when closed', async () => {
    const { fleet, http } = await start();
    expect(fleet.listenerCount('statuses')).toBe(1);
    await http.close();
    expect(fleet.listenerCount('statuses') + fleet.listenerCount('positions') + fleet.listenerCount('alert')).toBe(0);
  });
});
