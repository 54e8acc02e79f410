import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../cli/command.js';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { processMetrics } from '../common/metrics.js';
import { GATEWAY_DEFAULTS } from './config.js';
import { addDevice, readRegistryFile, revokeDevice } from './registry.js';
import { GatewayServer } from './server.js';

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

const listDevicesCommand: TelematicsCommand = {
  command: 'list-devices',
  describe: 'List registered vehicles and whether their token is active',
  builder: (y: Argv) => y.option('registry', registryOption).option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' }),
  handler: (argv) => {
    const devices = readRegistryFile(argv.registry).devices.map(({ vehicleId, createdAt, revokedAt }) => ({
      vehicleId,
      createdAt,
      ...(revokedAt && { revokedAt }),
      status: revokedAt ? 'revoked' : 'active',
    }));
    if (argv.json) process.stdout.write(JSON.stringify(devices) + '\n');
    else if (devices.length === 0) process.stdout.write(`No devices in ${argv.registry}.\n`);
    else for (const d of devices) process.stdout.write(`${d.vehicleId}\t${d.status}\t${d.createdAt}${d.revokedAt ? `\trevoked ${d.revokedAt}` : ''}\n`);
  },
};

async function runGateway(argv: Record<string, unknown>): Promise<void> {
  if ((argv['tls-cert'] === undefined) !== (argv['tls-key'] === undefined)) {
    throw new UserError('--tls-cert and --tls-key go together.', 'Give both to terminate TLS here, or neither to serve plain HTTP behind a TLS proxy.');
  }
  const gateway = new GatewayServer({
    host: argv.host as string,
    port: argv.port as number,
    registryFile: argv.registry as string,
    topic: argv.topic as string,
    eventsTopic: argv['events-topic'] as string,
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
        .command(listDevicesCommand)
        .option('port', { type: 'number', default: GATEWAY_DEFAULTS.port, describe: 'Listen port (0 = any free port)' })
        .option('host', { type: 'string', default: GATEWAY_DEFAULTS.host, describe: 'Listen address (127.0.0.1; put a TLS proxy or load balancer in front)' })
        .option('registry', registryOption)
        .option('topic', { type: 'string', default: GATEWAY_DEFAULTS.topic, describe: 'Kafka topic for position records' })
        .option('events-topic', { type: 'string', default: GATEWAY_DEFAULTS.eventsTopic, describe: 'Kafka topic for driving-event records' })
        .option('tls-cert', { type: 'string', describe: 'PEM certificate: serve HTTPS (with --tls-key)' })
        .option('tls-key', { type: 'string', describe: 'PEM private key for --tls-cert' })
        .epilogue('Brokers come from KAFKA_BROKERS, else the local broker (telematics kafka up). The first stdout line is the URL.'),
    handler: runGateway,
  },
];
