import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { processMetrics } from '../common/metrics.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import type { CustomerDelivery, DeliveryView } from './live-contract.js';
import { LIVE_FEED_DEFAULTS } from './live-feed.js';
import { startFleetHttp } from './http.js';
import { FleetMonitor } from './monitor.js';
import { type Plan, parsePlan } from './plan.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { SCENARIO_DEFAULTS, type Scenario, detourScenario, heldBackScenario, planDocument } from './scenarios.js';
import type { StoredStatus } from './status-store.js';
import { tileSource } from './tile-source.js';
import { loadTrips, tripRecords } from './trips.js';
import { CHROMIUM, CHROMIUM_ARGS, FIXTURE_TILE_COLOUR, colourShare, createKafka, haveChromium, startTileServer, uniqueName, waitFor } from './test-support.js';
import { TRACKER_DEFAULTS } from './vehicle-tracker.js';
import { MAP_COLOURS, rgb } from './web/palette.js';
import { buildWeb } from './web/build.mjs';

if (!haveChromium && !process.env.CI) process.stderr.write(`\nlive page browser test SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)\n`);
/** Each step waits on the page's state; on a loaded machine a step can take minutes. */
const STEP_TIMEOUT_MS = 300_000;
const PAGE_TIMEOUT_MS = 120_000;
const itWithBrowser = (name: string, fn: () => Promise<void>) => it.skipIf(!haveChromium && !process.env.CI)(name, fn, STEP_TIMEOUT_MS);

/** Positions driven by the time the page is first looked at, per truck; both trucks' fix at this index is "now". */
const NOW_INDEX = 1300;
const VIEWER = { timezoneId: 'America/Sao_Paulo', locale: 'en-GB', viewport: { width: 1400, height: 900 } };

/** A scenario moved in time so that its fix at NOW_INDEX is `nowMs` (ages, ETAs and "min away" are about now). */
function happeningNow<T extends Scenario>(make: (id: string, o: typeof SCENARIO_DEFAULTS) => T, id: string, nowMs: number): T {
  const recorded = make(id, SCENARIO_DEFAULTS);
  return make(id, { ...SCENARIO_DEFAULTS, shiftMs: nowMs - Date.parse(recorded.records[NOW_INDEX].time) });
}

/** Runs in order: each test drives the fleet further. */
describeWithKafka("the dispatcher's live map in a real headless browser", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  const nowMs = Date.now();
  const detour = happeningNow(detourScenario, 'truck-detour', nowMs);
  const held = happeningNow(heldBackScenario, 'truck-held', nowMs);
  // A 20 km/h depot yard around the detour truck's first position: a speed zone the map draws.
  const yard = { lat: detour.records[0]!.lat, lon: detour.records[0]!.lon, dLat: 0.002, dLon: 0.003 };
  const yardRing = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]].map(([x, y]) => [yard.lon + x! * yard.dLon, yard.lat + y! * yard.dLat]);
  const speedZone = { type: 'Feature', properties: { name: 'Depot yard', speedLimitKmh: 20 }, geometry: { type: 'Polygon', coordinates: [yardRing] } };
  const planned = planDocument([detour, held]) as { features: object[] };
  const plan: Plan = parsePlan({ ...planned, features: [...planned.features, speedZone] });
  const unplanned = tripRecords(loadTrips().get('C-trip07')!, 'car-unplanned', { shiftMs: nowMs - Date.parse(loadTrips().get('C-trip07')![600].time) });
  let fleet: FleetMonitor;
  let kafka: ReturnType<typeof createKafka>;
  let topic: string;
  let tiles: Awaited<ReturnType<typeof startTileServer>>;
  let http: Awaited<ReturnType<typeof startFleetHttp>>;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  let produced = 0;
  const produce = (records: typeof detour.records) => {
    produced += records.length;
    return producePositions(kafka, topic, records);
  };
  const statusOf = async (id: string): Promise<StoredStatus> => ((await (await fetch(new URL('/api/vehicles', http.url))).json()) as StoredStatus[]).find((v) => v.vehicleId === id)!;
  const field = (name: string) => page.locator(`#card [data-field="${name}"]`);
  const settled = () => page.waitForSelector('#map:not([data-moving])', { state: 'attached' });
  const until = <T>(what: string, probe: () => T | Promise<T>) => waitFor(what, probe, PAGE_TIMEOUT_MS);
  const openPage = async (): Promise<Page> => {
    const p = await browser.newPage(VIEWER);
    p.setDefaultTimeout(PAGE_TIMEOUT_MS);
    cleanups.push(() => p.close());
    return p;
  };

  beforeAll(async () => {
    if (!haveChromium && !process.env.CI) return;
    await buildWeb();
    tiles = await startTileServer();
    cleanups.push(() => tiles.close());
    const brokers = brokersOrThrow();
    kafka = createKafka('page-test', brokers);
    topic = uniqueName('page-positions');
    await createPositionsTopic(kafka, topic);
    const name = uniqueName('page');
    fleet = new FleetMonitor({
      brokers,
      plan,
      groupId: name,
      positionsTopic: topic,
      alertsTopic: `${name}-alerts`,
      statusTopic: `${name}-status`,
      fromBeginning: true,
      flushIdleMs: 200,
      tracker: { ...TRACKER_DEFAULTS, reorderWindowMs: 0 },
    });
    await fleet.start();
    cleanups.push(() => fleet.stop());
    http = await startFleetHttp(fleet, plan, 0, { tiles: tileSource(tiles.template, 'test tiles') });
    cleanups.push(() => http.close());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    page = await openPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  itWithBrowser('draws the map from the tile server, over the offline basemap, before any vehicle reports', async () => {
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(http.url);
    await page.waitForSelector('#map[data-basemap="drawn"][data-tiles="ok"]');
    await page.waitForSelector('#connection[data-live="true"]');
    await until('the empty list', async () => (await page.locator('.list-summary').textContent()) === '0 of 0 vehicles');
    // The tiles are the fixture's: requested as z/x/y from it, and covering the map.
    await until('the map to load its tiles', async () => !(await page.locator('.leaflet-tile:not(.leaflet-tile-loaded)').count()));
    expect(await page.locator('.leaflet-tile-loaded').count()).toBeGreaterThan(0);
    expect(tiles.requests.length).toBeGreaterThan(0);
    expect(tiles.requests.every((path) => /^\/\d+\/\d+\/\d+\.png$/.test(path))).toBe(true);
    const box = (await page.locator('#map').boundingBox())!;
    // Loaded tiles fade in (Leaflet's opacity transition): wait until they are painted over the map.
    let share = 0;
    await until('the tiles to cover over half the map', async () => (share = colourShare(await page.screenshot(), box, FIXTURE_TILE_COLOUR)) > 0.5);
    expect(share).toBeGreaterThan(0.5);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('test tiles');
    // The plan's speed zone: drawn as a closed four-cornered outline, named with its limit on hover.
    await page.waitForSelector('#map[data-speed-zones="1"]');
    expect(await page.locator('path.speed-zone').getAttribute('d')).toMatch(/^M[\d.-]+ [\d.-]+(L[\d.-]+ [\d.-]+){3}z$/);
    const zoneBox = (await page.locator('path.speed-zone').boundingBox())!;
    await page.mouse.move(zoneBox.x + zoneBox.width / 2, zoneBox.y + zoneBox.height / 2);
    await until("the speed zone's tooltip", async () => (await page.locator('.leaflet-tooltip').allTextContents()).includes('Depot yard: 20 km/h'));
  });

  itWithBrowser('lists vehicles as their first positions arrive; search finds one; a click (list or map) opens its card with the tracker\'s figures', async () => {
    await produce([...detour.records.slice(0, 60), ...held.records.slice(0, 60), ...unplanned.slice(0, 60)]);
    for (const id of ['truck-detour', 'truck-held', 'car-unplanned']) await page.waitForSelector(`.vehicle-row[data-vehicle="${id}"]`);
    expect(await page.locator('#fleet-count').textContent()).toBe('3 vehicles');

    await page.locator('#vehicles .search').fill('HELD');
    await until('the search to leave one vehicle', async () => (await page.locator('.vehicle-row').count()) === 1);
    expect(await page.locator('.list-summary').textContent()).toBe('1 of 3 vehicles');
    await page.locator('.vehicle-row[data-vehicle="truck-held"]').click();
    await page.waitForSelector('#card[data-vehicle="truck-held"]:not([hidden])');
    await until('the card to show the 60th fix', async () => (await page.locator('#card [data-field="fix-time"] time').getAttribute('datetime')) === held.records[59].time);
    await settled();

    // The card shows the tracker's own figures (m/s → km/h, metres → km, as the status has them).
    const status = await statusOf('truck-held');
    expect(status.counts.processed).toBe(60);
    const kmh = (mps: number) => `${((Math.round(mps * 100) / 100) * 3.6).toFixed(1)} km/h`;
    expect(await field('speed').textContent()).toBe(kmh(status.position!.speed));
    expect(await field('window-avg').textContent()).toBe(kmh(status.windowAvgSpeed!));
    expect(await field('trip-avg').textContent()).toBe(kmh(status.trip!.avgSpeed!));
    expect(await field('distance-today').textContent()).toBe(`${(Math.round(status.day!.distance / 10) / 100).toFixed(2)} km`);
    expect(await field('stops-done').textContent()).toBe('0 of 1');
    // The fix time with its date, in the viewer's zone (UTC−3), UTC on hover; and its age.
    const fixMs = Date.parse(status.position!.time);
    const local = new Date(fixMs - 3 * 3_600_000);
    const fix = page.locator('#card [data-field="fix-time"] time');
    const shown = (await fix.textContent())!;
    expect(shown).toMatch(new RegExp(`\\b${local.getUTCDate()}\\b`));
    expect(shown).toContain(String(local.getUTCFullYear()));
    expect(shown).toContain(local.toISOString().slice(11, 19));
    expect(await fix.getAttribute('title')).toBe(`${status.position!.time.slice(0, 10)} ${status.position!.time.slice(11, 19)} UTC`);
    expect(await field('fix-age').textContent()).toMatch(/ago$/);
    // Its planned route's delivery, with an ETA computed (not "–").
    expect(await page.locator('#card [data-delivery="truck-held/end"] [data-field="eta"]').getAttribute('datetime')).toBe(status.nextStop!.eta);
    // The last hour's trail: the 60 positions, thinned.
    await until('the trail to be drawn', async () => Number(await page.locator('#map').getAttribute('data-trail')) >= 2);

    // A click on the vehicle on the map (it is at the centre: the list flew there) opens its card too.
    await page.locator('#card .close').click();
    await page.waitForSelector('#card[hidden]', { state: 'attached' });
    const map = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
    await page.waitForSelector('#card[data-vehicle="truck-held"]:not([hidden])');
    await page.locator('#vehicles .search').fill('');
  });

  itWithBrowser('moves the vehicles and follows their state as positions arrive; the followed vehicle stays in view; deliveries sort', async () => {
    await page.locator('#card .follow').check();
    const before = await field('position').textContent();
    const secondPage = await openPage();
    await secondPage.goto(http.url);
    await secondPage.waitForSelector('#connection[data-live="true"]');

    await produce([...detour.records.slice(60, 720), ...held.records.slice(60, NOW_INDEX + 1), ...unplanned.slice(60, 601)]);
    await page.waitForSelector('.vehicle-row[data-vehicle="truck-detour"][data-state="off-route"]', { timeout: PAGE_TIMEOUT_MS });
    await page.waitForSelector('.vehicle-row[data-vehicle="truck-held"][data-state="delayed"]', { timeout: PAGE_TIMEOUT_MS });
    await until('the card to show the held truck further on', async () => (await field('position').textContent()) !== before);
    await until("the held truck's last fix", async () => (await page.locator('#card [data-field="fix-time"] time').getAttribute('datetime')) === held.records[NOW_INDEX].time);
    expect(await page.locator('.state-filter[data-state="off-route"]').textContent()).toBe('off route 1');
    expect(await page.locator('.state-filter[data-state="delayed"]').textContent()).toBe('delayed 1');
    // Followed: the map keeps the held truck at its centre.
    await settled();
    const map = (await page.locator('#map').boundingBox())!;
    await page.locator('#card .close').click();
    await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
    await page.waitForSelector('#card[data-vehicle="truck-held"]:not([hidden])');
    // The unplanned car's last fix is the last one produced.
    await page.locator('.vehicle-row[data-vehicle="car-unplanned"]').click();
    await until('the car to move on', async () => (await page.locator('#card [data-field="fix-time"] time').getAttribute('datetime')) === unplanned[600].time);

    // A filter hides a state.
    await page.locator('.state-filter[data-state="off-route"]').click();
    await until('the off-route truck to be filtered out', async () => (await page.locator('.vehicle-row[data-vehicle="truck-detour"]').count()) === 0);
    await page.locator('.state-filter[data-state="off-route"]').click();

    // Deliveries: both planned stops, ETA computed, the held one late; sortable.
    await page.locator('[role="tab"][aria-controls="deliveries"]').click();
    const rows = page.locator('#deliveries tbody tr');
    await until('both deliveries', async () => (await rows.count()) === 2);
    const deliveries = (await (await fetch(new URL('/api/deliveries', http.url))).json()) as DeliveryView[];
    for (const d of deliveries) {
      expect(d.etaAtMs).not.toBeNull();
      expect(await page.locator(`#deliveries tr[data-delivery="${d.id}"] td[data-column="eta"] time`).getAttribute('datetime')).toBe(new Date(d.etaAtMs!).toISOString());
    }
    expect(await page.locator('#deliveries tr[data-delivery="truck-held/end"]').getAttribute('class')).toBe('late');
    // The table re-renders on the page's next frame: wait for the order, then assert it.
    const order = async () => (await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.delivery))).join(',');
    const byPromised = [...deliveries].sort((a, b) => a.promisedAtMs - b.promisedAtMs).map((d) => d.id);
    await page.locator('#deliveries th[data-sort="promised"]').click();
    await until('the deliveries sorted by promised time', async () => (await order()) === byPromised.join(','));
    await page.locator('#deliveries th[data-sort="promised"]').click();
    await until('the deliveries sorted by promised time, reversed', async () => (await order()) === [...byPromised].reverse().join(','));
    await page.locator('[role="tab"][aria-controls="vehicles"]').click();

    // Alerts, live; acknowledged on one page, gone from the other.
    const deviation = '.alert[data-type="deviation-start"]';
    await page.waitForSelector(deviation);
    await secondPage.waitForSelector(deviation);
    expect(await page.locator(`${deviation} .alert-vehicle`).textContent()).toBe('truck-detour');
    expect(await page.locator(`${deviation} time`).getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await page.locator(`${deviation} .ack`).click();
    await secondPage.waitForSelector(deviation, { state: 'detached' });
    const alerts = (await (await fetch(new URL('/api/alerts', http.url))).json()) as { type: string; ackedAtMs: number | null }[];
    expect(alerts.find((a) => a.type === 'deviation-start')!.ackedAtMs).toBeGreaterThan(0);
    expect(alerts.map((a) => a.type)).toContain('delay-predicted');
    const refused = await fetch(new URL(`/api/alerts/${encodeURIComponent('truck-held:no-such')}/ack`, http.url), { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(refused.status).toBe(404);
    const crossSite = await fetch(new URL('/api/alerts/x/ack', http.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(crossSite.status).toBe(415);
    // A click on an alert goes to its vehicle.
    await page.locator('.alert[data-type="delay-predicted"] .alert-head').click();
    await page.waitForSelector('#card[data-vehicle="truck-held"]:not([hidden])');
  });

  itWithBrowser('shows an alert the moment it is raised, not with the next periodic update', async () => {
    // A page whose periodic updates come every 10 minutes: only an alert's own push can bring it in time.
    const slow = await startFleetHttp(fleet, plan, 0, { tiles: null, feed: { ...LIVE_FEED_DEFAULTS, pushIntervalMs: 600_000 } });
    cleanups.push(() => slow.close());
    const alertPage = await openPage();
    await alertPage.goto(slow.url);
    await alertPage.waitForSelector('#connection[data-live="true"]');
    expect(await alertPage.locator('.alert[data-type="deviation-end"]').count()).toBe(0);
    // The detour truck comes back to its route (deviation-end) in these positions.
    await produce(detour.records.slice(720, 1000));
    await alertPage.waitForSelector('.alert[data-type="deviation-end"]', { timeout: PAGE_TIMEOUT_MS });
    expect(await alertPage.locator('.alert[data-type="deviation-end"] .alert-vehicle').textContent()).toBe('truck-detour');
  });

  itWithBrowser('shows the offline basemap, and says so, when the tile server is down', async () => {
    await tiles.close();
    const offline = await openPage();
    await offline.goto(http.url);
    await offline.waitForSelector('#map[data-basemap="drawn"][data-tiles="unavailable"]');
    expect(await offline.locator('.tiles-notice').isVisible()).toBe(true);
    await offline.waitForSelector('.vehicle-row[data-vehicle="truck-held"]');
    const box = (await offline.locator('#map').boundingBox())!;
    const shot = await offline.screenshot();
    // Curitiba and its surroundings are land: the basemap's land colour covers much of the view, and no tile does.
    expect(colourShare(shot, box, rgb(MAP_COLOURS.land), 2)).toBeGreaterThan(0.3);
    expect(colourShare(shot, box, FIXTURE_TILE_COLOUR)).toBe(0);
  });

  itWithBrowser("gives the customer their delivery behind an unguessable link, and nothing about the vehicle", async () => {
    const deliveries = (await (await fetch(new URL('/api/deliveries', http.url))).json()) as DeliveryView[];
    const d = deliveries.find((x) => x.id === 'truck-held/end')!;
    const token = d.trackingPath.split('/').pop()!;
    expect(token).toMatch(/^[\w-]{22}$/);
    expect(deliveries.find((x) => x.id === 'truck-detour/end')!.trackingPath).not.toBe(d.trackingPath);
    const before = Date.now();
    const answer = await fetch(new URL(`/v1/deliveries/${token}`, http.url));
    const after = Date.now();
    expect(answer.status).toBe(200);
    const customer = (await answer.json()) as CustomerDelivery;
    const status = await statusOf('truck-held');
    expect(Object.keys(customer).sort()).toEqual(['eta', 'lateByMinutes', 'minutesAway', 'name', 'promisedAt', 'status', 'updatedAt']);
    expect(customer).toMatchObject({ name: 'delivery end', status: 'on-the-way', eta: status.nextStop!.eta, promisedAt: status.nextStop!.promisedAt, updatedAt: status.position!.time });
    const etaMs = Date.parse(customer.eta!);
    const away = [Math.ceil((etaMs - after) / 60_000), Math.ceil((etaMs - before) / 60_000)];
    expect(customer.minutesAway).toBeGreaterThanOrEqual(away[0]);
    expect(customer.minutesAway).toBeLessThanOrEqual(away[1]);
    expect(customer.minutesAway).toBeGreaterThan(1);
    expect(customer.lateByMinutes).toBe(Math.round((etaMs - Date.parse(customer.promisedAt)) / 60_000));
    expect(JSON.stringify(customer)).not.toContain('truck-held');
    for (const wrong of ['AAAAAAAAAAAAAAAAAAAAAA', token.slice(0, -1), 'truck-held%2Fend']) {
      expect((await fetch(new URL(`/v1/deliveries/${wrong}`, http.url))).status).toBe(404);
      expect((await fetch(new URL(`/track/${wrong}`, http.url))).status).toBe(404);
    }

    const customerPage = await openPage();
    await customerPage.goto(new URL(d.trackingPath, http.url).href);
    await customerPage.waitForSelector('#eta[datetime]');
    const headline = await customerPage.locator('#headline').textContent();
    const minutes = Number(/^Your delivery is (\d+) min away$/.exec(headline ?? '')?.[1]);
    expect(minutes).toBeGreaterThanOrEqual(away[0] - 1);
    expect(minutes).toBeLessThanOrEqual(away[1]);
    expect(await customerPage.locator('#eta').getAttribute('datetime')).toBe(customer.eta);
    expect(await customerPage.locator('body').textContent()).not.toContain('truck-');
  });

  itWithBrowser('serves the JSON API and /metrics; the pages fetched nothing but their own origin and the tile server, and broke no policy', async () => {
    const vehicles = (await (await fetch(new URL('/api/vehicles', http.url))).json()) as StoredStatus[];
    expect(vehicles.map((v) => v.vehicleId).sort()).toEqual(['car-unplanned', 'truck-detour', 'truck-held']);
    expect(vehicles.every((v) => v.resume === undefined)).toBe(true);
    const trail = (await (await fetch(new URL('/api/vehicles/car-unplanned/trail', http.url))).json()) as { points: [number, number, number, number][] };
    // 601 positions over 10 minutes, one kept per 10 s (plus turns), ending at the last one.
    expect(trail.points.length).toBeGreaterThanOrEqual(60);
    expect(trail.points.length).toBeLessThan(601);
    expect(trail.points.at(-1)![0]).toBe(Date.parse(unplanned[600].time));

    // /metrics: the monitor's own and the live feed's; the process's only when the caller owns the process and hands them over.
    const sample = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    await until('the monitor to read every position produced', () => fleet.stats.positions === produced);
    const metrics = await fetch(new URL('/metrics', http.url));
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(sample(text, 'telematics_monitor_vehicles')).toBe(3);
    expect(sample(text, 'telematics_monitor_positions_total')).toBe(produced);
    expect(sample(text, 'telematics_monitor_alerts_total')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'telematics_monitor_live_pages')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'telematics_monitor_live_bytes_total')).toBeGreaterThan(0);
    expect(text).not.toMatch(/^(process|nodejs)_/m);
    const owned = await startFleetHttp(fleet, plan, 0, { tiles: null, processMetrics: processMetrics() });
    cleanups.push(() => owned.close());
    const ownedText = await (await fetch(new URL('/metrics', owned.url))).text();
    expect(sample(ownedText, 'telematics_monitor_vehicles')).toBe(3);
    expect(sample(ownedText, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(ownedText, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    const tileOrigin = new URL(tiles.template.replace(/\{\w\}/g, '0')).origin;
    expect(requests.filter((u) => !u.startsWith(http.url) && !u.startsWith(tileOrigin))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
