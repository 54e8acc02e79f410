import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../cli/command.js';
import { UserError } from '../common/errors.js';
import { createKafka } from './config.js';
import { DEFAULT_KAFKA_VERSION, JVM_PROFILES, KAFKA_VERSIONS } from './broker-versions.js';
import { describePartition } from './cluster-health.js';
import { LOCAL_KAFKA } from './local-broker.js';
import { localKafkaDown, localKafkaStatus, localKafkaUp, upBootstrap, type ClusterStatus } from './local-kafka.js';
import { POSITIONS_TOPIC_DEFAULTS, ensureTopics, positionsTopic } from './topics.js';

const dirOption = {
  type: 'string',
  default: LOCAL_KAFKA.defaultDir,
  describe: 'Directory of the local broker or cluster (config, data, logs, pids)',
} as const;

const up: TelematicsCommand = {
  command: 'up',
  describe: 'Fetch Kafka from Maven Central (once), start a single-node KRaft broker (or --brokers N nodes) on 127.0.0.1, create the positions topic',
  builder: (y: Argv) =>
    y
      .option('dir', dirOption)
      .option('brokers', {
        type: 'number',
        describe: 'Nodes: 1 = a single broker; N ≥ 2 = a replicated cluster of N broker+controller nodes in DIR/node-<id>. Default: the cluster running in DIR, else 1',
      })
      .option('port', { type: 'number', describe: `Client port (of node 1; node i takes port+i-1), default ${LOCAL_KAFKA.defaultPort}` })
      .option('controller-port', {
        type: 'number',
        describe: 'KRaft controller listener port (of node 1; node i takes +i-1), default the one each node had, else a free one',
      })
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
    const result = await localKafkaUp({
      dir: argv.dir,
      brokers: argv.brokers,
      port: argv.port,
      controllerPort: argv['controller-port'],
      version: argv['kafka-version'],
      jvmProfile: argv['jvm-profile'],
    });
    const { state } = result;
    if (result.kind === 'broker') {
      if (result.alreadyRunning) {
        process.stdout.write(`Kafka ${state.version} is already running in ${argv.dir} (pid ${result.state.pid}).\n`);
      } else {
        process.stdout.write(
          `Kafka ${state.version} started in ${(result.startMs / 1000).toFixed(1)} s (pid ${result.state.pid}, ${state.jvmProfile} JVM profile, ` +
            `controller port ${result.state.controllerPort}, data in ${argv.dir}).\n`,
        );
      }
    } else {
      const nodes = result.state.nodes.map((n) => `node ${n.nodeId}: pid ${n.pid}, port ${n.port}, controller port ${n.controllerPort}`).join('; ');
      if (result.alreadyRunning) process.stdout.write(`A ${result.state.nodes.length}-node Kafka ${state.version} cluster is already running in ${argv.dir} (${nodes}).\n`);
      else {
        process.stdout.write(
          `Kafka ${state.version} cluster: started node${result.startedNodes.length > 1 ? 's' : ''} ${result.startedNodes.join(', ')} of ${result.state.nodes.length} ` +
            `in ${(result.startMs / 1000).toFixed(1)} s (${state.jvmProfile} JVM profile, data in ${argv.dir}/node-<id>; ${nodes}).\n`,
        );
      }
    }
    const address = upBootstrap(result).join(',');
    const kafka = createKafka('telematics-kafka-up', upBootstrap(result));
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
  describe: 'Stop the local broker or every node of the cluster started by `kafka up` (by their recorded pids); data is kept',
  builder: (y: Argv) => y.option('dir', dirOption),
  handler: async (argv) => {
    const result = await localKafkaDown(argv.dir);
    process.stdout.write(result.stopped ? `Kafka stopped (pid ${result.pids.join(', ')}).\n` : `No Kafka broker is running in ${argv.dir}.\n`);
  },
};

const status: TelematicsCommand = {
  command: 'status',
  describe:
    'Is the local broker running and answering? For a cluster: each node, the active controller, partition leaders per broker, ' +
    'under-replicated partitions. Exit 0 yes (a cluster: every node up, every partition fully replicated), 1 no',
  builder: (y: Argv) => y.option('dir', dirOption).option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' }),
  handler: async (argv) => {
    const local = await localKafkaStatus(argv.dir);
    if (local.kind === 'cluster') {
      if (argv.json) process.stdout.write(JSON.stringify(local) + '\n');
      else process.stdout.write(describeClusterStatus(local));
      const healthy = local.health && local.health.underReplicated.length === 0 && local.health.offline.length === 0;
      process.exitCode = local.running && healthy ? 0 : 1;
      return;
    }
    const { kind: _, ...s } = local;
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

function describeClusterStatus(s: ClusterStatus): string {
  const leads = s.health?.leadersPerBroker ?? {};
  const lines = [
    `Kafka ${s.state.version} cluster of ${s.nodes.length} nodes in ${s.dir} (${s.state.jvmProfile} JVM profile), bootstrap ${s.bootstrap}`,
    ...s.nodes.map(
      (n) =>
        `  node ${n.nodeId}: ${n.up ? 'up' : 'DOWN'}, ${n.answering ? 'answering' : 'NOT answering'}, pid ${n.pid}, port ${n.port}, ` +
        `controller port ${n.controllerPort}, ${n.roles.join('+')}, leads ${leads[n.nodeId] ?? 0} partitions`,
    ),
  ];
  if (!s.health) lines.push('  no node answered: leaders and replicas unknown');
  else {
    const { activeController, partitions, underReplicated, offline } = s.health;
    lines.push(`  active controller: ${activeController === undefined ? 'NONE (no quorum)' : `node ${activeController}`}`);
    lines.push(`  partitions: ${partitions}, under-replicated: ${underReplicated.length}, offline: ${offline.length}`);
    for (const p of [...offline, ...underReplicated].slice(0, 20)) lines.push(`    ${describePartition(p)}`);
  }
  return lines.join('\n') + '\n';
}

export const kafkaCommands: TelematicsCommand[] = [
  {
    command: 'kafka <command>',
    describe: 'Run a local Apache Kafka (KRaft): one broker, or a replicated cluster, for tests, benchmarks and the demo',
    builder: (y: Argv) => y.command(up).command(down).command(status).demandCommand(1),
    handler: () => {
      throw new UserError('Give a kafka subcommand: up, down or status.');
    },
  },
];
