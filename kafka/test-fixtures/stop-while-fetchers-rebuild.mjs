// Child process of kafka/cluster.test.ts (a frozen process cannot report, so the test runs this one
// and kills it at a deadline). Stops node 3 of the cluster in DIR, starts a consumer through the
// project's Kafka config (kafka/consumer-stop-fix.ts applied), starts node 3 again and, the moment
// kafkajs begins rebuilding its fetchers for the new node, stops the consumer. Prints one JSON line
// to stdout: whether the stop came during a rebuild, and how long it took.
//   node stop-while-fetchers-rebuild.mjs DIST_DIR CLUSTER_DIR BROKERS TOPIC
const [dist, dir, brokersArg, topic] = process.argv.slice(2);
const { kafkaClientConfig } = await import(`${dist}/kafka/config.js`);
const { startNode, stopNode } = await import(`${dist}/kafka/local-cluster.js`);
const { Kafka, logLevel } = (await import('kafkajs')).default;

let consumer;
let stopping = null;
let rebuiltAfterStop = false;
const finish = (result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
};
// kafkajs logs "Stopping fetchers..." when it starts a rebuild (and on a stop; nothing else stops this consumer while armed).
let armed = false;
const logCreator = () => ({ namespace, log }) => {
  if (namespace !== 'FetchManager') return;
  if (stopping && log.message === 'Rebalancing fetchers...') rebuiltAfterStop = true;
  if (!armed || log.message !== 'Stopping fetchers...') return;
  armed = false;
  stopping = Date.now();
  consumer.disconnect().then(
    () => finish({ stoppedDuringRebuild: rebuiltAfterStop, stopMs: Date.now() - stopping }),
    (err) => finish({ stoppedDuringRebuild: rebuiltAfterStop, error: err.message }),
  );
};

await stopNode(dir, 3);
const kafka = new Kafka({ ...kafkaClientConfig('stop-while-fetchers-rebuild', process.env, brokersArg.split(',')), logLevel: logLevel.DEBUG, logCreator });
// Long polls keep one fetcher waiting while another finds the new node; a short metadata age finds it soon.
consumer = kafka.consumer({ groupId: `stop-while-fetchers-rebuild-${Date.now()}`, maxWaitTimeInMs: 5_000, metadataMaxAge: 500, retry: { retries: 2 } });
const fetchedFrom = new Set();
consumer.on(consumer.events.FETCH, ({ payload }) => fetchedFrom.add(payload.nodeId));
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: false });
await consumer.run({ eachBatch: async () => undefined });
while (fetchedFrom.size < 2) await new Promise((resolve) => setTimeout(resolve, 50));
armed = true;
await startNode(dir, 3);
