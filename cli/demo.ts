import type { Argv } from 'yargs';
import type { TelematicsCommand } from './command.js';
import { createKafka } from '../kafka/config.js';
import { LOCAL_KAFKA } from '../kafka/local-broker.js';
import { localKafkaDown, localKafkaUp, upBootstrap } from '../kafka/local-kafka.js';
import { alertsTopic, driverScoresTopic, ensureTopics, eventsTopic, positionsTopic, statusTopic } from '../kafka/topics.js';
import { topicReplication } from '../kafka/cluster-health.js';
import { DEMO_FLEET_DEFAULTS, runDemoFleet } from '../simulator/demo-fleet.js';
import { runMonitorDemo, scoreTable } from '../monitor/demo.js';
import { DRIVING_EVENT_KINDS } from '../protocol/driving-event.js';

export const DEMO_DEFAULTS = {
  trucks: DEMO_FLEET_DEFAULTS.trucks,
  speedup: DEMO_FLEET_DEFAULTS.speedup,
  /** Port of the live fleet page; 0 picks a free one. */
  httpPort: 0,
  /** Kafka nodes: 1 broker, or a replicated cluster (RF 3, min ISR 2 from 3 nodes). */
  brokers: 1,
} as const;

interface DemoArgs {
  dir: string;
  port?: number;
  brokers: number;
  keep: boolean;
  trucks: number;
  speedup: number;
  serve: boolean;
  'http-port': number;
}

function say(line: string): void {
  process.stdout.write(line + '\n');
}

/**
 * The README's demo, the whole system in one command: a local Kafka, the gateway and a
 * simulated fleet running the real agent core (with a coverage loss and agent restarts),
 * verified position by position in Kafka, then the fleet monitor with its live page.
 */
async function runDemo(argv: DemoArgs): Promise<void> {
  say('== telematics demo ==');
  let brokers: string[];
  let startedHere = false;
  if (process.env.KAFKA_BROKERS) {
    brokers = process.env.KAFKA_BROKERS.split(',').map((b) => b.trim());
    say(`1. Kafka: using KAFKA_BROKERS=${brokers.join(',')}`);
  } else {
    const what = argv.brokers > 1 ? `${argv.brokers}-node cluster` : 'single-node broker';
    say(`1. Kafka: starting a local ${what} (the first run fetches it from Maven Central)…`);
    const up = await localKafkaUp({ dir: argv.dir, port: argv.port, brokers: argv.brokers });
    brokers = upBootstrap(up);
    startedHere = !up.alreadyRunning;
    say(
      up.alreadyRunning
        ? `   reusing the ${what} already running at ${brokers.join(',')}`
        : `   Kafka ${up.state.version} ${argv.brokers > 1 ? `${what} ` : ''}up at ${brokers.join(',')} in ${(up.startMs / 1000).toFixed(1)} s`,
    );
  }
  try {
    const admin = createKafka('telematics-demo', brokers).admin();
    await admin.connect();
    const topics = [positionsTopic(), eventsTopic(), alertsTopic(), statusTopic(), driverScoresTopic()];
    await ensureTopics(admin, topics);
    const replication = await topicReplication(admin, topics[0]!.name);
    await admin.disconnect();
    say(`2. Topics: ${topics.map((t) => t.name).join(', ')} (replication factor ${replication.replicationFactor}, min.insync.replicas ${replication.minInsyncReplicas})`);

    say(`3. Fleet: a gateway on 127.0.0.1 and ${argv.trucks} virtual trucks on real recorded trips, each running the real agent`);
    say(`   (sampler → SQLite buffer → binary uploads), ×${argv.speedup} time, 20 % lose coverage, 20 % have their agent restarted:`);
    const fleet = await runDemoFleet({ brokers, trucks: argv.trucks, speedup: argv.speedup });
    say('');
    for (const line of fleet.text.split('\n')) say(`   ${line}`);
    if (!fleet.ok) process.exitCode = 1;

    say('4. Monitor: a consumer group computes speeds, route deviations and delivery delays from the topic');
    const monitor = await runMonitorDemo({ brokers, httpPort: argv['http-port'], say: (line) => say(line) });
    say(`   vehicles tracked: ${monitor.vehicles}; alerts for the two planned trucks:`);
    for (const alert of monitor.alerts) say(`   - ${alert.vehicleId}: ${alert.type} at ${alert.time}`);
    say('   their deliveries:');
    for (const d of monitor.deliveries) {
      const eta = d.etaAtMs === null ? 'no ETA yet' : `ETA ${new Date(d.etaAtMs).toISOString()}`;
      const late = d.lateByMs === null ? '' : d.lateByMs > 0 ? `, ${Math.round(d.lateByMs / 60_000)} min late` : `, ${Math.round(-d.lateByMs / 60_000)} min early`;
      say(`   - ${d.vehicleId} → ${d.stopId}: ${eta} (promised ${new Date(d.promisedAtMs).toISOString()}${late}); customer's page ${new URL(d.trackingPath, monitor.url!).href}`);
    }
    const counted = DRIVING_EVENT_KINDS.filter((kind) => monitor.drivingEvents[kind]).map((kind) => `${kind} ${monitor.drivingEvents[kind]}`).join(', ') || 'none';
    const total = Object.values(monitor.drivingEvents).reduce((a, b) => a + b, 0);
    say(`5. Driver scores: a second consumer group counts the agents' driving events once each, per driver, day and ISO week`);
    say(`   ${total} events counted: ${counted}; severe-driving alerts: ${monitor.severeAlerts.length}; today's scores (0–100, worst first):`);
    for (const line of scoreTable(monitor.scores)) say(`   ${line}`);
    if (argv.serve && monitor.url) {
      void monitor.driveOn();
      say(`Live fleet page at ${monitor.url} (the two planned trucks drive on in real time) — press Ctrl-C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
    await monitor.stop();
    say(fleet.ok ? 'Demo OK: every recorded position reached Kafka exactly once.' : 'Demo FAILED: positions were lost (see above).');
  } finally {
    if (!argv.keep && startedHere) {
      await localKafkaDown(argv.dir);
      say('Kafka stopped (run with --keep to leave it running).');
    }
  }
}

export const demoCommands: TelematicsCommand[] = [
  {
    command: 'demo',
    describe: 'Run the local demo: Kafka, gateway, a simulated fleet verified in Kafka, and the fleet monitor',
    builder: (y: Argv) =>
      y
        .option('dir', { type: 'string', default: LOCAL_KAFKA.defaultDir, describe: 'Local broker directory' })
        .option('port', { type: 'number', describe: `Local broker port (default ${LOCAL_KAFKA.defaultPort}; node i of a cluster: port+i-1)` })
        .option('brokers', { type: 'number', default: DEMO_DEFAULTS.brokers, describe: 'Kafka nodes: 1 broker, or N ≥ 2 for a replicated local cluster' })
        .option('keep', { type: 'boolean', default: false, describe: 'Leave Kafka running afterwards' })
        .option('trucks', { type: 'number', default: DEMO_DEFAULTS.trucks, describe: 'Virtual trucks in the fleet' })
        .option('speedup', { type: 'number', default: DEMO_DEFAULTS.speedup, describe: 'Simulated seconds per wall-clock second' })
        .option('serve', { type: 'boolean', default: false, describe: 'Keep the live fleet page up until Ctrl-C' })
        .option('http-port', { type: 'number', default: DEMO_DEFAULTS.httpPort, describe: 'Port of the live fleet page (0 = a free one)' }),
    handler: (argv) => runDemo(argv as unknown as DemoArgs),
  },
];
