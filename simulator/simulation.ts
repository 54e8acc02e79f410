import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { existsSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { UserError } from '../common/errors.js';
import { createKafka } from '../kafka/config.js';
import { kafkaDown, kafkaUp, readState } from '../kafka/local-broker.js';
import { ensureTopics, eventsTopic, positionsTopic } from '../kafka/topics.js';
import type { DrivingChoice } from './driving-profiles.js';
import { GatewayServer } from '../gateway/server.js';
import { UPLOADER_DEFAULTS } from '../agent/uploader.js';
import { CREDENTIAL_DEFAULTS, provisionInRegistry, readCredentialsFile, type TruckCredential } from './credentials.js';
import { NO_FAULTS, type FaultSchedule } from './faults.js';
import { Fleet, FLEET_DEFAULTS, type BufferMode, type FleetOptions, type KafkaControl } from './fleet.js';
import { LiveView, type ViewMode } from './live-view.js';
import { buildReport, droppedTotal, type SimReport } from './report.js';
import { shardTrucks, WHOLE_FLEET, type Shard } from './shard.js';
import { loadTrips } from './trip-files.js';
import { endOffsets, type PartitionOffsets } from '../kafka/range-reader.js';
import { readRecordKeys, verifyTruck, type TruckVerification } from './verify.js';

const log = getLogger('simulator');

/** Gateway URL meaning "start one in this process" (on a free port, with its own registry). */
export const LOCAL_GATEWAY = 'local';

export interface SimulationOptions {
  trucks: number;
  tripPaths: string[];
  /** Gateway base URL, or 'local'. */
  gateway: string;
  speedup?: number;
  durationMs?: number;
  shard?: Shard;
  faults?: FaultSchedule;
  buffer?: BufferMode;
  /** Where per-truck SQLite files go; default a fresh directory under /dev/shm (or the temp dir), removed after a clean run. */
  bufferDir?: string;
  /** Registry file of a local gateway the trucks are written into (default for 'local': a fresh temp file). */
  registryFile?: string;
  credentialsFile?: string;
  vehiclePrefix?: string;
  verify?: boolean;
  /** Kafka for 'local' gateways and --verify; default KAFKA_BROKERS / the local broker. */
  brokers?: string[];
  topic?: string;
  /** Where the gateway puts driving events (default vehicle-events). */
  eventsTopic?: string;
  /** How the trucks' drivers drive (simulator/driving-profiles.ts); default every trip as recorded. */
  driving?: DrivingChoice;
  /** Directory of a local broker (`telematics kafka up --dir`) the run may stop and restart for kafka-stop faults. */
  kafkaDir?: string;
  view?: ViewMode;
  out?: Writable;
  drainTimeoutMs?: number;
  core?: FleetOptions['core'];
  /** The first K trucks of this process feed their agent through a real PTY (NMEA → serial → hw/nmea). */
  ptyTrucks?: number;
  /** Called with the fleet once it exists (Ctrl-C handling, benches). */
  onFleet?: (fleet: Fleet) => void;
}

function defaultBufferRoot(): string {
  // Per-truck files on tmpfs: every real truck has its own SD card, and one shared disk
  // serialising thousands of trucks' fsyncs would measure this machine's disk instead.
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

function kafkaControlFor(dir: string): KafkaControl {
  const state = readState(dir);
  if (!state) throw new UserError(`No local broker recorded in ${dir}.`, 'Start one with `telematics kafka up --dir DIR`, or drop the kafka-stop faults.');
  return {
    stop: async () => {
      await kafkaDown({ dir });
    },
    start: async () => {
      // The same broker again: its port, version and JVM profile (and owner, for a test's broker).
      await kafkaUp({ dir, port: state.port, controllerPort: state.controllerPort, version: state.version, jvmProfile: state.jvmProfile, owned: state.owner !== undefined });
    },
  };
}

/** Runs one simulation end to end: trips, credentials, (local gateway), the fleet with its live view, verification, report. */
export async function runSimulation(options: SimulationOptions): Promise<SimReport> {
  const shard = options.shard ?? WHOLE_FLEET;
  const faults = options.faults ?? NO_FAULTS;
  const buffer = options.buffer ?? FLEET_DEFAULTS.buffer;
  const speedup = options.speedup ?? FLEET_DEFAULTS.speedup;
  const topic = options.topic ?? positionsTopic().name;
  const eventsTopicName = options.eventsTopic ?? eventsTopic().name;
  const prefix = options.vehiclePrefix ?? CREDENTIAL_DEFAULTS.vehiclePrefix;
  if (!Number.isInteger(options.trucks) || options.trucks < 1) throw new UserError(`--trucks must be a whole number ≥ 1, got ${options.trucks}.`, 'e.g. --trucks 200');
  const { trips, files } = await loadTrips(options.tripPaths);
  const mine = shardTrucks(options.trucks, shard);
  if (mine.length === 0) throw new UserError(`Shard ${shard.index}/${shard.count} of ${options.trucks} trucks is empty.`, 'Use fewer shards than trucks.');

  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    let gatewayUrl = options.gateway;
    let registryFile = options.registryFile;
    if (gatewayUrl === LOCAL_GATEWAY) {
      if (!registryFile) {
        const dir = mkdtempSync(join(tmpdir(), 'telematics-sim-registry-'));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        registryFile = join(dir, 'devices.json');
      }
      const gateway = new GatewayServer({ port: 0, registryFile, topic, eventsTopic: eventsTopicName, brokers: options.brokers });
      gatewayUrl = await gateway.start();
      cleanups.push(() => gateway.stop());
      log.info({ gateway: gatewayUrl }, 'local gateway started in this process');
    }
    let credentials: Map<number, TruckCredential>;
    if (options.credentialsFile) credentials = readCredentialsFile(options.credentialsFile, mine);
    else if (registryFile) credentials = provisionInRegistry(registryFile, prefix, mine);
    else {
      throw new UserError('The trucks need credentials.', 'For a gateway on this machine pass its --registry FILE (the simulator registers the trucks); for a remote one, --credentials FILE.');
    }

    let kafka: Kafka | undefined;
    let fromOffsets: { positions: PartitionOffsets; events: PartitionOffsets } | undefined;
    if (options.verify) {
      kafka = createKafka('telematics-sim-verify', options.brokers);
      const admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin, [positionsTopic({ name: topic }), eventsTopic({ name: eventsTopicName })]).finally(() => admin.disconnect());
      fromOffsets = { positions: await endOffsets(kafka, topic), events: await endOffsets(kafka, eventsTopicName) };
    }

    let bufferDir = options.bufferDir;
    let ownBufferDir = false;
    if (buffer === 'sqlite' && !bufferDir) {
      bufferDir = mkdtempSync(join(defaultBufferRoot(), 'telematics-sim-buffers-'));
      ownBufferDir = true;
    }

    const fleet = new Fleet({
      trucks: mine,
      credentials,
      trips,
      gateway: gatewayUrl,
      durationMs: options.durationMs,
      speedup,
      buffer,
      bufferDir,
      faults,
      kafkaControl: options.kafkaDir ? kafkaControlFor(options.kafkaDir) : undefined,
      drainTimeoutMs: options.drainTimeoutMs,
      core: options.core,
      ptyTrucks: options.ptyTrucks,
      driving: options.driving,
    });
    options.onFleet?.(fleet);
    const interpolated = mine.filter((n) => trips[n % trips.length]!.interpolated).length;
    if (interpolated > 0) {
      log.info({ trucks: interpolated }, 'trucks on sparse trips: fixes between recorded pings are interpolated to 1 Hz along the great circle, speed and course derived');
    }
    const view = new LiveView(() => fleet.snapshot(), options.view ?? 'none', options.out ?? process.stdout);
    view.start();
    const result = await fleet.run().finally(() => view.stop());

    let verify: Parameters<typeof buildReport>[0]['verify'];
    if (kafka && fromOffsets) {
      const vehicles = new Set(result.trucks.map((t) => t.vehicleId));
      const positions = await readRecordKeys(kafka, topic, fromOffsets.positions, vehicles);
      const events = await readRecordKeys(kafka, eventsTopicName, fromOffsets.events, vehicles, undefined, positions.counts);
      const counts = events.counts;
      const skipped = [positions.skipped, events.skipped].flatMap((s) => Object.values(s)).reduce((sum, n) => sum + n, 0);
      const perTruck = new Map<number, TruckVerification>();
      for (const t of result.trucks) {
        const d = t.buffer.drops;
        perTruck.set(t.number, verifyTruck(counts, { vehicleId: t.vehicleId, epoch: t.epoch, lastSeq: t.buffer.lastSeq, unsentSeqs: t.unsentSeqs, droppedCounted: d.capacity + d.memory + t.buffer.quarantinedPositions }));
      }
      verify = { topic, eventsTopic: eventsTopicName, recordsRead: positions.records, skippedRecords: skipped, eventRecordsRead: events.records, eventsByKind: events.kinds, trucks: perTruck };
    }
    const report = buildReport({
      result,
      shard: `${shard.index}/${shard.count}`,
      gateway: gatewayUrl,
      speedup,
      durationMs: options.durationMs,
      buffer,
      trips: {
        files,
        count: trips.length,
        interpolated: trips.filter((t) => t.interpolated).length,
        note:
          interpolated > 0
            ? `${interpolated} of ${mine.length} trucks drive sparse trips: their 1 Hz fixes are interpolated between recorded pings along the great circle, speed and course derived from the path`
            : `all ${mine.length} trucks drive trips recorded at the GPS rate (no interpolation)`,
      },
      faults,
      lateAfterMs: 2 * (options.core?.uploader?.intervalMs ?? UPLOADER_DEFAULTS.intervalMs),
      verify,
    });
    // Buffers are evidence when something is left in them: keep them then.
    if (ownBufferDir && bufferDir) {
      if (report.fleet.stillBuffered === 0 && droppedTotal(report.fleet.dropped) === 0) rmSync(bufferDir, { recursive: true, force: true });
      else log.warn({ bufferDir }, 'positions left in the truck buffers: kept for inspection');
    }
    return report;
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

