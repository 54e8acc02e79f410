import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../cli/command.js';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { processMetrics } from '../common/metrics.js';
import { HISTORY_DEFAULTS, historyCsv, historyGeoJson, readHistory } from './history.js';
import { loadLinkSecret } from './deliveries.js';
import { startFleetHttp } from './http.js';
import { MONITOR_DEFAULTS, FleetMonitor } from './monitor.js';
import { DriverScoreKeeper, SCORE_KEEPER_DEFAULTS } from './score-keeper.js';
import { EMPTY_PLAN, loadPlan } from './plan.js';
import { TILE_DEFAULTS, tileSource } from './tile-source.js';
import { TRACKER_DEFAULTS } from './vehicle-tracker.js';

const log = getLogger('monitor.cli');

function brokersOf(value: unknown): string[] | undefined {
  const list = String(value ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

function timeOf(name: string, value: unknown): number {
  const ms = typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw new UserError(`--${name} ${String(value)} is not a time.`, 'Give an ISO-8601 time such as 2026-11-24T10:00:00Z.');
  return ms;
}

function validTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new UserError(`--time-zone ${zone} is not a time zone.`, 'Give an IANA name such as America/Sao_Paulo or UTC.');
  }
}

const monitor: TelematicsCommand = {
  command: 'monitor',
  describe: 'Consume vehicle positions: per-vehicle state, route deviation and delivery delay alerts, compacted status, optional live page',
  builder: (y: Argv) =>
    y
      .option('brokers', { type: 'string', describe: 'Kafka bootstrap servers host:port[,…] (default: KAFKA_BROKERS, else the local broker)' })
      .option('group', { type: 'string', default: MONITOR_DEFAULTS.groupId, describe: 'Consumer group: run more instances with the same group to share the partitions' })
      .option('plan', { type: 'string', describe: 'Plan file (GeoJSON routes and delivery stops per vehicle, see monitor/README.md)' })
      .option('http', { type: 'number', describe: 'Serve the live fleet page and JSON API on 127.0.0.1:PORT (0 = any free port)' })
      .option('topic', { type: 'string', default: MONITOR_DEFAULTS.positionsTopic, describe: 'Positions topic' })
      .option('alerts-topic', { type: 'string', default: MONITOR_DEFAULTS.alertsTopic, describe: 'Alerts topic (created if missing)' })
      .option('status-topic', { type: 'string', default: MONITOR_DEFAULTS.statusTopic, describe: 'Compacted status topic (created if missing); state is restored from it at start-up' })
      .option('dead-letter-topic', {
        type: 'string',
        default: MONITOR_DEFAULTS.deadLetterTopic,
        describe: 'Where records that are not position records go, as they were, with why and where from in dlq-* headers (created if missing)',
      })
      .option('events-topic', { type: 'string', default: SCORE_KEEPER_DEFAULTS.eventsTopic, describe: 'Driving-events topic the driver scores are counted from (created if missing)' })
      .option('scores-topic', { type: 'string', default: SCORE_KEEPER_DEFAULTS.scoresTopic, describe: 'Compacted driver-scores topic (created if missing); scores are restored from it at start-up' })
      .option('events-dead-letter-topic', { type: 'string', default: SCORE_KEEPER_DEFAULTS.deadLetterTopic, describe: 'Where records of the events topic that are not event records go (created if missing)' })
      .option('from-beginning', { type: 'boolean', default: MONITOR_DEFAULTS.fromBeginning, describe: 'A new group reads the positions topic from its beginning (else from its end)' })
      .option('reorder-window-ms', { type: 'number', default: TRACKER_DEFAULTS.reorderWindowMs, describe: 'Fix-time window within which out-of-order positions are put back in order' })
      .option('no-data-ms', { type: 'number', default: MONITOR_DEFAULTS.noDataMs, describe: 'Silence after which a vehicle gets a no-data alert' })
      .option('tiles', { type: 'string', default: TILE_DEFAULTS.url, describe: 'Map tiles of the live page: an XYZ URL template ({z}/{x}/{y}), or none for the offline basemap only' })
      .option('tiles-attribution', { type: 'string', describe: "The tile provider's required attribution (HTML); OpenStreetMap's for the default tiles" })
      .option('tiles-max-zoom', { type: 'number', default: TILE_DEFAULTS.maxZoom, describe: 'Highest zoom level the tile server serves' })
      .option('time-zone', { type: 'string', default: TRACKER_DEFAULTS.dayTimeZone, describe: 'The fleet\'s IANA time zone: where "distance today" starts' })
      .option('link-secret-file', { type: 'string', describe: "Secret (≥ 32 bytes) of the customers' delivery links; without it links change at every restart" }),
  handler: async (argv) => {
    const plan = argv.plan ? loadPlan(argv.plan as string) : EMPTY_PLAN;
    if (argv['reorder-window-ms'] < 0) throw new UserError('--reorder-window-ms must be ≥ 0.');
    const tiles = tileSource(argv.tiles, argv['tiles-attribution'], argv['tiles-max-zoom']);
    const timeZone = validTimeZone(argv['time-zone']);
    const linkSecret = loadLinkSecret(argv['link-secret-file']);
    const fleet = new FleetMonitor({
      brokers: brokersOf(argv.brokers),
      groupId: argv.group,
      plan,
      positionsTopic: argv.topic,
      alertsTopic: argv['alerts-topic'],
      statusTopic: argv['status-topic'],
      deadLetterTopic: argv['dead-letter-topic'],
      fromBeginning: argv['from-beginning'],
      noDataMs: argv['no-data-ms'],
      tracker: { ...TRACKER_DEFAULTS, reorderWindowMs: argv['reorder-window-ms'], dayTimeZone: timeZone },
    });
    await fleet.start();
    const scores = new DriverScoreKeeper(fleet, { eventsTopic: argv['events-topic'], scoresTopic: argv['scores-topic'], deadLetterTopic: argv['events-dead-letter-topic'] });
    await scores.start();
    // This process is the monitor: its /metrics carries the process's own metrics too.
    const http = argv.http !== undefined ? await startFleetHttp(fleet, plan, argv.http as number, { tiles, timeZone, linkSecret, processMetrics: processMetrics(), scores }) : null;
    process.stdout.write(`monitor: group ${argv.group} on ${argv.topic}, ${plan.vehicles.size} planned vehicles${http ? `, live page ${http.url}` : ''}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    log.info('stopping');
    await http?.close();
    await scores.stop();
    await fleet.stop();
    process.stdout.write(`monitor: stopped after ${fleet.stats.positions} positions, ${fleet.stats.alerts} alerts, ${fleet.stats.invalid} records sent to ${argv['dead-letter-topic']}\n`);
    process.stdout.write(`monitor: ${scores.stats.counted} driving events counted, ${scores.stats.alerts} severe-driving alerts, ${scores.stats.invalid} records sent to ${argv['events-dead-letter-topic']}\n`);
  },
};

const history: TelematicsCommand = {
  command: 'history <vehicle>',
  describe: "Read a vehicle's track between two fix times back from the positions topic (exit 1 when none)",
  builder: (y: Argv) =>
    y
      .positional('vehicle', { type: 'string', describe: 'Vehicle id (the record key)' })
      .option('from', { type: 'string', demandOption: true, describe: 'First fix time, ISO-8601' })
      .option('to', { type: 'string', demandOption: true, describe: 'Last fix time, ISO-8601' })
      .option('format', { choices: ['geojson', 'csv'] as const, default: 'geojson' as const, describe: 'Output on stdout' })
      .option('topic', { type: 'string', default: HISTORY_DEFAULTS.topic, describe: 'Positions topic' })
      .option('brokers', { type: 'string', describe: 'Kafka bootstrap servers (default: KAFKA_BROKERS, else the local broker)' })
      .option('max-delay-hours', { type: 'number', default: HISTORY_DEFAULTS.maxDelayMs / 3_600_000, describe: 'How late a fix may have reached Kafka (backlog)' }),
  handler: async (argv) => {
    const fromMs = timeOf('from', argv.from);
    const toMs = timeOf('to', argv.to);
    if (toMs < fromMs) throw new UserError('--to is before --from.');
    const { records, skipped } = await readHistory({
      vehicleId: argv.vehicle,
      fromMs,
      toMs,
      topic: argv.topic,
      brokers: brokersOf(argv.brokers),
      maxDelayMs: argv['max-delay-hours'] * 3_600_000,
    });
    process.stdout.write(argv.format === 'csv' ? historyCsv(records) : JSON.stringify(historyGeoJson(argv.vehicle, records)) + '\n');
    const skippedTotal = Object.values(skipped).reduce((sum, n) => sum + n, 0);
    if (skippedTotal > 0) {
      const reasons = Object.entries(skipped).map(([reason, n]) => `${n} ${reason}`).join(', ');
      process.stderr.write(`skipped ${skippedTotal} record(s) of ${argv.vehicle} that are not position records (${reasons}); the log names their offsets\n`);
    }
    if (records.length === 0) {
      process.stderr.write(`no positions of ${argv.vehicle} between ${argv.from} and ${argv.to} in ${argv.topic}\n`);
      process.exitCode = 1;
    }
  },
};

export const monitorCommands: TelematicsCommand[] = [monitor, history];
