import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../cli/command.js';
import { UserError } from '../common/errors.js';
import { createKafka } from './config.js';
import { DEFAULT_KAFKA_VERSION, JVM_PROFILES, KAFKA_VERSIONS } from './broker-versions.js';
import { LOCAL_KAFKA, bootstrapAddress, kafkaDown, kafkaStatus, kafkaUp } from './local-broker.js';
import { POSITIONS_TOPIC_DEFAULTS, ensureTopics, positionsTopic } from './topics.js';

const dirOption = {
  type: 'string',
  default: LOCAL_KAFKA.defaultDir,
  describe: 'Directory of the local broker (config, data, logs, pid)',
} as const;

const up: TelematicsCommand = {
  command: 'up',
  describe: 'Fetch Kafka from Maven Central (once), start a single-node KRaft broker on 127.0.0.1, create the positions topic',
  builder: (y: Argv) =>
    y
      .option('dir', dirOption)
      .option('port', { type: 'number', describe: `Client port, default ${LOCAL_KAFKA.defaultPort}` })
      .option('controller-port', { type: 'number', describe: 'KRaft controller listener port, default the one this --dir had, else a free one' })
      .option('kafka-version', {
        type: 'string',
        choices: Object.keys(KAFKA_VERSIONS),
        describe: `Kafka version to run, default KAFKA_VERSION or ${DEFAULT_KAFKA_VERSION}`,
      })
      .option('jvm-profile', {
        type: 'string',
        choices: Object.keys(JVM_PROFILES),
        describe: 'Broker JVM settings: light (C1 only, 512 MiB: tests, demo) or bench (full JIT, 1 GiB); default KAFKA_JVM_PROFILE or light',
      })
      .option('topic', { type: 'string', default: POSITIONS_TOPIC_DEFAULTS.name, describe: 'Positions topic to create if missing' })
      .option('partitions', { type: 'number', default: POSITIONS_TOPIC_DEFAULTS.partitions, describe: 'Partitions of a newly created positions topic' })
      .option('retention-hours', {
        type: 'number',
        default: POSITIONS_TOPIC_DEFAULTS.retentionMs / 3_600_000,
        describe: 'Retention of a newly created positions topic (-1 = forever); the topic is the positions history',
      }),
  handler: async (argv) => {
    const result = await kafkaUp({
      dir: argv.dir,
      port: argv.port,
      controllerPort: argv['controller-port'],
      version: argv['kafka-version'],
      jvmProfile: argv['jvm-profile'],
    });
    const address = bootstrapAddress(result.state);
    if (result.alreadyRunning) {
      process.stdout.write(`Kafka ${result.state.version} is already running in ${argv.dir} (pid ${result.state.pid}).\n`);
    } else {
      process.stdout.write(
        `Kafka ${result.state.version} started in ${(result.startMs / 1000).toFixed(1)} s (pid ${result.state.pid}, ${result.state.jvmProfile} JVM profile, ` +
          `controller port ${result.state.controllerPort}, data in ${argv.dir}).\n`,
      );
    }
    const kafka = createKafka('telematics-kafka-up', [address]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const retentionHours = argv['retention-hours'] as number;
      const created = await ensureTopics(admin, [
        positionsTopic({ name: argv.topic, partitions: argv.partitions, retentionMs: retentionHours < 0 ? -1 : retentionHours * 3_600_000 }),
      ]);
      process.stdout.write(created.length ? `Created topic ${argv.topic}.\n` : `Topic ${argv.topic} exists.\n`);
    } finally {
      await admin.disconnect();
    }
    process.stdout.write(`${address}\n`);
  },
};

const down: TelematicsCommand = {
  command: 'down',
  describe: 'Stop the local broker started by `kafka up` (by its recorded pid); data is kept',
  builder: (y: Argv) => y.option('dir', dirOption),
  handler: async (argv) => {
    const result = await kafkaDown({ dir: argv.dir });
    process.stdout.write(result.stopped ? `Kafka stopped (pid ${result.pid}).\n` : `No Kafka broker is running in ${argv.dir}.\n`);
  },
};

const status: TelematicsCommand = {
  command: 'status',
  describe: 'Is the local broker running and answering? Exit 0 yes, 1 no',
  builder: (y: Argv) => y.option('dir', dirOption).option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' }),
  handler: async (argv) => {
    const s = await kafkaStatus({ dir: argv.dir });
    if (argv.json) process.stdout.write(JSON.stringify(s) + '\n');
    else if (!s.running) process.stdout.write(`Kafka: not running (dir ${s.dir}).\n`);
    else
      process.stdout.write(
        `Kafka ${s.state!.version}: running, pid ${s.state!.pid}, since ${s.state!.startedAt}, ${s.answering ? 'answering' : 'NOT answering'} at ${s.bootstrap} ` +
          `(controller port ${s.state!.controllerPort}, ${s.state!.jvmProfile} JVM profile)\n`,
      );
    process.exitCode = s.running && s.answering ? 0 : 1;
  },
};

export const kafkaCommands: TelematicsCommand[] = [
  {
    command: 'kafka <command>',
    describe: 'Run a local single-node Apache Kafka broker (KRaft) for tests, benchmarks and the demo',
    builder: (y: Argv) => y.command(up).command(down).command(status).demandCommand(1),
    handler: () => {
      throw new UserError('Give a kafka subcommand: up, down or status.');
    },
  },
];
