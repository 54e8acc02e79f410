import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../cli/command.js';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { GATEWAY_DEFAULTS } from './config.js';
import { formatDuration, parseDurationMs } from '../common/duration.js';
import { numberedVehicleIds, provisionDevices, vehicleIdsFromCsv } from './provisioning.js';
import { addDevice, readRegistryFile, REGISTRY_DEFAULTS, revokeDevice, rotateDevice, tokenStates } from './registry.js';

const log = getLogger('gateway');

const registryOption = {
  type: 'string',
  default: GATEWAY_DEFAULTS.registryFile,
  describe: 'Device registry file (JSON, token hashes only)',
} as const;

function readTlsFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UserError(`Cannot read the TLS ${what} ${file}: ${(err as Error).message}`, 'Give PEM files readable by this user.');
  }
}

const addDeviceCommand: TelematicsCommand = {
  command: 'add-device <vehicle-id>',
  describe: 'Register a vehicle and print its bearer token (shown once; only its hash is stored)',
  builder: (y: Argv) =>
    y.positional('vehicle-id', { type: 'string', describe: 'Vehicle id (1–64 of A-Z a-z 0-9 . _ : -)' }).option('registry', registryOption).option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print {"vehicleId","token"} as JSON',
    }),
  handler: (argv) => {
    const vehicleId = String(argv['vehicle-id']);
    const token = addDevice(argv.registry, vehicleId);
    if (argv.json) process.stdout.write(JSON.stringify({ vehicleId, token }) + '\n');
    else {
      process.stderr.write(`Vehicle ${vehicleId} registered in ${argv.registry}. Its token follows; it is not stored and cannot be shown again.\n`);
      process.stdout.write(`${token}\n`);
    }
  },
};

const revokeDeviceCommand: TelematicsCommand = {
  command: 'revoke-device <vehicle-id>',
  describe: 'Revoke the tokens of a vehicle (a running gateway answers 403 without restart). Exit 1 if it had none',
  builder: (y: Argv) => y.positional('vehicle-id', { type: 'string', describe: 'Vehicle id' }).option('registry', registryOption),
  handler: (argv) => {
    const vehicleId = String(argv['vehicle-id']);
    const revoked = revokeDevice(argv.registry, vehicleId);
    process.stdout.write(revoked ? `Revoked ${revoked} token(s) of ${vehicleId}.\n` : `Vehicle ${vehicleId} has no active token in ${argv.registry}.\n`);
    process.exitCode = revoked ? 0 : 1;
  },
};

const addDevicesCommand: TelematicsCommand = {
  command: 'add-devices',
  describe: 'Register many vehicles at once and write each one a bundle for its SD card (agent.json with the gateway URL and vehicle id, token file 0600)',
  builder: (y: Argv) =>
    y
      .option('csv', { type: 'string', describe: 'CSV file with a vehicle_id column (or one vehicle id per line)' })
      .option('count', { type: 'number', describe: 'Number of vehicles named --prefix-00001, --prefix-00002, …' })
      .option('prefix', { type: 'string', describe: 'Vehicle id prefix for --count' })
      .option('first', { type: 'number', default: 1, describe: 'First number for --count' })
      .option('gateway-url', { type: 'string', demandOption: true, describe: 'The gateway URL the trucks reach, written into each agent.json' })
      .option('out', { type: 'string', demandOption: true, describe: 'Folder for the bundles: one subfolder per vehicle, laid out as the truck\'s root file system' })
      .option('registry', registryOption)
      .option('json', { type: 'boolean', default: false, describe: 'Print {"registryFile","outDir","vehicles":[{"vehicleId","bundle"}]}' })
      .conflicts('csv', ['count', 'prefix'])
      .check((argv) => {
        if (argv.csv === undefined && argv.count === undefined) throw new Error('Give --csv FILE, or --count N with --prefix P.');
        if (argv.count !== undefined && argv.prefix === undefined) throw new Error('--count needs --prefix.');
        return true;
      })
      .epilogue('Copy a bundle onto its truck\'s SD card root partition, as root, keeping the modes: sudo cp -r --preserve=mode OUT/truck-42/. /media/rootfs/'),
  handler: (argv) => {
    const vehicleIds = argv.csv !== undefined ? vehicleIdsFromCsv(argv.csv as string) : numberedVehicleIds(argv.prefix as string, argv.count as number, argv.first as number);
    const result = provisionDevices({ registryFile: argv.registry, vehicleIds, gateway: argv['gateway-url'] as string, outDir: argv.out as string });
    if (argv.json) process.stdout.write(JSON.stringify(result) + '\n');
    else process.stdout.write(`Registered ${result.vehicles.length} vehicle(s) in ${result.registryFile}; a bundle each in ${result.outDir}/<vehicle-id>/ (etc/telematics/agent.json, etc/telematics/token).\n`);
  },
};

const rotateDeviceCommand: TelematicsCommand = {
  command: 'rotate-device <vehicle-id>',
  describe: 'Give a vehicle a new token; the old one stays valid until the new one is used or --overlap ends',
  builder: (y: Argv) =>
    y
      .positional('vehicle-id', { type: 'string', describe: 'Vehicle id' })
      .option('overlap', { type: 'string', default: formatOverlap(REGISTRY_DEFAULTS.rotationOverlapMs), describe: 'How long the old token stays valid at most (e.g. 12h, 7d)' })
      .option('registry', registryOption)
      .option('json', { type: 'boolean', default: false, describe: 'Print {"vehicleId","token","oldValidUntil"} as JSON' }),
  handler: (argv) => {
    const vehicleId = String(argv['vehicle-id']);
    const rotation = rotateDevice(argv.registry, vehicleId, parseDurationMs(argv.overlap as string, '--overlap'));
    if (argv.json) process.stdout.write(JSON.stringify({ vehicleId, token: rotation.token, oldValidUntil: rotation.oldValidUntil }) + '\n');
    else {
      process.stderr.write(
        `Vehicle ${vehicleId} has a new token; its old one stays valid until the new one is used, at most until ${rotation.oldValidUntil} (${formatDuration(Date.parse(rotation.oldValidUntil) - Date.now())}). Put the new token on the truck; it is not stored and cannot be shown again.\n`,
      );
      process.stdout.write(`${rotation.token}\n`);
    }
  },
};

function formatOverlap(ms: number): string {
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : `${ms / 1000}s`;
}

const listDevicesCommand: TelematicsCommand = {
  command: 'list-devices',
  describe: 'List registered tokens and their state: active, revoked, expired or replaced (by a rotation)',
  builder: (y: Argv) => y.option('registry', registryOption).option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' }),
  handler: (argv) => {
    const entries = readRegistryFile(argv.registry).devices;
    const states = tokenStates(entries, Date.now());
    const devices = entries.map((d) => ({
      vehicleId: d.vehicleId,
      createdAt: d.createdAt,
      ...(d.revokedAt && { revokedAt: d.revokedAt }),
      ...(d.expiresAt && { expiresAt: d.expiresAt }),
      ...(d.firstUsedAt && { firstUsedAt: d.firstUsedAt }),
      status: states.get(d)!,
    }));
    if (argv.json) process.stdout.write(JSON.stringify(devices) + '\n');
    else if (devices.length === 0) process.stdout.write(`No devices in ${argv.registry}.\n`);
    else {
      for (const d of devices) {
        const note = d.revokedAt ? `\trevoked ${d.revokedAt}` : d.status === 'active' && d.expiresAt ? `\tuntil ${d.expiresAt} (rotating)` : d.expiresAt ? `\tvalid until ${d.expiresAt}` : '';
        process.stdout.write(`${d.vehicleId}\t${d.status}\t${d.createdAt}${note}\n`);
      }
    }
  },
};

async function runGateway(argv: Record<string, unknown>): Promise<void> {
  if ((argv['tls-cert'] === undefined) !== (argv['tls-key'] === undefined)) {
    throw new UserError('--tls-cert and --tls-key go together.', 'Give both to terminate TLS here, or neither to serve plain HTTP behind a TLS proxy.');
  }
  // Loaded here, not at the top: the device commands (add-devices: a thousand trucks in one process) need neither kafkajs nor prom-client.
  const [{ GatewayServer }, { processMetrics }] = await Promise.all([import('./server.js'), import('../common/metrics.js')]);
  const gateway = new GatewayServer({
    host: argv.host as string,
    port: argv.port as number,
    registryFile: argv.registry as string,
    topic: argv.topic as string,
    eventsTopic: argv['events-topic'] as string,
    replicas: argv.replicas as 'many' | 'one',
    // This process is the gateway: its /metrics carries the process's own metrics too.
    processMetrics: processMetrics(),
    ...(argv['tls-cert'] !== undefined && {
      tls: { cert: readTlsFile(argv['tls-cert'] as string, 'certificate'), key: readTlsFile(argv['tls-key'] as string, 'key') },
    }),
  });
  let url: string;
  try {
    url = await gateway.start();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError(`Port ${String(argv.port)} on ${String(argv.host)} is already in use.`, 'Stop the other process or choose another --port.');
    }
    throw err;
  }
  if (gateway.registry.size === 0) log.warn({ registry: argv.registry }, "no devices registered; add one with 'telematics gateway add-device VEHICLE_ID'");
  process.stdout.write(`${url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping');
      gateway.stop().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

export const gatewayCommands: TelematicsCommand[] = [
  {
    command: 'gateway',
    describe: 'Run the HTTP gateway (POST /v1/positions → Kafka), or manage its devices',
    builder: (y: Argv) =>
      y
        .command(addDeviceCommand)
        .command(revokeDeviceCommand)
        .command(addDevicesCommand)
        .command(rotateDeviceCommand)
        .command(listDevicesCommand)
        // The server's own flags: not global, so the device commands' --help does not list them.
        .options({
          port: { type: 'number', default: GATEWAY_DEFAULTS.port, describe: 'Listen port (0 = any free port)', global: false },
          host: { type: 'string', default: GATEWAY_DEFAULTS.host, describe: 'Listen address (127.0.0.1; put a TLS proxy or load balancer in front)', global: false },
          registry: { ...registryOption, global: false },
          topic: { type: 'string', default: GATEWAY_DEFAULTS.topic, describe: 'Kafka topic for position records', global: false },
          'events-topic': { type: 'string', default: GATEWAY_DEFAULTS.eventsTopic, describe: 'Kafka topic for driving-event records', global: false },
          replicas: {
            choices: ['many', 'one'],
            default: GATEWAY_DEFAULTS.replicas,
            describe: "many: other gateways may produce to the topic, read it before each batch with new positions (no duplicates across replicas); one: this is the topic's only gateway, read it only after a produce of unknown outcome (faster)",
            global: false,
          },
          'tls-cert': { type: 'string', describe: 'PEM certificate: serve HTTPS (with --tls-key)', global: false },
          'tls-key': { type: 'string', describe: 'PEM private key for --tls-cert', global: false },
        })
        .epilogue('Brokers come from KAFKA_BROKERS, else the local broker (telematics kafka up). The first stdout line is the URL.'),
    handler: runGateway,
  },
];
