import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gToMps2, kmhToMps } from '../common/units.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import type { DrivingEventRecord } from '../protocol/driving-event-record.js';
import type { DriverScoreView } from './live-contract.js';
import { startFleetHttp } from './http.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { createEventsTopic, createPositionsTopic, produceDrivingEvents, producePositions } from './produce-records.js';
import { detourScenario, heldBackScenario, planDocument } from './scenarios.js';
import { DriverScoreKeeper } from './score-keeper.js';
import { CHROMIUM, CHROMIUM_ARGS, createKafka, haveChromium, scriptedEvent, uniqueName, waitFor } from './test-support.js';
import { loadTrips, tripRecords } from './trips.js';
import { TRACKER_DEFAULTS } from './vehicle-tracker.js';
import { buildWeb } from './web/build.mjs';

const STEP_TIMEOUT_MS = 300_000;
const PAGE_TIMEOUT_MS = 120_000;
const itWithBrowser = (name: string, fn: () => Promise<void>) => it.skipIf(!haveChromium && !process.env.CI)(name, fn, STEP_TIMEOUT_MS);

/** Runs in order: the page first shows the scores, then follows clicks. */
describeWithKafka("the live page's driver scores and driving events in a real headless browser (issue 17)", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  const detour = detourScenario('truck-anna');
  const held = heldBackScenario('truck-ben');
  const car = tripRecords(loadTrips().get('C-trip07')!, 'car-carla').slice(0, 900);
  const plan = parsePlan({ ...planDocument([detour, held]), drivers: { 'truck-anna': 'D-anna' } });
  /** Anna brakes hard three times (one severe), Ben speeds once, Carla drives clean. */
  const events: DrivingEventRecord[] = [
    scriptedEvent(detour.records, 300, 100_001, 'harsh-braking', gToMps2(0.35), gToMps2(0.3), 2),
    scriptedEvent(detour.records, 600, 100_002, 'harsh-braking', gToMps2(0.5), gToMps2(0.3), 3),
    scriptedEvent(detour.records, 900, 100_003, 'harsh-braking', gToMps2(0.32), gToMps2(0.3), 2),
    scriptedEvent(held.records, 400, 100_001, 'speeding', kmhToMps(88), kmhToMps(80), 40),
  ];
  let http: Awaited<ReturnType<typeof startFleetHttp>>;
  let browser: Browser;
  let page: Page;
  const until = <T>(what: string, probe: () => T | Promise<T>) => waitFor(what, probe, PAGE_TIMEOUT_MS);
  const scores = async (): Promise<DriverScoreView[]> => (await (await fetch(new URL('/api/driver-scores', http.url))).json()) as DriverScoreView[];
  const rows = () => page.locator('table.drivers tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.driver!));

  beforeAll(async () => {
    if (!haveChromium && !process.env.CI) return;
    await buildWeb();
    const brokers = brokersOrThrow();
    const kafka = createKafka('drivers-page-test', brokers);
    const name = uniqueName('drivers-page');
    const positions = `${name}-positions`;
    await createPositionsTopic(kafka, positions);
    await createEventsTopic(kafka, `${name}-events`);
    await producePositions(kafka, positions, [...detour.records, ...held.records, ...car]);
    await produceDrivingEvents(kafka, `${name}-events`, events);
    const fleet = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: positions, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true, flushIdleMs: 200, tracker: { ...TRACKER_DEFAULTS, reorderWindowMs: 0 } });
    await fleet.start();
    cleanups.push(() => fleet.stop());
    const keeper = new DriverScoreKeeper(fleet, { eventsTopic: `${name}-events`, scoresTopic: `${name}-scores`, deadLetterTopic: `${name}-events-dlq`, distancePublishMs: 300 });
    await keeper.start();
    cleanups.push(() => keeper.stop());
    http = await startFleetHttp(fleet, plan, 0, { tiles: null, scores: keeper });
    cleanups.push(() => http.close());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    page = await browser.newPage({ timezoneId: 'America/Sao_Paulo', locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  itWithBrowser('shows each driver\'s day score, worst first, sorts by a column, and switches to the week', async () => {
    // Every trip driven and every event counted: the scores the monitor holds are final.
    await until('three drivers with their whole distance and all four events', async () => {
      const day = (await scores()).filter((s) => s.period === 'day');
      const counted = day.reduce((n, s) => n + Object.values(s.events).reduce((a, b) => a + b, 0), 0);
      return new Set(day.map((s) => s.driverId)).size === 3 && counted === events.length && day.every((s) => s.distance > 1_000);
    });
    await page.goto(http.url);
    await page.waitForSelector('#connection[data-live="true"]');
    await page.locator('[role="tab"][aria-controls="drivers"]').click();
    const latestDay = (driverId: string, all: DriverScoreView[]) => all.filter((s) => s.driverId === driverId && s.period === 'day').sort((a, b) => (a.periodId < b.periodId ? 1 : -1))[0]!;
    let all = await scores();
    const byScore = ['D-anna', 'truck-ben', 'car-carla'].map((id) => latestDay(id, all)).sort((a, b) => a.score - b.score || (a.driverId < b.driverId ? -1 : 1));
    await until('the table in score order, worst first, with the server\'s figures', async () => {
      all = await scores();
      const shown = await page.locator('table.drivers tbody tr[data-driver="D-anna"] td[data-column="score"]').textContent().catch(() => null);
      return JSON.stringify(await rows()) === JSON.stringify(byScore.map((s) => s.driverId)) && shown === latestDay('D-anna', all).score.toFixed(1);
    });
    // Anna's three hard brakes cost more than Ben's 40 s of speeding; Carla has nothing off.
    expect(byScore.map((s) => s.driverId)).toEqual(['D-anna', 'truck-ben', 'car-carla']);
    expect(latestDay('car-carla', all).score).toBe(100);
    const anna = latestDay('D-anna', all);
    expect(await page.locator('tr[data-driver="D-anna"] td[data-column="distance"]').textContent()).toBe((anna.distance / 1000).toFixed(2));
    expect(await page.locator('tr[data-driver="D-anna"] td[data-column="braking"]').textContent()).toBe(anna.eventsPer100km['harsh-braking'].toFixed(1));

    // Sorted by distance (a click: longest first; again: shortest first).
    const byDistance = [...byScore].sort((a, b) => b.distance - a.distance).map((s) => s.driverId);
    await page.locator('table.drivers th[data-sort="distance"]').click();
    await until('the rows by distance, longest first', async () => JSON.stringify(await rows()) === JSON.stringify(byDistance));
    await page.locator('table.drivers th[data-sort="distance"]').click();
    await until('the rows by distance, shortest first', async () => JSON.stringify(await rows()) === JSON.stringify([...byDistance].reverse()));

    // The week: each driver's ISO week, with the same events (the trips are one day each).
    await page.locator('input[name="score-period"][value="week"]').check();
    const weeks = [...new Set(all.filter((s) => s.period === 'week').map((s) => s.periodId))].sort();
    await until('the week scores', async () => (await page.locator('.table-note').last().textContent()) === `3 drivers, ${weeks.join(', ')}`);
  });

  itWithBrowser('puts every event on the map; a row or an event shows its trail', async () => {
    await until('a dot per event on the map', async () => (await page.locator('path.driving-event').count()) === events.length);
    expect(await page.locator('path.driving-event.kind-harsh-braking').count()).toBe(3);
    const trail = page.locator('path.driving-trail');
    // Leaflet draws an empty line as "M0 0".
    const trailDrawn = async () => !['', 'M0 0'].includes((await trail.getAttribute('d')) ?? '');
    expect(await trailDrawn()).toBe(false);

    // A row: the driver's events listed, the latest one's trail drawn.
    await page.locator('table.drivers tbody tr[data-driver="truck-ben"]').click();
    await until("Ben's event alone in the list", async () => JSON.stringify(await page.locator('ol.driving-events li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.kind))) === '["speeding"]');
    await until('the speeding trail drawn', trailDrawn);
    const benTrail = await trail.getAttribute('d');

    // An event of the list: its own trail, and what it was.
    await page.locator('table.drivers tbody tr[data-driver="D-anna"]').click();
    await until("Anna's three events listed", async () => (await page.locator('ol.driving-events li').count()) === 3);
    const severe = `truck-anna|${events[1]!.epoch}|${events[1]!.seq}`;
    await page.locator(`ol.driving-events li[data-event="${severe}"]`).click();
    await until("the severe brake's trail drawn", async () => (await trail.getAttribute('d')) !== benTrail && (await trailDrawn()));
    // Its tooltip alone (Ben's closes): what, how hard against the threshold, who.
    await until("the severe brake's tooltip, alone", async () => {
      const tips = await page.locator('.leaflet-tooltip').allTextContents();
      return tips.length === 1 && tips[0]!.startsWith('harsh-braking 0.50 g (limit 0.30 g)D-anna · truck-anna');
    });

    // The severe brake raised an alert too.
    await until('the severe-driving alert in the panel', async () => (await page.locator('#alerts li[data-type="severe-driving"]').count()) === 1);
    expect(await page.locator('#alerts li[data-type="severe-driving"] .alert-details').textContent()).toContain('driver D-anna');
  });

  itWithBrowser("a click on an event's dot on the map shows that event's trail", async () => {
    // A fresh page: no event shown yet, the map framing the fleet's last positions, with two of Anna's brakes in view.
    await page.goto(http.url);
    await page.waitForSelector('#connection[data-live="true"]');
    const trail = page.locator('path.driving-trail');
    const dots = page.locator('path.driving-event');
    const area = (await page.locator('#map').boundingBox())!;
    const margin = 80;
    const still = async () => (await page.locator('#map[data-moving]').count()) === 0;
    // Leaflet empties the path of a dot out of view ("M0 0"); at world zoom, before the fleet is framed, all dots are on one pixel.
    const drawn = () => dots.evaluateAll((paths) => paths.map((p, index) => {
      const r = p.getBoundingClientRect();
      return { index, drawn: p.getAttribute('d') !== 'M0 0', brake: p.classList.contains('kind-harsh-braking'), x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }));
    const target = await until('a brake drawn well inside the framed map, apart from every other dot', async () => {
      if (!(await still())) return false;
      const all = (await drawn()).filter((d) => d.drawn);
      return all.find((d) => d.brake && d.x > area.x + margin && d.x < area.x + area.width - margin && d.y > area.y + margin && d.y < area.y + area.height - margin && all.every((o) => o === d || Math.hypot(o.x - d.x, o.y - d.y) > 20));
    });
    const dot = dots.nth(target.index);
    const at = { x: target.x, y: target.y };
    const trailDrawn = async () => !['', 'M0 0'].includes((await trail.getAttribute('d')) ?? '');
    expect(await trailDrawn()).toBe(false);
    const contains = async (point: { x: number; y: number }) => {
      const box = await trail.boundingBox();
      return !!box && point.x >= box.x - 1 && point.x <= box.x + box.width + 1 && point.y >= box.y - 1 && point.y <= box.y + box.height + 1;
    };
    const centreOf = (box: { x: number; y: number; width: number; height: number } | null) => box && { x: box.x + box.width / 2, y: box.y + box.height / 2 };

    // The vehicles' canvas lies over the dots (its own pane) and lets the pointer through to them.
    expect(await page.locator('.leaflet-fleet-pane > canvas.fleet-layer').count()).toBe(1);
    // A dispatcher's click where the dot is drawn: the map goes to the brake and draws its trail through it.
    // (Not its tooltip: the dots' tooltips follow the pointer, which stays where the dot was while the map
    // moves, so which one shows then depends on what ends up under it; the list's click checks the tooltip.)
    await page.mouse.click(at.x, at.y);
    await until("the brake's trail drawn through its dot", async () => {
      const now = centreOf(await dot.boundingBox());
      return (await still()) && (await trailDrawn()) && !!now && (await contains(now));
    });
  });
});
