import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { PACKAGE_ROOT, cacheDir, stateDir } from '../common/paths.js';
import { KAFKA_VERSIONS, jvmOptions, selectJvmProfile, selectKafkaVersion, type JvmProfile, type KafkaVersion } from './broker-versions.js';
import { newClusterId } from './cluster-id.js';
import { replicationFor, type TopicReplication } from './topics.js';

const log = getLogger('kafka.local');

/** The local broker's set-up; versions and JVM profiles are in broker-versions.ts. */
export const LOCAL_KAFKA = {
  defaultPort: 9092,
  defaultDir: stateDir('kafka'),
  startTimeoutMs: 90_000,
  stopTimeoutMs: 30_000,
} as const;

export interface BrokerState {
  pid: number;
  port: number;
  controllerPort: number;
  version: string;
  jvmProfile: JvmProfile;
  dir: string;
  startedAt: string;
  /** The process this broker belongs to (a test run): once it is gone, reapOrphanBrokers (local-kafka.ts) stops the broker. */
  owner?: ProcessIdentity;
}

/** A pid with its start time, so that a recycled pid is not taken for the owner. */
export interface ProcessIdentity {
  pid: number;
  startTicks: number;
}

export interface KafkaUpOptions {
  dir?: string;
  port?: number;
  /** Port of the KRaft controller listener; default: the one this directory had, else a free one. */
  controllerPort?: number;
  /** Default KAFKA_VERSION, else DEFAULT_KAFKA_VERSION. */
  version?: string;
  /** Default KAFKA_JVM_PROFILE, else `light`. */
  jvmProfile?: string;
  /** Record this process as the broker's owner: a broker whose owner died is reaped (test runs). */
  owned?: boolean;
}

export interface UpResult {
  state: BrokerState;
  alreadyRunning: boolean;
  startMs: number;
}

const STATE_FILE = 'broker.json';
/** The Kafka version that formatted the storage (kept across restarts, unlike broker.json). */
const FORMATTED_BY_FILE = 'formatted-by';

export function bootstrapAddress(state: Pick<BrokerState, 'port'>): string {
  return `127.0.0.1:${state.port}`;
}

/** Java ≥ 17 and Maven, or an error that says exactly what to install. */
export function checkPrerequisites(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    throw new UserError(
      'Java was not found: the local Kafka broker needs a Java 17 (or newer) runtime.',
      'Install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), or point KAFKA_BROKERS at an existing Kafka cluster.',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(java.stderr + java.stdout);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17) {
    throw new UserError(
      `Java ${major || '(unknown version)'} was found, but the local Kafka broker needs Java 17 or newer.`,
      'Install a newer JDK (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) and put it first on PATH, or set KAFKA_BROKERS.',
    );
  }
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) {
    throw new UserError(
      'Maven (mvn) was not found: it fetches the Kafka broker from Maven Central.',
      'Install it (Debian/Ubuntu: apt-get install maven), or point KAFKA_BROKERS at an existing Kafka cluster.',
    );
  }
}

/** The broker's jars, fetched once from Maven Central into the user cache (Maven's own ~/.m2 caches the downloads too). */
export function resolveBrokerJars(version: KafkaVersion = selectKafkaVersion()): string {
  return resolveKafkaJars('kafka_2.13', version);
}

/**
 * The jars of one Kafka artifact (kafka_2.13: the broker; kafka-tools: the command-line tools)
 * and its dependencies, fetched once with Maven (kafka/pom.xml) into ~/.cache/telematics.
 */
export function resolveKafkaJars(artifact: 'kafka_2.13' | 'kafka-tools', version: KafkaVersion): string {
  const libs = cacheDir(artifact === 'kafka_2.13' ? `kafka-${version}` : `${artifact}-${version}`, 'libs');
  if (existsSync(join(libs, '.complete'))) return libs;
  checkPrerequisites();
  const staging = `${libs}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log.info({ artifact, version, libs }, 'fetching Kafka artifacts from Maven Central');
  const mvn = spawnSync(
    'mvn',
    ['-B', '-q', '-f', join(PACKAGE_ROOT, 'kafka', 'pom.xml'), `-Dkafka.version=${version}`, `-Dkafka.artifact=${artifact}`, '-P', KAFKA_VERSIONS[version].logging,
      'dependency:copy-dependencies', `-DoutputDirectory=${staging}`],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (mvn.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new UserError(
      `Maven could not fetch ${artifact} ${version} from Maven Central:\n${(mvn.stdout + mvn.stderr).trim().split('\n').slice(-15).join('\n')}`,
      'Check network access to Maven Central (and ~/.m2/settings.xml proxies), or set KAFKA_BROKERS to use an existing cluster.',
    );
  }
  writeFileSync(join(staging, '.complete'), new Date().toISOString());
  rmSync(libs, { recursive: true, force: true });
  renameSync(staging, libs);
  return libs;
}

export function readState(dir: string): BrokerState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as BrokerState;
  } catch {
    return undefined;
  }
}

/** True when `pid` is alive and is the broker started for `dir` (a recycled pid is not ours). */
export function isOurBroker(state: Pick<BrokerState, 'pid' | 'dir'>): boolean {
  try {
    const cmdline = readFileSync(`/proc/${state.pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(join(state.dir, 'server.properties'));
  } catch {
    return false;
  }
}

export function portAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The controller listener keeps the port it had in this directory (restarts look the same
 * to the KRaft quorum); otherwise, or if that port is taken now, an ephemeral free one —
 * never port+1, which parallel brokers (test runs) would race for.
 */
async function controllerPortFor(propsFile: string, clientPort: number, asked: number | undefined): Promise<number> {
  if (asked !== undefined) {
    if (asked === clientPort || (await portAnswers(asked))) {
      throw new UserError(
        `Controller port ${asked} on 127.0.0.1 is ${asked === clientPort ? 'the client port' : 'already in use by another process'}.`,
        'Pick another --controller-port, or leave it out to take a free one.',
      );
    }
    return asked;
  }
  try {
    const previous = /^controller\.quorum\.voters=1@127\.0\.0\.1:(\d+)$/m.exec(readFileSync(propsFile, 'utf8'));
    const port = Number(previous?.[1]);
    if (previous && port !== clientPort && !(await portAnswers(port))) return port;
  } catch {
    // first start in this directory
  }
  for (;;) {
    const port = await freePort();
    if (port !== clientPort) return port;
  }
}

export function serverProperties(dir: string, port: number, controllerPort: number): string {
  return brokerProperties({ nodeId: 1, dir, port, controllerPort, voters: [{ nodeId: 1, controllerPort }], replication: replicationFor(1) });
}

/** One KRaft node (broker and controller in one JVM) of a local cluster of `voters.length` nodes. */
export interface NodeConfig {
  nodeId: number;
  dir: string;
  port: number;
  controllerPort: number;
  voters: { nodeId: number; controllerPort: number }[];
  /** For Kafka's internal topics and the broker defaults: replicationFor(the cluster's nodes). */
  replication: TopicReplication;
}

export function brokerProperties(node: NodeConfig): string {
  const { replicationFactor, minInsyncReplicas } = node.replication;
  return [
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${node.voters.map((v) => `${v.nodeId}@127.0.0.1:${v.controllerPort}`).join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${join(node.dir, 'data')}`,
    // Internal topics cannot have more replicas than brokers (kafka/topics.ts decides for all topics).
    `offsets.topic.replication.factor=${replicationFactor}`,
    `transaction.state.log.replication.factor=${replicationFactor}`,
    `transaction.state.log.min.isr=${minInsyncReplicas}`,
    `min.insync.replicas=${minInsyncReplicas}`,
    `default.replication.factor=${replicationFactor}`,
    'group.initial.rebalance.delay.ms=0',
    // Topics are created explicitly (kafka/topics.ts), never by a typo in a consumer.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'log.retention.hours=-1',
    '',
  ].join('\n');
}

/** The broker logs to DIR/logs/server.log (rolled at 20 MB, two kept), never to the terminal. */
function loggingConfig(dir: string, version: KafkaVersion): { file: string; text: string; jvmFlag: string } {
  const logFile = join(dir, 'logs', 'server.log');
  const pattern = '[%d] %p %m (%c)%n';
  if (KAFKA_VERSIONS[version].logging === 'log4j2') {
    const file = join(dir, 'log4j2.properties');
    const text = [
      'status = warn',
      'appender.file.type = RollingFile',
      'appender.file.name = file',
      `appender.file.fileName = ${logFile}`,
      `appender.file.filePattern = ${logFile}.%i`,
      'appender.file.layout.type = PatternLayout',
      `appender.file.layout.pattern = ${pattern}`,
      'appender.file.policies.type = Policies',
      'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
      'appender.file.policies.size.size = 20MB',
      'appender.file.strategy.type = DefaultRolloverStrategy',
      'appender.file.strategy.max = 2',
      'rootLogger.level = info',
      'rootLogger.appenderRef.file.ref = file',
      'logger.request.name = kafka.request.logger',
      'logger.request.level = warn',
      'logger.state.name = state.change.logger',
      'logger.state.level = warn',
      '',
    ].join('\n');
    return { file, text, jvmFlag: `-Dlog4j2.configurationFile=${file}` };
  }
  const file = join(dir, 'log4j.properties');
  const text = [
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.RollingFileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.MaxFileSize=20MB',
    'log4j.appender.file.MaxBackupIndex=2',
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    `log4j.appender.file.layout.ConversionPattern=${pattern}`,
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    '',
  ].join('\n');
  return { file, text, jvmFlag: `-Dlog4j.configuration=file:${file}` };
}

/** How to run Kafka's Java code for the broker in `dir`. */
export interface JavaSetup {
  libs: string;
  dir: string;
  version: KafkaVersion;
  /** The JVM options of its profile (jvmOptions in broker-versions.ts). */
  jvmOptions: readonly string[];
}

function javaArgs({ libs, dir, version, jvmOptions }: JavaSetup, mainClass: string, args: string[]): string[] {
  return [
    ...jvmOptions,
    '-Djava.awt.headless=true',
    loggingConfig(dir, version).jvmFlag,
    `-Dkafka.logs.dir=${join(dir, 'logs')}`,
    '-cp',
    `${libs}/*`,
    mainClass,
    ...args,
  ];
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/**
 * Start a single-node KRaft broker (broker + controller in one JVM) bound to 127.0.0.1,
 * detached, recorded in DIR/broker.json. Idempotent: a broker already running in DIR is reused.
 */
export async function kafkaUp(options: KafkaUpOptions = {}): Promise<UpResult> {
  const dir = options.dir ?? LOCAL_KAFKA.defaultDir;
  const version = selectKafkaVersion(options.version);
  const jvmProfile = selectJvmProfile(options.jvmProfile);
  const existing = readState(dir);
  if (existing && isOurBroker(existing)) {
    if (options.port !== undefined && options.port !== existing.port) {
      throw new UserError(
        `A broker is already running in ${dir} on port ${existing.port}, not ${options.port}.`,
        `Use it (${bootstrapAddress(existing)}), stop it with 'telematics kafka down --dir ${dir}', or pick another --dir.`,
      );
    }
    return { state: existing, alreadyRunning: true, startMs: 0 };
  }

  const libs = resolveBrokerJars(version);
  const port = options.port ?? LOCAL_KAFKA.defaultPort;
  await checkPortFree(port);
  const propsFile = join(dir, 'server.properties');
  const controllerPort = await controllerPortFor(propsFile, port, options.controllerPort);
  writeBrokerConfig(dir, version, serverProperties(dir, port, controllerPort));
  const java: JavaSetup = { libs, dir, version, jvmOptions: jvmOptions(jvmProfile, false) };

  const started = Date.now();
  await formatStorageOnce(java, newClusterId());
  const broker = spawnBroker(java);
  const state: BrokerState = {
    pid: broker.pid,
    port,
    controllerPort,
    version,
    jvmProfile,
    dir,
    startedAt: new Date().toISOString(),
    ...(options.owned ? { owner: processIdentity(process.pid) } : {}),
  };
  writeFileSync(join(dir, STATE_FILE), JSON.stringify(state, null, 2));
  try {
    await waitForBroker(broker, port, started, () => brokerServes(port));
  } catch (err) {
    rmSync(join(dir, STATE_FILE), { force: true });
    throw err;
  }
  const startMs = Date.now() - started;
  log.info({ port, brokerPid: broker.pid, version, jvmProfile, startMs }, 'Kafka broker is up');
  return { state, alreadyRunning: false, startMs };
}

export async function checkPortFree(port: number): Promise<void> {
  if (await portAnswers(port)) {
    throw new UserError(
      `Port ${port} on 127.0.0.1 is already in use by another process.`,
      `Stop that process, or start the broker on another port with --port.`,
    );
  }
}

/** Writes DIR/server.properties and the logging configuration (DIR/logs is created). */
export function writeBrokerConfig(dir: string, version: KafkaVersion, properties: string): void {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(join(dir, 'server.properties'), properties);
  const logging = loggingConfig(dir, version);
  writeFileSync(logging.file, logging.text);
}

/** Formats the KRaft storage of DIR with `clusterId` unless it is formatted already (then checks which Kafka wrote it). */
export async function formatStorageOnce(java: JavaSetup, clusterId: string): Promise<void> {
  if (existsSync(join(java.dir, 'data', 'meta.properties'))) {
    checkFormattedVersion(java.dir, java.version);
    return;
  }
  const format = spawn('java', javaArgs(java, 'kafka.tools.StorageTool', storageFormatArgs(clusterId, join(java.dir, 'server.properties'))), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  format.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  format.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    format.once('error', (err) => {
      output += String(err);
      resolve(null);
    });
    format.once('close', resolve);
  });
  if (code !== 0) {
    throw new UserError(
      `Formatting the KRaft storage in ${join(java.dir, 'data')} failed:\n${output.trim()}`,
      `Remove ${java.dir} and try again.`,
      1,
    );
  }
  writeFileSync(join(java.dir, FORMATTED_BY_FILE), java.version);
}

export interface BrokerProcess {
  pid: number;
  dir: string;
  /** True once the JVM has exited. */
  exited: () => boolean;
}

/** Starts the broker JVM of DIR detached (it outlives this process); its output goes to DIR/logs/broker.out. */
export function spawnBroker(java: JavaSetup): BrokerProcess {
  const out = openSync(join(java.dir, 'logs', 'broker.out'), 'a');
  const child = spawn('java', javaArgs(java, 'kafka.Kafka', [join(java.dir, 'server.properties')]), {
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new UserError('Could not start java for the Kafka broker.', 'Check that java runs.', 1);
  let exited = false;
  child.once('exit', () => (exited = true));
  return { pid: child.pid, dir: java.dir, exited: () => exited };
}

/**
 * Waits until `serves` says the broker is up, for LOCAL_KAFKA.startTimeoutMs from `startedAt`;
 * otherwise kills it and fails with the end of its logs.
 */
export async function waitForBroker(broker: BrokerProcess, port: number, startedAt: number, serves: () => Promise<boolean>): Promise<void> {
  const deadline = startedAt + LOCAL_KAFKA.startTimeoutMs;
  while (Date.now() < deadline && !broker.exited()) {
    if ((await portAnswers(port, 500)) && (await serves())) return;
    await sleep(250);
  }
  if (!broker.exited()) await stopBroker(broker, 'SIGKILL');
  const outFile = join(broker.dir, 'logs', 'broker.out');
  throw new UserError(
    `The Kafka broker did not come up on 127.0.0.1:${port}. Last lines of ${outFile} and ${join(broker.dir, 'logs', 'server.log')}:\n` +
      `${tail(outFile)}\n${tail(join(broker.dir, 'logs', 'server.log'))}`,
    'Check that the port is free and the disk is not full; remove the directory to start from a clean state.',
    1,
  );
}

/**
 * Stops one broker JVM and waits until it is gone: SIGTERM lets it shut down cleanly (and
 * is followed by SIGKILL after LOCAL_KAFKA.stopTimeoutMs); SIGKILL is a crash.
 */
export async function stopBroker(broker: Pick<BrokerState, 'pid' | 'dir'>, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (!isOurBroker(broker)) return;
  process.kill(broker.pid, signal);
  const deadline = Date.now() + LOCAL_KAFKA.stopTimeoutMs;
  while (Date.now() < deadline && isOurBroker(broker)) await sleep(100);
  if (isOurBroker(broker)) {
    log.warn({ brokerPid: broker.pid }, 'broker did not stop on SIGTERM in time; killing it');
    process.kill(broker.pid, 'SIGKILL');
    while (isOurBroker(broker)) await sleep(100);
  }
}

/** The storage tool's arguments to format a directory (kafka/cluster-id.test.ts feeds the same to Kafka's parser). */
export function storageFormatArgs(clusterId: string, propsFile: string): string[] {
  return ['format', '--cluster-id', clusterId, '--config', propsFile];
}

/**
 * Storage formatted by a newer Kafka line cannot be read by an older one (3.9 cannot read what
 * 4.x wrote; 4.x reads 3.9's): say so before Java fails with a stack trace.
 */
function checkFormattedVersion(dir: string, version: KafkaVersion): void {
  let formattedBy: string;
  try {
    formattedBy = readFileSync(join(dir, FORMATTED_BY_FILE), 'utf8').trim();
  } catch {
    return; // formatted before the marker existed
  }
  if (isKafkaVersionOlder(version, formattedBy)) {
    throw new UserError(
      `${dir} holds data formatted by Kafka ${formattedBy}; Kafka ${version} cannot read it.`,
      `Start it with KAFKA_VERSION=${formattedBy}, or use another --dir.`,
    );
  }
}

function isKafkaVersionOlder(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0);
  }
  return false;
}

/** The identity of a live process (its pid and start time in clock ticks since boot, /proc/PID/stat field 22). */
export function processIdentity(pid: number): ProcessIdentity {
  return { pid, startTicks: startTicksOf(pid) ?? -1 };
}

function startTicksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses) start at the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}

/** The process is still the one identified (not gone, not a recycled pid). */
export function isAlive(identity: ProcessIdentity): boolean {
  return startTicksOf(identity.pid) === identity.startTicks;
}

/** The broker has finished start-up once it answers a metadata request (the port opens earlier). */
async function brokerServes(port: number): Promise<boolean> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function kafkaDown(options: { dir?: string } = {}): Promise<{ stopped: boolean; pid?: number }> {
  const dir = options.dir ?? LOCAL_KAFKA.defaultDir;
  const state = readState(dir);
  if (!state) return { stopped: false };
  if (!isOurBroker(state)) {
    rmSync(join(dir, STATE_FILE), { force: true });
    return { stopped: false };
  }
  await stopBroker(state);
  rmSync(join(dir, STATE_FILE), { force: true });
  return { stopped: true, pid: state.pid };
}

export interface BrokerStatus {
  running: boolean;
  answering: boolean;
  dir: string;
  state?: BrokerState;
  bootstrap?: string;
}

export async function kafkaStatus(options: { dir?: string } = {}): Promise<BrokerStatus> {
  const dir = options.dir ?? LOCAL_KAFKA.defaultDir;
  const state = readState(dir);
  if (!state || !isOurBroker(state)) return { running: false, answering: false, dir };
  return { running: true, answering: await brokerServes(state.port), dir, state, bootstrap: bootstrapAddress(state) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
