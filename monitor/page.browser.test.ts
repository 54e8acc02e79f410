import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { processMetrics } from '../common/metrics.js';
import { FLEET_HTTP_DEFAULTS, startFleetHttp } from './http.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import type { StoredStatus } from './status-store.js';
import { detourScenario, heldBackScenario, planDocument } from './scenarios.js';
import { loadTrips, tripRecords } from './trips.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { createKafka, uniqueName, waitFor } from './test-support.js';
import { TRACKER_DEFAULTS } from './vehicle-tracker.js';

/** Debian's chromium (apt-get install chromium); scripts/test.sh installs it. In CI a missing browser fails the test. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) process.stderr.write(`\nlive page browser test SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)\n`);

describeWithKafka('live fleet page in a real headless browser', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it.skipIf(!haveChromium && !process.env.CI)('shows every vehicle at its position, coloured by state, and moves them as positions arrive', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('page-test', brokers);
    const topic = uniqueName('page-positions');
    await createPositionsTopic(kafka, topic);
    const detour = detourScenario('truck-detour');
    const held = heldBackScenario('truck-held');
    const plan = parsePlan(planDocument([detour, held]));
    const trips = loadTrips();
    const unplanned = tripRecords(trips.get('C-trip07')!, 'car-unplanned');
    const name = uniqueName('page');
    const fleet = new FleetMonitor({
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
    const http = await startFleetHttp(fleet, plan, 0);
    cleanups.push(() => http.close());
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(http.url);
    await page.waitForSelector('polyline[data-route="truck-detour"]');
    expect(await page.locator('circle.vehicle').count()).toBe(0);

    const position = async (id: string) => ({
      cx: await page.locator(`circle[data-vehicle="${id}"]`).getAttribute('cx'),
      cy: await page.locator(`circle[data-vehicle="${id}"]`).getAttribute('cy'),
    });
    await producePositions(kafka, topic, [...detour.records.slice(0, 60), ...held.records.slice(0, 60), ...unplanned.slice(0, 60)]);
    for (const id of ['truck-detour', 'truck-held', 'car-unplanned']) await page.waitForSelector(`circle[data-vehicle="${id}"]`);
    const first = await position('truck-detour');
    await expect.poll(() => page.locator('tr[data-vehicle="truck-held"] td').nth(7).textContent()).toBe('end');

    // Further along: the detour truck has left its route (red), the held truck is predicted late (orange).
    await producePositions(kafka, topic, [...detour.records.slice(60, 720), ...held.records.slice(60, 1300), ...unplanned.slice(60, 600)]);
    await page.waitForSelector('circle[data-vehicle="truck-detour"].off-route', { timeout: 30_000 });
    await page.waitForSelector('circle[data-vehicle="truck-held"].late', { timeout: 30_000 });
    await waitFor('the unplanned car to move on', async () => (await page.locator('tr[data-vehicle="car-unplanned"] td').last().textContent()) === unplanned[599].time.slice(11, 19));
    const moved = await position('truck-detour');
    expect(moved).not.toEqual(first);
    expect(await page.locator('tr[data-vehicle="truck-detour"] td.state').textContent()).toBe('off-route');
    expect(Number(await page.locator('tr[data-vehicle="truck-detour"] td').nth(6).textContent())).toBeGreaterThan(plan.thresholds.deviationM);
    await expect.poll(() => page.locator('#alerts').textContent()).toContain('truck-detour  deviation-start');

    // The JSON API serves the same data.
    const vehicles = (await (await fetch(new URL('/api/vehicles', http.url))).json()) as StoredStatus[];
    expect(vehicles.map((v) => v.vehicleId).sort()).toEqual(['car-unplanned', 'truck-detour', 'truck-held']);
    expect(vehicles.every((v) => v.resume === undefined)).toBe(true);
    // The table reads the status fields (m/s and metres) and shows km/h and km; the car has received its last position.
    const car = vehicles.find((v) => v.vehicleId === 'car-unplanned')!;
    const carCells = page.locator('tr[data-vehicle="car-unplanned"] td');
    expect(car.position!.speed).toBeGreaterThan(0);
    expect(await carCells.nth(2).textContent()).toBe((car.position!.speed * 3.6).toFixed(1));
    expect(await carCells.nth(4).textContent()).toBe((car.trip!.avgSpeed! * 3.6).toFixed(1));
    expect(await carCells.nth(5).textContent()).toBe((car.distance / 1000).toFixed(2));
    const alerts = (await (await fetch(new URL('/api/alerts', http.url))).json()) as { type: string }[];
    expect(alerts.map((a) => a.type)).toContain('delay-predicted');

    // /metrics: the monitor's own; the process's only when the caller owns the process and hands them over.
    const sample = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    const metrics = await fetch(new URL('/metrics', http.url));
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(sample(text, 'telematics_monitor_vehicles')).toBe(3);
    expect(sample(text, 'telematics_monitor_positions_total')).toBeGreaterThanOrEqual(60 * 3 + 540);
    expect(sample(text, 'telematics_monitor_positions_total')).toBeLessThanOrEqual(fleet.stats.positions);
    expect(sample(text, 'telematics_monitor_alerts_total')).toBeGreaterThanOrEqual(2);
    expect(text).not.toMatch(/^(process|nodejs)_/m);
    const owned = await startFleetHttp(fleet, plan, 0, { ...FLEET_HTTP_DEFAULTS, processMetrics: processMetrics() });
    cleanups.push(() => owned.close());
    const ownedText = await (await fetch(new URL('/metrics', owned.url))).text();
    expect(sample(ownedText, 'telematics_monitor_vehicles')).toBe(3);
    expect(sample(ownedText, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(ownedText, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    await page.screenshot({ path: join(PACKAGE_ROOT, 'monitor', 'screenshot.png'), fullPage: true });
    // Nothing but the page's own origin was fetched (no tiles, fonts or scripts from elsewhere).
    expect(requests.every((u) => u.startsWith(http.url))).toBe(true);
  });
});
