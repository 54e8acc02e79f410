import { writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { readSpeedZones } from '../agent/config.js';
import type { TelematicsCommand } from '../cli/command.js';
import { parseDurationMs } from '../common/duration.js';
import { UserError } from '../common/errors.js';
import { PACKAGE_ROOT } from '../common/paths.js';
import type { SpeedZone } from '../protocol/speed-zones.js';
import { DRIVING_CHOICES, parseDrivingChoice } from './driving-profiles.js';
import { readFaultSchedule } from './faults.js';
import { FLEET_DEFAULTS, type BufferMode } from './fleet.js';
import { LOCAL_GATEWAY, runSimulation } from './simulation.js';
import { parseShard } from './shard.js';
import { formatSummary } from './summary.js';
import { defaultTripPaths } from './trip-files.js';

function speedZonesFromFile(file: string): SpeedZone[] {
  const read = readSpeedZones(file);
  if ('problem' in read) throw new UserError(`--speed-zones-file: ${read.problem}`, 'See monitor/README.md, "Speed zones".');
  return read.zones;
}

const simCommand: TelematicsCommand = {
  command: 'sim',
  describe: 'Drive a fleet of virtual trucks, each running the real agent core, against a gateway; live view, report, Kafka verification',
  builder: (y: Argv) =>
    y
      .option('trucks', { type: 'number', default: 10, describe: 'Trucks in the whole fleet (all shards)' })
      .option('trips', { type: 'string', array: true, describe: 'Trip files or directories: ndsbr CSV, truck pings CSV, GPX, NMEA captures (default: the real trips in ../shared/data/trips)' })
      .option('gateway', { type: 'string', default: LOCAL_GATEWAY, describe: `Gateway base URL, or '${LOCAL_GATEWAY}' to start one in this process` })
      .option('speedup', { type: 'number', default: FLEET_DEFAULTS.speedup, describe: 'Simulated seconds per wall second (the agents\' clock runs this much faster)' })
      .option('duration', { type: 'string', describe: 'Simulated driving time, e.g. 1h, 90m (required with --speedup > 1; else until Ctrl-C)' })
      .option('report', { type: 'string', describe: 'Write the JSON report here (schema in simulator/README.md)' })
      .option('verify', { type: 'boolean', default: false, describe: 'Read the run\'s positions back from Kafka: unique, missing, duplicates' })
      .option('faults', { type: 'string', describe: 'Fault schedule JSON (simulator/README.md)' })
      .option('driving', { type: 'string', default: 'recorded', describe: `How the drivers drive their trips: ${DRIVING_CHOICES.join(', ')} (mixed: a spread of profiles; simulator/README.md)` })
      .option('speed-zones-file', { type: 'string', describe: 'GeoJSON speed zones every truck\'s agent judges speeding against (as the agent\'s --speed-zones-file; a plan file will do)' })
      .option('pty-trucks', { type: 'number', default: 0, describe: 'The first K trucks (of this shard) feed their agent NMEA over a real PTY: serial port → hw/nmea → fixes' })
      .option('shard', { type: 'string', default: '1/1', describe: 'Drive only shard i of n of the fleet (1-based), e.g. 2/4' })
      .option('json', { type: 'boolean', default: false, describe: 'Machine-readable: progress as JSON lines, then the report as one JSON line' })
      .option('registry', { type: 'string', describe: 'Registry file of the gateway on this machine: the trucks are registered in it' })
      .option('credentials', { type: 'string', describe: 'Credentials file {"vehicles":[{"vehicleId","token"}]} for a remote gateway (truck number = index)' })
      .option('buffer', { choices: ['sqlite', 'memory'] as const, default: FLEET_DEFAULTS.buffer, describe: 'sqlite: a real SQLite file per truck; memory: in-memory SQLite (no files, no restarts)' })
      .option('buffer-dir', { type: 'string', describe: 'Directory for the per-truck SQLite files (default: a fresh one under /dev/shm, removed after a clean run)' })
      .option('vehicle-prefix', { type: 'string', default: 'sim', describe: 'Vehicle ids are PREFIX-00001…' })
      .option('kafka-dir', { type: 'string', describe: 'Local broker directory (telematics kafka up --dir) that kafka-stop faults stop and restart' })
      .option('drain-timeout', { type: 'string', default: `${FLEET_DEFAULTS.drainTimeoutMs / 1000}s`, describe: 'Wall time the trucks get to upload their backlog after the drive' })
      .conflicts('registry', 'credentials'),
  handler: async (argv) => {
    const speedup = argv.speedup as number;
    const durationMs = argv.duration === undefined ? undefined : parseDurationMs(argv.duration as string);
    const view = argv.json ? 'json' : process.stdout.isTTY ? 'tty' : 'lines';
    if (argv.gateway !== LOCAL_GATEWAY && !argv.registry && !argv.credentials) {
      throw new UserError(`The trucks need credentials for ${argv.gateway as string}.`, 'Pass the gateway\'s --registry FILE (same machine) or a --credentials FILE.');
    }
    let stopRequests = 0;
    const report = await runSimulation({
      trucks: argv.trucks as number,
      tripPaths: (argv.trips as string[] | undefined) ?? defaultTripPaths(PACKAGE_ROOT),
      gateway: argv.gateway as string,
      speedup,
      durationMs,
      shard: parseShard(argv.shard as string),
      faults: argv.faults ? readFaultSchedule(argv.faults as string) : undefined,
      driving: parseDrivingChoice(argv.driving as string),
      ...(argv['speed-zones-file'] && { core: { speedZones: speedZonesFromFile(argv['speed-zones-file'] as string) } }),
      buffer: argv.buffer as BufferMode,
      bufferDir: argv['buffer-dir'] as string | undefined,
      registryFile: argv.registry as string | undefined,
      credentialsFile: argv.credentials as string | undefined,
      vehiclePrefix: argv['vehicle-prefix'] as string,
      verify: argv.verify as boolean,
      kafkaDir: argv['kafka-dir'] as string | undefined,
      drainTimeoutMs: parseDurationMs(argv['drain-timeout'] as string, '--drain-timeout'),
      ptyTrucks: argv['pty-trucks'] as number,
      view,
      out: process.stdout,
      onFleet: (fleet) => {
        // First Ctrl-C ends the drive and drains; a second one exits at once.
        process.on('SIGINT', () => {
          if (++stopRequests > 1) process.exit(130);
          process.stderr.write('\nstopping: draining the trucks\' buffers (Ctrl-C again to quit at once)\n');
          fleet.stop();
        });
      },
    });
    if (argv.report) writeFileSync(argv.report as string, JSON.stringify(report, null, 1) + '\n');
    if (argv.json) {
      process.stdout.write(JSON.stringify({ type: 'report', ...report, ...(argv.report ? { trucks: undefined, trucksIn: argv.report } : {}) }) + '\n');
    } else {
      process.stdout.write('\n' + formatSummary(report) + '\n');
      if (argv.report) process.stdout.write(`report: ${argv.report as string}\n`);
    }
    process.exitCode = report.ok ? 0 : 1;
  },
};

export const simulatorCommands: TelematicsCommand[] = [simCommand];
