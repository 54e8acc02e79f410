import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { getLogger } from '../common/logger.js';
import { sendMetrics, withProcessMetrics } from '../common/metrics.js';
import { DeliveryBook, loadLinkSecret } from './deliveries.js';
import type { PageConfig } from './live-contract.js';
import { type FleetSource, LIVE_FEED_DEFAULTS, LiveFeed, type ScoreSource } from './live-feed.js';
import { driverScoreView } from './score-view.js';
import type { Readiness } from './consumer-health.js';
import type { Plan } from './plan.js';
import type { StoredStatus } from './status-store.js';
import { TILE_DEFAULTS, tileCspSource, tileSource } from './tile-source.js';
import { TRAIL_DEFAULTS, TrailStore } from './trails.js';
import { TRACKER_DEFAULTS } from './vehicle-tracker.js';
import { WebAssets } from './web-assets.js';
import { mpsToKmh } from '../common/units.js';

export type { FleetSource } from './live-feed.js';

const log = getLogger('monitor.http');

export const FLEET_HTTP_DEFAULTS = {
  host: '127.0.0.1',
  /** Raster tiles of the map (`--tiles`); null: the offline basemap only. */
  tiles: tileSource(TILE_DEFAULTS.url) as PageConfig['tiles'],
  /** The fleet's time zone, shown with "today" (the trackers' dayTimeZone). */
  timeZone: TRACKER_DEFAULTS.dayTimeZone,
  /** The secret of the customers' tracking links (`--link-secret-file`); random when not given: links then last as long as the process. */
  linkSecret: undefined as Buffer | undefined,
  feed: LIVE_FEED_DEFAULTS,
  trails: TRAIL_DEFAULTS,
};

export type FleetHttpOptions = typeof FLEET_HTTP_DEFAULTS & { processMetrics?: Registry; assets?: WebAssets; scores?: ScoreSource };

/** The public view of a status: the resume data is the monitor's business. */
export function publicStatus(s: StoredStatus): Omit<StoredStatus, 'resume'> {
  const { resume: _resume, ...rest } = s;
  return rest;
}

/** /readyz: the positions consumer's readiness, then the events consumer's (its reason says which). */
export function readiness(fleet: Pick<FleetSource, 'readiness'>, scores?: Pick<ScoreSource, 'readiness'>): Readiness {
  const positions = fleet.readiness();
  if (!positions.ready || !scores) return positions;
  const events = scores.readiness();
  return events.ready ? events : { ready: false, reason: `driver scores (the driving-events consumer): ${events.reason ?? 'not ready'}` };
}

export function planGeoJson(plan: Plan): object {
  const features: object[] = [];
  for (const v of plan.vehicles.values()) {
    features.push({ type: 'Feature', properties: { vehicleId: v.vehicleId }, geometry: { type: 'LineString', coordinates: v.route.points.map((p) => [p.lon, p.lat]) } });
    for (const s of v.stops) {
      features.push({
        type: 'Feature',
        properties: { vehicleId: v.vehicleId, stopId: s.stopId, name: s.name, promisedAt: new Date(s.promisedAtMs).toISOString() },
        geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
      });
    }
  }
  for (const z of plan.speedZones) {
    features.push({ type: 'Feature', properties: { name: z.name, speedLimitKmh: Math.round(mpsToKmh(z.speedLimit)) }, geometry: { type: 'MultiPolygon', coordinates: z.polygons } });
  }
  return { type: 'FeatureCollection', features };
}

const ROUTES = [
  'GET / (the live map)',
  'GET /events',
  'GET /api/config',
  'GET /api/vehicles',
  'GET /api/vehicles/{id}/trail',
  'GET /api/alerts',
  'POST /api/alerts/{alertId}/ack',
  'GET /api/deliveries',
  'GET /api/driver-scores',
  'GET /api/plan',
  'GET /v1/deliveries/{token}',
  'GET /track/{token}',
  'GET /metrics',
  'GET /healthz',
  'GET /readyz',
];

/**
 * The dispatcher's live map and its API, and the customers' delivery view. Only
 * `/v1/deliveries/…` and `/track/…` are meant for customers: put those (and only those)
 * behind the public reverse proxy. GET /healthz: the process serves; GET /readyz: the
 * consumer runs and keeps up (503 with the reason if not).
 */
export async function startFleetHttp(
  source: FleetSource,
  plan: Plan,
  port: number,
  options: Partial<FleetHttpOptions> = {},
): Promise<{ server: Server; url: string; feed: LiveFeed; deliveries: DeliveryBook; close: () => Promise<void> }> {
  const o = { ...FLEET_HTTP_DEFAULTS, ...options };
  const assets = o.assets ?? new WebAssets();
  const deliveries = new DeliveryBook(plan, o.linkSecret ?? loadLinkSecret(undefined));
  const trails = new TrailStore(o.trails);
  const feed = new LiveFeed(source, plan, deliveries, trails, o.feed, o.scores ?? null);
  const metrics = withProcessMetrics(Registry.merge([source.metrics, feed.metrics, ...(o.scores ? [o.scores.metrics] : [])]), o.processMetrics);
  const pageConfig: PageConfig = { tiles: o.tiles, timeZone: o.timeZone };
  const pageCsp = [
    "default-src 'self'",
    `img-src 'self' data: ${tileCspSource(o.tiles)}`.trim(),
    "style-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  const json = (res: ServerResponse, body: unknown, status = 200): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what = 'not found'): void => json(res, { error: what }, 404);
  const asset = (res: ServerResponse, name: string, headers: Record<string, string> = {}): void => {
    const file = assets.get(name);
    if (!file) {
      if (name === 'index.html' || name === 'track.html') res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end(assets.missingHint);
      else notFound(res);
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', ...headers });
    res.end(file.body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const parts = path.split('/').slice(1).map((p) => decodeURIComponent(p));
    if (req.method === 'POST' && parts.length === 4 && parts[0] === 'api' && parts[1] === 'alerts' && parts[3] === 'ack') {
      // A cross-site form cannot send JSON without a CORS preflight, which is never granted here.
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        json(res, { error: 'send Content-Type: application/json' }, 415);
        return;
      }
      req.resume();
      const alert = feed.ack(parts[2]);
      if (alert) json(res, alert);
      else notFound(res, `no recent alert ${parts[2]}`);
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET, POST', 'content-type': 'text/plain' }).end('GET, or POST /api/alerts/{alertId}/ack\n');
      return;
    }
    if (path === '/') return asset(res, 'index.html', { 'content-security-policy': pageCsp });
    if (parts[0] === 'assets' && parts.length === 2) return asset(res, parts[1]);
    if (parts[0] === 'track' && parts.length === 2) {
      if (!deliveries.lookup(parts[1])) return notFound(res, 'no such delivery');
      return asset(res, 'track.html', { 'content-security-policy': "default-src 'self'; frame-ancestors 'none'", 'referrer-policy': 'no-referrer' });
    }
    if (parts[0] === 'v1' && parts[1] === 'deliveries' && parts.length === 3) {
      const found = deliveries.lookup(parts[2]);
      const view = found && deliveries.forCustomer(parts[2], feed.status(found.vehicleId), Date.now());
      return view ? json(res, view) : notFound(res, 'no such delivery');
    }
    if (parts[0] === 'api' && parts[1] === 'vehicles' && parts.length === 4 && parts[3] === 'trail') return json(res, trails.trail(parts[2]));
    switch (path) {
      case '/events':
        return feed.attach(req, res);
      case '/api/config':
        return json(res, pageConfig);
      case '/api/vehicles':
        return json(res, [...feed.vehicleIds()].map((id) => publicStatus(feed.status(id)!)));
      case '/api/alerts':
        return json(res, feed.alerts());
      case '/api/deliveries':
        return json(res, feed.allDeliveries());
      case '/api/driver-scores':
        return json(res, (o.scores?.all() ?? []).map(driverScoreView));
      case '/api/plan':
        return json(res, planGeoJson(plan));
      case '/metrics':
        return void sendMetrics(res, metrics);
      case '/healthz':
        return json(res, { status: 'ok' });
      case '/readyz': {
        const r = readiness(source, o.scores);
        return json(res, r.ready ? { status: 'ready' } : { status: 'not ready', reason: r.reason }, r.ready ? 200 : 503);
      }
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found; try:\n${ROUTES.join('\n')}\n`);
    }
  };
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      // A malformed %-escape in a path, mostly.
      if (!res.headersSent) json(res, { error: (err as Error).message }, 400);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, o.host, () => resolve());
  });
  const url = `http://${o.host}:${(server.address() as AddressInfo).port}/`;
  log.info({ url, tiles: o.tiles?.url ?? 'none' }, 'live fleet page listening');
  return {
    server,
    url,
    feed,
    deliveries,
    close: async () => {
      feed.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
