import type { Server } from 'node:http';
import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../cli/command.js';
import { getLogger } from '../common/logger.js';
import { AgentCore } from './agent-core.js';
import { AGENT_CONFIG_DEFAULTS, configFromEnv, readConfigFile, resolveAgentConfig, type AgentConfigInput } from './config.js';
import { formatDiag, runDiag } from './diag.js';
import { startMetricsServer } from './metrics.js';
import { SystemdNotifier } from './sd-notify.js';
import { SerialFixSource } from './serial-source.js';
import { STATUS_FILE_DEFAULTS, defaultStatusFile, writeStatusFile } from './status-file.js';

const log = getLogger('agent');

export interface AgentArgs {
  config?: string;
  serial?: string;
  baud?: string;
  gateway?: string;
  'vehicle-id'?: string;
  token?: string;
  'token-file'?: string;
  db?: string;
  'status-file'?: string;
  'every-fix'?: boolean;
  'metrics-port'?: number;
}

/** Runs the agent until SIGTERM/SIGINT: the process-level parts (signals, status file, systemd, metrics) live here, not in the core. */
export async function runAgent(argv: AgentArgs): Promise<void> {
  const configFile = argv.config ?? AGENT_CONFIG_DEFAULTS.configFile;
  const fromFile = readConfigFile(configFile, argv.config !== undefined);
  const fromFlags: AgentConfigInput = {
    serial: argv.serial,
    baud: argv.baud,
    gateway: argv.gateway,
    vehicleId: argv['vehicle-id'],
    token: argv.token,
    tokenFile: argv['token-file'],
    db: argv.db,
    statusFile: argv['status-file'],
    everyFix: argv['every-fix'] || undefined,
    metricsPort: argv['metrics-port'],
  };
  const config = resolveAgentConfig([fromFile, configFromEnv(process.env), fromFlags], { configFile });
  const source = new SerialFixSource({ path: config.serial, baud: config.baud });
  const core = new AgentCore({
    vehicleId: config.vehicleId,
    gateway: config.gateway,
    token: config.token,
    dbPath: config.db,
    source,
    sampler: { ...config.sampler, ...(config.everyFix && { everyFix: true }) },
    buffer: config.buffer,
    uploader: config.uploader,
  });
  const notifier = new SystemdNotifier();
  const timers: NodeJS.Timeout[] = [];
  let metrics: Server | undefined;

  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info({ signal }, 'shutting down');
      await notifier.stopping();
      for (const t of timers) clearInterval(t);
      metrics?.close();
      await core.stop();
      publish();
    })());
  const publish = (): void => {
    try {
      writeStatusFile(config.statusFile, core.status(), STATUS_FILE_DEFAULTS.intervalMs);
    } catch (err) {
      log.warn({ err: (err as Error).message, statusFile: config.statusFile }, 'cannot write the status file');
    }
  };

  const done = new Promise<void>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal).then(resolve));
  });
  await core.start();
  publish();
  timers.push(setInterval(publish, STATUS_FILE_DEFAULTS.intervalMs));
  if (config.metricsPort) metrics = await startMetricsServer(config.metricsPort, () => core.status());
  await notifier.ready(`recording ${config.vehicleId} from ${config.serial}`);
  if (notifier.watchdogIntervalMs) {
    timers.push(
      setInterval(() => {
        const health = core.health();
        // No ping while unhealthy: systemd's watchdog restarts a wedged agent.
        if (health.alive) void notifier.watchdog();
        else log.error({ problems: health.problems }, 'agent unhealthy: not feeding the watchdog');
      }, notifier.watchdogIntervalMs),
    );
  }
  process.stdout.write(`agent ${config.vehicleId}: ${config.serial} → ${config.db} (epoch ${core.buffer.epoch}) → ${config.gateway}\n`);
  await done;
}

export interface DiagArgs {
  db: string;
  'status-file'?: string;
  gateway?: string;
  'timeout-ms': number;
  json: boolean;
}

export async function runDiagCommand(argv: DiagArgs): Promise<void> {
  const report = await runDiag({
    db: argv.db,
    statusFile: argv['status-file'] ?? defaultStatusFile(argv.db),
    gateway: argv.gateway,
    gatewayTimeoutMs: argv['timeout-ms'],
  });
  process.stdout.write(argv.json ? JSON.stringify(report, null, 2) + '\n' : formatDiag(report));
  process.exitCode = report.exitCode;
}

export const agentCommands: TelematicsCommand[] = [
  {
    command: 'agent',
    describe: 'Run the in-vehicle agent: serial GPS → sampler → SQLite buffer → gateway (until SIGTERM)',
    builder: (y: Argv) =>
      y
        .option('config', { type: 'string', describe: `JSON config file (default ${AGENT_CONFIG_DEFAULTS.configFile} when it exists)` })
        .option('serial', { type: 'string', describe: 'GPS serial device, e.g. /dev/gps0 (TELEMATICS_SERIAL)' })
        .option('baud', { type: 'string', describe: 'Baud rate or "auto" (default 9600; TELEMATICS_BAUD)' })
        .option('gateway', { type: 'string', describe: 'Gateway base URL (TELEMATICS_GATEWAY)' })
        .option('vehicle-id', { type: 'string', describe: 'This vehicle\'s id at the gateway (TELEMATICS_VEHICLE_ID)' })
        .option('token', { type: 'string', describe: 'Bearer token from `telematics gateway add-device` (TELEMATICS_TOKEN)' })
        .option('token-file', { type: 'string', describe: 'File holding the token (TELEMATICS_TOKEN_FILE)' })
        .option('db', { type: 'string', describe: `SQLite buffer (default ${AGENT_CONFIG_DEFAULTS.db}; TELEMATICS_DB)` })
        .option('status-file', { type: 'string', describe: 'Live status for `telematics diag` (default $RUNTIME_DIRECTORY/agent-status.json, else <db>.status.json)' })
        .option('every-fix', { type: 'boolean', describe: 'Record every valid fix instead of sampling (TELEMATICS_EVERY_FIX)' })
        .option('metrics-port', { type: 'number', describe: 'Serve Prometheus metrics on 127.0.0.1:PORT/metrics (TELEMATICS_METRICS_PORT)' }),
    handler: (argv) => runAgent(argv as AgentArgs),
  },
  {
    command: 'diag',
    describe: 'Check the agent for a field technician: GPS, buffer, uplink (exit 0 healthy, 1 degraded, 2 failing)',
    builder: (y: Argv) =>
      y
        .option('db', { type: 'string', describe: 'The agent\'s buffer', default: process.env.TELEMATICS_DB ?? AGENT_CONFIG_DEFAULTS.db })
        .option('status-file', { type: 'string', describe: 'The running agent\'s status file (default: as the agent chooses)' })
        .option('gateway', { type: 'string', describe: 'Gateway to check (default: the running agent\'s)' })
        .option('timeout-ms', { type: 'number', default: 3000, describe: 'Gateway check timeout' })
        .option('json', { type: 'boolean', default: false, describe: 'Machine-readable report (schema in agent/README.md)' }),
    handler: (args) => runDiagCommand(args as unknown as DiagArgs),
  },
];
