import { UserError } from '../common/errors.js';

/**
 * The Kafka broker lines the project runs and tests (README: "A real Kafka, managed by the
 * project"). The first is the default; KAFKA_VERSION (or `kafka up --kafka-version`) picks another.
 * `logging` selects the broker's logging back end, which changed with 4.0 (log4j 1 API → log4j2),
 * and with it the Maven profile in kafka/pom.xml and the config file written next to the broker.
 */
export const KAFKA_VERSIONS = {
  '4.4.0': { logging: 'log4j2' },
  '3.9.1': { logging: 'reload4j' },
} as const;

export type KafkaVersion = keyof typeof KAFKA_VERSIONS;
export type BrokerLogging = (typeof KAFKA_VERSIONS)[KafkaVersion]['logging'];

export const DEFAULT_KAFKA_VERSION: KafkaVersion = '4.4.0';

/**
 * Kafka's command-line tools (kafka-tools: the Java producer benchmark) come from the newest
 * line whatever the broker: their ProducerPerformance sends keyed records (--key-distribution,
 * not in 3.9), and a 4.x Java client talks to 3.9 brokers.
 */
export const KAFKA_TOOLS_VERSION: KafkaVersion = DEFAULT_KAFKA_VERSION;

export function isKafkaVersion(v: string): v is KafkaVersion {
  return Object.hasOwn(KAFKA_VERSIONS, v);
}

/** The version asked for (flag, then KAFKA_VERSION), checked against the versions the project tests. */
export function selectKafkaVersion(asked: string | undefined = process.env.KAFKA_VERSION): KafkaVersion {
  const v = asked?.trim();
  if (!v) return DEFAULT_KAFKA_VERSION;
  if (isKafkaVersion(v)) return v;
  throw new UserError(
    `Kafka ${v} is not a version the project runs locally.`,
    `Use one of ${Object.keys(KAFKA_VERSIONS).join(', ')} (KAFKA_VERSION or --kafka-version), or point KAFKA_BROKERS at your own cluster.`,
  );
}

/**
 * JVM settings of the local broker. `light` (the default) suits tests and the demo on a small
 * machine: C1 only, so the broker starts sooner and uses less CPU. `bench` is Kafka's own
 * kafka-server-start.sh set-up (full JIT, 1 GiB heap): benchmarks measured against a C1-only
 * broker would understate Kafka.
 */
export const JVM_PROFILES = {
  light: ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC', '-XX:TieredStopAtLevel=1'],
  bench: ['-Xms1g', '-Xmx1g', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:InitiatingHeapOccupancyPercent=35', '-XX:+ExplicitGCInvokesConcurrent'],
} as const;

export type JvmProfile = keyof typeof JVM_PROFILES;

/**
 * Heap of each node of a local cluster (`kafka up --brokers N`) in the `light` profile:
 * three nodes run beside the tests, the gateway and the simulator on 2 cores / 24 GiB.
 * RSS_MEASURED_IN_README. `bench` keeps its 1 GiB: benches compare against Kafka's own set-up.
 */
export const CLUSTER_NODE_HEAP: Partial<Record<JvmProfile, readonly string[]>> = {
  light: ['-Xms64m', '-Xmx256m'],
};

/** The JVM options of a broker in `profile`; a cluster node's heap as CLUSTER_NODE_HEAP says. */
export function jvmOptions(profile: JvmProfile, clusterNode: boolean): readonly string[] {
  const heap = clusterNode ? CLUSTER_NODE_HEAP[profile] : undefined;
  if (!heap) return JVM_PROFILES[profile];
  return [...heap, ...JVM_PROFILES[profile].filter((option) => !/^-Xm[sx]/.test(option))];
}

export function selectJvmProfile(asked: string | undefined = process.env.KAFKA_JVM_PROFILE): JvmProfile {
  const p = asked?.trim();
  if (!p) return 'light';
  if (Object.hasOwn(JVM_PROFILES, p)) return p as JvmProfile;
  throw new UserError(`Unknown broker JVM profile "${p}".`, `Use one of ${Object.keys(JVM_PROFILES).join(', ')} (KAFKA_JVM_PROFILE or --jvm-profile).`);
}
