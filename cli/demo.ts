import type { Argv } from 'yargs';
import type { TelematicsCommand } from './command.js';
import { createKafka } from '../kafka/config.js';
import { LOCAL_KAFKA, bootstrapAddress, kafkaDown, kafkaUp } from '../kafka/local-broker.js';
import { ensureTopics, positionsTopic } from '../kafka/topics.js';

function say(line: string): void {
  process.stdout.write(line + '\n');
}

/**
 * The README's demo: a local Kafka, the positions topic, one position produced
 * and read back. Later stages (gateway, simulated fleet) plug in here.
 */
async function runDemo(argv: { dir: string; port: number; keep: boolean }): Promise<void> {
  say('== telematics demo ==');
  say('1. Kafka: starting a local single-node broker (first run fetches it from Maven Central)…');
  const up = await kafkaUp({ dir: argv.dir, port: argv.port });
  const brokers = [bootstrapAddress(up.state)];
  say(up.alreadyRunning ? `   reusing the broker already running at ${brokers[0]}` : `   Kafka ${up.state.version} up at ${brokers[0]} in ${(up.startMs / 1000).toFixed(1)} s`);
  try {
    const kafka = createKafka('telematics-demo', brokers);
    const admin = kafka.admin();
    await admin.connect();
    const topic = positionsTopic();
    const created = await ensureTopics(admin, [topic]);
    await admin.disconnect();
    say(`2. Topic ${topic.name}: ${created.length ? 'created' : 'exists'} (${topic.partitions} partitions, key = vehicle id)`);

    const vehicleId = 'demo-truck-1';
    const record = { schema: 1, vehicleId, epoch: 'demo', seq: Date.now(), time: new Date().toISOString(), lat: -25.4284, lon: -49.2733, speed: 13.9, track: 87.5, receivedAt: new Date().toISOString() };
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const [meta] = await producer.send({ topic: topic.name, acks: -1, messages: [{ key: vehicleId, value: JSON.stringify(record) }] });
    await producer.disconnect();
    say(`3. Produced one position for ${vehicleId} (acks=all): partition ${meta.partition}, offset ${meta.baseOffset}`);

    const consumer = kafka.consumer({ groupId: `telematics-demo-${process.pid}` });
    await consumer.connect();
    await consumer.subscribe({ topic: topic.name, fromBeginning: true });
    const received = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the produced position was not read back within 30 s')), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const value = JSON.parse(message.value!.toString()) as Record<string, unknown>;
          if (value.seq === record.seq && message.key?.toString() === vehicleId) {
            clearTimeout(timer);
            resolve(value);
          }
        },
      });
    });
    await consumer.disconnect();
    say(`4. Consumed it back: ${vehicleId} at ${received.lat}, ${received.lon}, ${received.speed} m/s, track ${received.track}°`);
    say('Demo OK: Kafka is up and positions round-trip through the positions topic.');
  } finally {
    if (!argv.keep && !up.alreadyRunning) {
      await kafkaDown({ dir: argv.dir });
      say('Kafka stopped (run with --keep to leave it running).');
    }
  }
}

export const demoCommands: TelematicsCommand[] = [
  {
    command: 'demo',
    describe: 'Run the local demo: Kafka up, positions topic, a position produced and consumed, a readable summary',
    builder: (y: Argv) =>
      y
        .option('dir', { type: 'string', default: LOCAL_KAFKA.defaultDir, describe: 'Local broker directory' })
        .option('port', { type: 'number', default: LOCAL_KAFKA.defaultPort, describe: 'Local broker port' })
        .option('keep', { type: 'boolean', default: false, describe: 'Leave Kafka running afterwards' }),
    handler: (argv) => runDemo(argv as unknown as { dir: string; port: number; keep: boolean }),
  },
];
