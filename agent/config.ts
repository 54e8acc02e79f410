import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../common/errors.js';
import { speedZonesOf, type SpeedZone } from '../protocol/speed-zones.js';
import { validateAgentConfig, validateDiagSettings, validateQuarantineSettings } from './config-validators.js';
import { DIAG_DEFAULTS } from './diag.js';
import type { DrivingEventOptions } from './driving-events.js';
import type { PlausibilityFilterOptions } from './plausibility.js';
import type { PositionBufferOptions } from './position-buffer.js';
import type { SamplerOptions } from './sampler.js';
import { schemaChecker, topLevelKey, type CompiledValidator, type SchemaProblem } from './schema-problems.js';
import { fromEnv, fromFlags, settingName, type SettingOrigin, type Settings, type SettingValues } from './setting-sources.js';
import { AGENT_CONFIG_DEFAULTS, AGENT_SETTINGS, CONFIG_FLAG, DIAG_SETTINGS, QUARANTINE_SETTINGS, type AgentSettingKey } from './settings.js';
import { defaultStatusFile } from './status-file.js';
import { lazyBuiltin } from '../common/lazy-builtin.js';
import type { UploaderOptions } from './uploader.js';

/** Loaded only to check a CA file. */
const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

/** The agent's settings after merging file, environment and flags (flags win, then env, then file). */
export interface AgentConfig {
  serial: string;
  baud: number | 'auto';
  gateway: string;
  vehicleId: string;
  token: string;
  /** The CA certificate(s) the gateway's TLS certificate must chain to (`caFile`, read), instead of the system's. */
  gatewayCa?: TrustedCa;
  db: string;
  /** Live status for `telematics diag`; default $RUNTIME_DIRECTORY/agent-status.json under systemd (tmpfs), else `<db>.status.json`. */
  statusFile: string;
  everyFix: boolean;
  metricsPort?: number;
  plausibility?: Partial<PlausibilityFilterOptions>;
  /** The driving-event detector's thresholds (DRIVING_EVENT_DEFAULTS). */
  driving?: Partial<DrivingEventOptions>;
  /** Areas with their own speed limit (`speedZonesFile`, read). */
  speedZones?: SpeedZone[];
  sampler?: Partial<SamplerOptions>;
  buffer?: Partial<Omit<PositionBufferOptions, 'clock' | 'logger' | 'vehicleId'>>;
  uploader?: Partial<UploaderOptions>;
  /** Which file was read, if any. */
  configFile?: string;
  /** Where each given setting came from (`flag --gateway`, `environment TELEMATICS_GATEWAY`, `config file /etc/telematics/agent.json`); the token also names its file. `diag` advice names them. */
  settingsFrom: Partial<Record<AgentSettingKey, string>>;
}

/** CA certificates read from a PEM file: `pem` is the file's text, checked to hold at least one certificate and nothing unreadable. */
export interface TrustedCa {
  file: string;
  pem: string;
}

/** What one source gives, once it passed the schema: every key optional. */
export type AgentConfigInput = { [K in AgentSettingKey]?: K extends keyof AgentConfig ? AgentConfig[K] : string } & Pick<Partial<AgentConfig>, 'plausibility' | 'driving' | 'sampler' | 'buffer' | 'uploader'>;

/** Reads the speed zones file (`--speed-zones-file`); a file with no zone in it is a mistake worth naming at start. */
export function readSpeedZones(file: string): { zones: SpeedZone[] } | { problem: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { problem: `cannot read speed zones file ${file}: ${reason} (it must be readable by the agent user and hold GeoJSON)` };
  }
  const { zones, problems } = speedZonesOf(doc);
  if (problems.length > 0) return { problem: `speed zones file ${file}: ${problems.join('; ')} (see monitor/README.md, "Speed zones")` };
  if (zones.length === 0) return { problem: `speed zones file ${file} has no speed zone: give features with properties.speedLimitKmh, or leave the setting out` };
  return { zones };
}

/** Reads a CA file (`--ca-file`); the error says what is wrong with it in words a technician can act on. */
export function readTrustedCa(file: string): TrustedCa | { problem: string } {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    return { problem: `cannot read CA file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (it must be readable by the agent user)` };
  }
  // Node's TLS silently skips what is not a certificate: check each block here, so a wrong file is named at start.
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return { problem: `CA file ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the CA's certificate, not its key or a DER file` };
  for (const [i, block] of blocks.entries()) {
    try {
      new (crypto().X509Certificate)(block);
    } catch (err) {
      return { problem: `CA file ${file}: certificate ${i + 1} cannot be read (${(err as Error).message})` };
    }
  }
  return { file, pem };
}

/** Flags as a parser gives them, by flag name (`vehicle-id`): text, or true for a switch. */
export type FlagValues = Record<string, string | boolean | undefined>;

/** A config file's settings; a file that cannot be read is a problem, and reads as empty. */
function readConfigFile(path: string, required: boolean, problems: Problems): unknown {
  if (!existsSync(path)) {
    if (required) problems.add(`config file ${path} does not exist: give an existing file with --config, or leave it out`);
    return {};
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.add(`config file ${path} is not valid JSON: ${(err as Error).message}`);
    return {};
  }
}

/**
 * Problems with the settings from all sources, one line each; `invalid` names the settings a
 * schema found of the wrong kind, so the checks after it do not report them again.
 */
class Problems {
  readonly lines: string[] = [];
  readonly invalid = new Set<string>();
  private readonly problemsOf: (value: unknown) => SchemaProblem[];

  constructor(validate: CompiledValidator) {
    this.problemsOf = schemaChecker(validate);
  }

  add(line: string): void {
    this.lines.push(line);
  }

  /** Checks one source; `name` says where a problem is (a file path and pointer, a flag, a variable). */
  check(values: unknown, name: (p: SchemaProblem) => string): void {
    for (const p of this.problemsOf(values)) {
      this.invalid.add(topLevelKey(p));
      this.add(`${name(p)}: ${p.problem}`);
    }
  }

  /** Checks a flat source (flags or environment), naming each problem as the user gave it: `--metrics-port`, `TELEMATICS_METRICS_PORT`. */
  checkSettings(settings: Settings, values: SettingValues, origin: SettingOrigin): void {
    this.check(values, (p) => settingName(settings[topLevelKey(p)]!, origin));
  }
}

/**
 * Reads the config file (`--config`, else /etc/telematics/agent.json when it exists), the
 * TELEMATICS_* environment and the flags; validates each against the one schema and the whole
 * for what a schema cannot say (required settings, a readable token file, a writable buffer
 * directory); lists every problem at once, so a technician fixes everything in one go.
 * @param flags the flags as parsed (`--vehicle-id` under `vehicle-id`).
 * @throws UserError (exit 2) naming each problem by where it is.
 */
export function loadAgentConfig(flags: FlagValues, env: NodeJS.ProcessEnv): AgentConfig {
  const problems = new Problems(validateAgentConfig);
  const given = fromFlags(CONFIG_FLAG, flags).config as string | undefined;
  const configFile = given ?? AGENT_CONFIG_DEFAULTS.configFile;
  const file = readConfigFile(configFile, given !== undefined, problems);
  const fromEnvironment = fromEnv(AGENT_SETTINGS, env);
  const fromCommandLine = fromFlags(AGENT_SETTINGS, flags);
  problems.check(file, (p) => `config file ${configFile}: ${p.path || '(the whole file)'}`);
  problems.checkSettings(AGENT_SETTINGS, fromEnvironment, 'env');
  problems.checkSettings(AGENT_SETTINGS, fromCommandLine, 'flag');

  const input: Record<string, unknown> = { ...(isObject(file) ? file : {}), ...fromEnvironment, ...fromCommandLine };
  for (const key of problems.invalid) delete input[key];
  const config = resolveAgentConfig(input as AgentConfigInput, env, problems);
  if (!config) {
    throw new UserError(
      `the agent configuration is not usable (config file ${configFile}, TELEMATICS_* environment, flags):\n  - ${problems.lines.join('\n  - ')}`,
      'fix the settings above and start again; see telematics agent --help and agent/README.md',
      2,
    );
  }
  return { ...config, configFile: existsSync(configFile) ? configFile : undefined, settingsFrom: settingOrigins(input, fromCommandLine, fromEnvironment, configFile) };
}

/** Where each setting in `input` came from: flags win, then the environment, then the file (as merged above). */
function settingOrigins(input: Record<string, unknown>, flags: SettingValues, environment: SettingValues, configFile: string): AgentConfig['settingsFrom'] {
  const from: AgentConfig['settingsFrom'] = {};
  for (const key of Object.keys(AGENT_SETTINGS) as AgentSettingKey[]) {
    if (input[key] === undefined) continue;
    const setting = AGENT_SETTINGS[key];
    from[key] = key in flags ? `flag --${setting.flag}` : key in environment ? `environment ${setting.env}` : `config file ${configFile}`;
  }
  if (from.token === undefined && from.tokenFile !== undefined) from.token = `token file ${String(input.tokenFile)}, named by ${from.tokenFile}`;
  if (from.caFile !== undefined) from.caFile = `CA file ${String(input.caFile)}, named by ${from.caFile}`;
  return from;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The checks a schema cannot make, on the merged settings (each of its type; invalid ones were reported and left out); undefined when any problem was found. */
function resolveAgentConfig(input: AgentConfigInput, env: NodeJS.ProcessEnv, problems: Problems): Omit<AgentConfig, 'settingsFrom'> | undefined {
  const invalid = problems.invalid;
  if (!input.serial && !invalid.has('serial')) problems.add('no serial device: give --serial /dev/gps0 (or TELEMATICS_SERIAL, or "serial" in the config file)');
  let gatewayProtocol: string | undefined;
  if (!input.gateway) {
    if (!invalid.has('gateway')) problems.add('no gateway: give --gateway https://gateway.example.com');
  } else {
    try {
      gatewayProtocol = new URL(input.gateway).protocol;
      if (gatewayProtocol !== 'http:' && gatewayProtocol !== 'https:') problems.add(`gateway ${input.gateway} must be an http:// or https:// URL`);
    } catch {
      problems.add(`gateway ${input.gateway} is not a URL: give e.g. https://gateway.example.com`);
    }
  }
  let gatewayCa: TrustedCa | undefined;
  if (input.caFile) {
    const read = readTrustedCa(input.caFile);
    if ('problem' in read) problems.add(read.problem);
    else gatewayCa = read;
    if (gatewayProtocol === 'http:') problems.add(`a CA file (${input.caFile}) is given but the gateway ${input.gateway} is http://: use its https:// URL, or leave the CA file out`);
  }
  let speedZones: SpeedZone[] | undefined;
  if (input.speedZonesFile) {
    const read = readSpeedZones(input.speedZonesFile);
    if ('problem' in read) problems.add(read.problem);
    else speedZones = read.zones;
  }
  if (!input.vehicleId && !invalid.has('vehicleId')) problems.add('no vehicle id: give --vehicle-id (the id the gateway registered with add-device)');

  let token = input.token;
  if (!token && input.tokenFile) {
    try {
      token = readFileSync(input.tokenFile, 'utf8').trim();
      if (!token) problems.add(`token file ${input.tokenFile} is empty: put the token from 'telematics gateway add-device' in it`);
    } catch (err) {
      problems.add(`cannot read token file ${input.tokenFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (it must be readable by the agent user)`);
    }
  }
  if (!token && !input.tokenFile && !invalid.has('token') && !invalid.has('tokenFile')) problems.add('no token: give --token, --token-file or TELEMATICS_TOKEN (printed by telematics gateway add-device)');

  const db = resolve(input.db ?? AGENT_CONFIG_DEFAULTS.db);
  try {
    accessSync(dirname(db), constants.W_OK);
  } catch {
    problems.add(`the buffer directory ${dirname(db)} does not exist or is not writable: create it for the agent user, or give --db in a writable directory`);
  }
  if (problems.lines.length > 0) return undefined;
  return {
    serial: input.serial!,
    baud: input.baud ?? AGENT_CONFIG_DEFAULTS.baud,
    gateway: input.gateway!,
    vehicleId: input.vehicleId!,
    token: token!,
    ...(gatewayCa && { gatewayCa }),
    db,
    statusFile: resolve(input.statusFile ?? defaultStatusFile(db, env)),
    everyFix: input.everyFix ?? false,
    metricsPort: input.metricsPort,
    plausibility: input.plausibility,
    driving: input.driving,
    ...(speedZones && { speedZones }),
    sampler: input.sampler,
    buffer: input.buffer,
    uploader: input.uploader,
  };
}

/** What `diag` is to check, from its flags and TELEMATICS_DB. */
export interface DiagOptions {
  db: string;
  statusFile: string;
  gateway?: string;
  /** Where `gateway` came from, for diag's advice. */
  gatewayFrom?: string;
  /** As the agent's: the CA(s) the gateway's certificate chains to. */
  gatewayCa?: TrustedCa;
  timeoutMs: number;
  json: boolean;
}

/**
 * The values of a command's flat settings (no config file), from its flags and environment.
 * @throws UserError (exit 2) naming each flag (or variable) with a value of the wrong kind.
 */
function flatSettingValues(command: string, settings: Settings, validate: CompiledValidator, flags: FlagValues, env: NodeJS.ProcessEnv): SettingValues {
  const problems = new Problems(validate);
  const fromEnvironment = fromEnv(settings, env);
  const fromCommandLine = fromFlags(settings, flags);
  problems.checkSettings(settings, fromEnvironment, 'env');
  problems.checkSettings(settings, fromCommandLine, 'flag');
  if (problems.lines.length > 0) throw new UserError(`${command}: ${problems.lines.join('; ')}`, `see telematics ${command} --help`, 2);
  return { ...fromEnvironment, ...fromCommandLine };
}

/** @throws UserError (exit 2) naming each flag (or TELEMATICS_DB) with a value of the wrong kind. */
export function loadDiagOptions(flags: FlagValues, env: NodeJS.ProcessEnv): DiagOptions {
  const values = flatSettingValues('diag', DIAG_SETTINGS, validateDiagSettings, flags, env) as Partial<Omit<DiagOptions, 'gatewayCa'>> & { caFile?: string };
  const gatewayCa = values.caFile === undefined ? undefined : readTrustedCa(values.caFile);
  if (gatewayCa && 'problem' in gatewayCa) throw new UserError(`diag: ${gatewayCa.problem}`, 'see telematics diag --help', 2);
  const db = values.db ?? AGENT_CONFIG_DEFAULTS.db;
  return {
    db,
    statusFile: values.statusFile ?? defaultStatusFile(db, env),
    gateway: values.gateway,
    ...(values.gateway !== undefined && { gatewayFrom: 'diag flag --gateway' }),
    ...(gatewayCa && { gatewayCa: gatewayCa as TrustedCa }),
    timeoutMs: values.timeoutMs ?? DIAG_DEFAULTS.gatewayTimeoutMs,
    json: values.json ?? false,
  };
}

/** What `agent quarantine list|resend` works on. */
export interface QuarantineOptions {
  db: string;
  json: boolean;
  /** resend: only this batch (its id in the list). */
  batch?: number;
}

export function loadQuarantineOptions(flags: FlagValues, env: NodeJS.ProcessEnv): QuarantineOptions {
  const values = flatSettingValues('agent quarantine', QUARANTINE_SETTINGS, validateQuarantineSettings, flags, env) as Partial<QuarantineOptions>;
  return { db: values.db ?? AGENT_CONFIG_DEFAULTS.db, json: values.json ?? false, batch: values.batch };
}
