import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { getLogger } from '../common/logger.js';
import { sendMetrics, withProcessMetrics } from '../common/metrics.js';
import type { Readiness } from './consumer-health.js';
import type { Plan } from './plan.js';
import { FLEET_PAGE_HTML } from './page.js';
import type { StoredStatus } from './status-store.js';
import type { Alert } from './vehicle-tracker.js';

const log = getLogger('monitor.http');

export const FLEET_HTTP_DEFAULTS = {
  host: '127.0.0.1',
  /** Live updates are coalesced to at most one push per this period. */
  pushIntervalMs: 500,
  /** A comment line keeps idle event streams open through proxies. */
  keepAliveMs: 15_000,
};

/** What the page shows: the monitor, or anything that can answer the same questions. */
export interface FleetSource {
  vehicles(): StoredStatus[];
  alerts(): Alert[];
  /** Prometheus metrics, served on /metrics. */
  readonly metrics: Registry;
  /** Served on /readyz: 200 when ready, 503 with the reason when not. */
  readiness(): Readiness;
  on(event: 'update', listener: (vehicleIds: string[]) => void): unknown;
  on(event: 'alert', listener: (alert: Alert) => void): unknown;
}

/** The public view of a status: the resume data is the monitor's business. */
export function publicStatus(s: StoredStatus): Omit<StoredStatus, 'resume'> {
  const { resume: _resume, ...rest } = s;
  return rest;
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
  return { type: 'FeatureCollection', features };
}

/**
 * The live fleet page: GET / (HTML with an inline SVG projection, no external assets),
 * GET /events (server-sent events: `snapshot` with every vehicle and the recent alerts),
 * GET /api/vehicles, /api/alerts, /api/plan (JSON), GET /metrics (Prometheus; with the
 * process's metrics when the caller owns the process and hands them over), GET /healthz (the
 * process serves) and GET /readyz (the consumer runs and keeps up: 503 with the reason if not).
 */
export async function startFleetHttp(
  source: FleetSource,
  plan: Plan,
  port: number,
  options: typeof FLEET_HTTP_DEFAULTS & { processMetrics?: Registry } = FLEET_HTTP_DEFAULTS,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const metrics = withProcessMetrics(source.metrics, options.processMetrics);
  const streams = new Set<ServerResponse>();
  const snapshot = (): string => JSON.stringify({ vehicles: source.vehicles().map(publicStatus), alerts: source.alerts() });
  let pushTimer: NodeJS.Timeout | null = null;
  const schedulePush = (): void => {
    if (pushTimer || streams.size === 0) return;
    pushTimer = setTimeout(() => {
      pushTimer = null;
      const data = `event: snapshot\ndata: ${snapshot()}\n\n`;
      for (const res of streams) res.write(data);
    }, options.pushIntervalMs);
  };
  source.on('update', schedulePush);
  source.on('alert', schedulePush);
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, options.keepAliveMs);

  const json = (res: ServerResponse, body: unknown, status = 200): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('only GET\n');
      return;
    }
    switch (path) {
      case '/':
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
        });
        res.end(FLEET_PAGE_HTML);
        return;
      case '/events':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`event: snapshot\ndata: ${snapshot()}\n\n`);
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      case '/api/vehicles':
        json(res, source.vehicles().map(publicStatus));
        return;
      case '/api/alerts':
        json(res, source.alerts());
        return;
      case '/api/plan':
        json(res, planGeoJson(plan));
        return;
      case '/metrics':
        void sendMetrics(res, metrics);
        return;
      case '/healthz':
        json(res, { status: 'ok' });
        return;
      case '/readyz': {
        const r = source.readiness();
        json(res, r.ready ? { status: 'ready' } : { status: 'not ready', reason: r.reason }, r.ready ? 200 : 503);
        return;
      }
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /, /api/vehicles, /api/alerts, /api/plan, /events, /metrics, /healthz, /readyz\n');
    }
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host, () => resolve());
  });
  const url = `http://${options.host}:${(server.address() as AddressInfo).port}/`;
  log.info({ url }, 'live fleet page listening');
  return {
    server,
    url,
    close: async () => {
      clearInterval(keepAlive);
      if (pushTimer) clearTimeout(pushTimer);
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
