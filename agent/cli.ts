import type { Server } from 'node:http';
import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../cli/command.js';
import { getLogger } from '../common/logger.js';
import { AgentCore } from './agent-core.js';
import { loadAgentConfig, loadDiagOptions, type FlagValues } from './config.js';
import { formatDiag, runDiag } from './diag.js';
import { startMetricsServer } from './metrics.js';
import { SystemdNotifier } from './sd-notify.js';
import { QUARANTINE_ACTIONS, runQuarantineCommand } from './quarantine.js';
import { SerialFixSource } from './serial-source.js';
import { withYargsOptions } from './setting-sources.js';
import { AGENT_SETTINGS, CONFIG_FLAG, DIAG_SETTINGS, QUARANTINE_SETTINGS } from './settings.js';
import { STATUS_FILE_DEFAULTS, writeStatusFile } from './status-file.js';

const log = getLogger('agent');

/** Runs the agent until SIGTERM/SIGINT: the process-level parts (signals, status file, systemd, metrics) live here, not in the core. */
export async function runAgent(flags: FlagValues): Promise<void> {
  const config = loadAgentConfig(flags, process.env);
  const source = new SerialFixSource({ path: config.serial, baud: config.baud });
  const core = new AgentCore({
    vehicleId: config.vehicleId,
    gateway: config.gateway,
    token: config.token,
    gatewayCa: config.gatewayCa?.pem,
    dbPath: config.db,
    source,
    plausibility: config.plausibility,
    driving: config.driving,
    speedZones: config.speedZones,
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
      writeStatusFile(config.statusFile, core.status(), STATUS_FILE_DEFAULTS.intervalMs, config.settingsFrom);
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

export async function runDiagCommand(flags: FlagValues): Promise<void> {
  const options = loadDiagOptions(flags, process.env);
  const report = await runDiag({
    db: options.db,
    statusFile: options.statusFile,
    gateway: options.gateway,
    gatewayFrom: options.gatewayFrom,
    gatewayCa: options.gatewayCa?.pem,
    ...(options.gatewayCa && { gatewayCaFrom: `diag flag --ca-file ${options.gatewayCa.file}` }),
    gatewayTimeoutMs: options.timeoutMs,
  });
  process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : formatDiag(report));
  process.exitCode = report.exitCode;
}

/** `telematics agent|diag`: the flags come from the one declaration (agent/settings.ts), as for the lean main.js. */
export const agentCommands: TelematicsCommand[] = [
  {
    command: 'agent',
    describe: 'Run the in-vehicle agent: serial GPS → sampler → SQLite buffer → gateway (until SIGTERM)',
    builder: (y: Argv) =>
      withYargsOptions(y, { ...CONFIG_FLAG, ...AGENT_SETTINGS }).command(
        `quarantine <action>`,
        `List the positions the gateway refused (${QUARANTINE_ACTIONS.join('|')}), or send them again after the fix, with their seq and epoch`,
        (q: Argv) => withYargsOptions(q.positional('action', { choices: QUARANTINE_ACTIONS, describe: 'list: what is held and why; resend: back into the send queue' }), QUARANTINE_SETTINGS),
        (argv) => runQuarantineCommand(String(argv.action), argv as FlagValues),
      ),
    handler: (argv) => runAgent(argv as FlagValues),
  },
  {
    command: 'diag',
    describe: 'Check the agent for a field technician: GPS, buffer, uplink (exit 0 healthy, 1 degraded, 2 failing)',
    builder: (y: Argv) => withYargsOptions(y, DIAG_SETTINGS),
    handler: (argv) => runDiagCommand(argv as FlagValues),
  },
];
