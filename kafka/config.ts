import { readFileSync } from 'node:fs';
import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type SASLOptions, type logCreator } from 'kafkajs';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { applyConsumerStopFix } from './consumer-stop-fix.js';
import { LOCAL_KAFKA } from './local-broker.js';
import { localBootstrap } from './local-kafka.js';

/**
 * How every Kafka client of the project finds and authenticates to its cluster.
 * KAFKA_BROKERS (comma-separated host:port) names a cluster you bring; otherwise
 * the local broker started by `telematics kafka up` is used.
 *
 *   KAFKA_SSL=true                     TLS to the brokers
 *   KAFKA_SSL_CA_FILE=/path/ca.pem     CA bundle for the brokers' certificates
 *   KAFKA_SSL_REJECT_UNAUTHORIZED=false  (testing only)
 *   KAFKA_SASL_MECHANISM=plain|scram-sha-256|scram-sha-512
 *   KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD
 */
// The project always passes an explicit partitioner choice; kafkajs's v2 migration notice is noise here.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
applyConsumerStopFix();

export interface KafkaEnvironment {
  brokers: string[];
  source: 'KAFKA_BROKERS' | 'local broker';
}

export function resolveBrokers(env: NodeJS.ProcessEnv = process.env, localDir = LOCAL_KAFKA.defaultDir): KafkaEnvironment {
  const fromEnv = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (fromEnv.length > 0) return { brokers: fromEnv, source: 'KAFKA_BROKERS' };
  const local = localBootstrap(localDir);
  if (local) return { brokers: local, source: 'local broker' };
  throw new UserError(
    'No Kafka cluster configured: KAFKA_BROKERS is not set and no local broker is running.',
    "Start the local one with 'telematics kafka up', or set KAFKA_BROKERS=host:port[,host:port].",
  );
}

function saslFromEnv(env: NodeJS.ProcessEnv): SASLOptions | undefined {
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  if (!mechanism) return undefined;
  const username = env.KAFKA_SASL_USERNAME ?? '';
  const password = env.KAFKA_SASL_PASSWORD ?? '';
  if (!username) throw new UserError(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.`);
  switch (mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      throw new UserError(`KAFKA_SASL_MECHANISM=${mechanism} is not supported.`, 'Use plain, scram-sha-256 or scram-sha-512.');
  }
}

function sslFromEnv(env: NodeJS.ProcessEnv): KafkaConfig['ssl'] {
  if (env.KAFKA_SSL !== 'true' && !env.KAFKA_SSL_CA_FILE) return undefined;
  return {
    rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED !== 'false',
    ...(env.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8')] } : {}),
  };
}

/** kafkajs logs go through the project's logger, one level down (kafkajs is chatty about retries). */
const pinoLogCreator: logCreator = () => {
  const log = getLogger('kafkajs');
  return ({ level, log: entry }) => {
    const { message, ...extra } = entry;
    if (level === KafkaLogLevel.ERROR) log.warn(extra, message);
    else if (level === KafkaLogLevel.WARN) log.info(extra, message);
    else log.debug(extra, message);
  };
};

export function kafkaClientConfig(clientId: string, env: NodeJS.ProcessEnv = process.env, brokers?: string[]): KafkaConfig {
  return {
    clientId,
    brokers: brokers ?? resolveBrokers(env).brokers,
    ssl: sslFromEnv(env),
    sasl: saslFromEnv(env),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logCreator: pinoLogCreator,
    logLevel: KafkaLogLevel.WARN,
  };
}

export function createKafka(clientId: string, brokers?: string[]): Kafka {
  return new Kafka(kafkaClientConfig(clientId, process.env, brokers));
}
