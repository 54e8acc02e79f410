import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../common/errors.js';
import { VEHICLE_ID_PATTERN, VEHICLE_ID_RULE } from '../protocol/vehicle-id.js';
import type { PositionBufferOptions } from './position-buffer.js';
import type { SamplerOptions } from './sampler.js';
import type { UploaderOptions } from './uploader.js';
import { defaultStatusFile } from './status-file.js';

/** Where things are when nothing says otherwise (the systemd unit's StateDirectory is /var/lib/telematics). */
export const AGENT_CONFIG_DEFAULTS = {
  configFile: '/etc/telematics/agent.json',
  db: '/var/lib/telematics/agent.db',
  baud: 9600 as number | 'auto',
};

const BAUD_RATES = [4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

/** The agent's settings after merging file, environment and flags (flags win, then env, then file). */
export interface AgentConfig {
  serial: string;
  baud: number | 'auto';
  gateway: string;
  vehicleId: string;
  token: string;
  db: string;
  /** Live status for `telematics diag`; default $RUNTIME_DIRECTORY/agent-status.json under systemd (tmpfs), else `<db>.status.json`. */
  statusFile: string;
  everyFix: boolean;
  metricsPort?: number;
  sampler?: Partial<SamplerOptions>;
  buffer?: Partial<Omit<PositionBufferOptions, 'clock' | 'logger' | 'vehicleId'>>;
  uploader?: Partial<UploaderOptions>;
  /** Which file was read, if any. */
  configFile?: string;
}

/** Settings as given by one source; every field optional. */
export interface AgentConfigInput {
  serial?: string;
  baud?: number | string;
  gateway?: string;
  vehicleId?: string;
  token?: string;
  tokenFile?: string;
  db?: string;
  statusFile?: string;
  everyFix?: boolean | string;
  metricsPort?: number | string;
  sampler?: Partial<SamplerOptions>;
  buffer?: AgentConfig['buffer'];
  uploader?: Partial<UploaderOptions>;
}

/** Environment variables, one per setting (TELEMATICS_TOKEN_FILE keeps the secret out of the unit file). */
export const AGENT_ENV: Record<string, keyof AgentConfigInput> = {
  TELEMATICS_SERIAL: 'serial',
  TELEMATICS_BAUD: 'baud',
  TELEMATICS_GATEWAY: 'gateway',
  TELEMATICS_VEHICLE_ID: 'vehicleId',
  TELEMATICS_TOKEN: 'token',
  TELEMATICS_TOKEN_FILE: 'tokenFile',
  TELEMATICS_DB: 'db',
  TELEMATICS_STATUS_FILE: 'statusFile',
  TELEMATICS_EVERY_FIX: 'everyFix',
  TELEMATICS_METRICS_PORT: 'metricsPort',
};

const FILE_KEYS = new Set<string>([...Object.values(AGENT_ENV), 'sampler', 'buffer', 'uploader']);

export function readConfigFile(path: string, required: boolean): AgentConfigInput {
  if (!existsSync(path)) {
    if (required) throw new UserError(`config file ${path} does not exist`, 'give an existing file with --config, or leave it out', 2);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`config file ${path} is not valid JSON: ${(err as Error).message}`, 'fix the file (see agent/README.md for its keys)', 2);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserError(`config file ${path} must hold a JSON object`, 'e.g. {"serial": "/dev/gps0", "gateway": "https://…", "vehicleId": "truck-1", "tokenFile": "/etc/telematics/token"}', 2);
  }
  const unknown = Object.keys(parsed).filter((k) => !FILE_KEYS.has(k));
  if (unknown.length > 0) {
    throw new UserError(`config file ${path} has unknown key(s): ${unknown.join(', ')}`, `known keys: ${[...FILE_KEYS].join(', ')}`, 2);
  }
  return parsed as AgentConfigInput;
}

export function configFromEnv(env: NodeJS.ProcessEnv): AgentConfigInput {
  const out: Record<string, string> = {};
  for (const [name, key] of Object.entries(AGENT_ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out as AgentConfigInput;
}

/**
 * Merges the sources (later wins) and validates everything at once, so a technician
 * sees every problem in one go: what is wrong and what to do.
 */
export function resolveAgentConfig(sources: AgentConfigInput[], options: { configFile?: string } = {}): AgentConfig {
  const merged: AgentConfigInput = {};
  for (const s of sources) {
    for (const [k, v] of Object.entries(s)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  const problems: string[] = [];

  if (!merged.serial) problems.push('no serial device: give --serial /dev/gps0 (or TELEMATICS_SERIAL, or "serial" in the config file)');

  let baud: number | 'auto' = AGENT_CONFIG_DEFAULTS.baud;
  if (merged.baud !== undefined) {
    if (String(merged.baud) === 'auto') baud = 'auto';
    else if (BAUD_RATES.includes(Number(merged.baud))) baud = Number(merged.baud);
    else problems.push(`baud ${String(merged.baud)} is not a serial rate: use auto or one of ${BAUD_RATES.join(', ')}`);
  }

  if (!merged.gateway) problems.push('no gateway: give --gateway https://gateway.example.com');
  else {
    try {
      const url = new URL(merged.gateway);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`gateway ${merged.gateway} must be an http:// or https:// URL`);
    } catch {
      problems.push(`gateway ${merged.gateway} is not a URL: give e.g. https://gateway.example.com`);
    }
  }

  if (!merged.vehicleId) problems.push('no vehicle id: give --vehicle-id (the id the gateway registered with add-device)');
  else if (!VEHICLE_ID_PATTERN.test(merged.vehicleId)) problems.push(`vehicle id ${merged.vehicleId} is not valid: ${VEHICLE_ID_RULE}`);

  let token = merged.token;
  if (!token && merged.tokenFile) {
    try {
      token = readFileSync(merged.tokenFile, 'utf8').trim();
      if (!token) problems.push(`token file ${merged.tokenFile} is empty: put the token from 'telematics gateway add-device' in it`);
    } catch (err) {
      problems.push(`cannot read token file ${merged.tokenFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (it must be readable by the agent user)`);
    }
  }
  if (!token && !merged.tokenFile) problems.push('no token: give --token, --token-file or TELEMATICS_TOKEN (printed by telematics gateway add-device)');

  const db = resolve(merged.db ?? AGENT_CONFIG_DEFAULTS.db);
  try {
    accessSync(dirname(db), constants.W_OK);
  } catch {
    problems.push(`the buffer directory ${dirname(db)} does not exist or is not writable: create it for the agent user, or give --db in a writable directory`);
  }

  const everyFix = merged.everyFix === true || merged.everyFix === 'true' || merged.everyFix === '1';
  let metricsPort: number | undefined;
  if (merged.metricsPort !== undefined) {
    metricsPort = Number(merged.metricsPort);
    if (!Number.isInteger(metricsPort) || metricsPort < 1 || metricsPort > 65535) problems.push(`metrics port ${String(merged.metricsPort)} must be 1–65535`);
  }

  if (problems.length > 0) {
    const where = options.configFile ? ` (config file ${options.configFile}, TELEMATICS_* environment, flags)` : '';
    throw new UserError(`the agent configuration is not usable${where}:\n  - ${problems.join('\n  - ')}`, 'fix the settings above and start again; see telematics agent --help', 2);
  }
  return {
    serial: merged.serial!,
    baud,
    gateway: merged.gateway!,
    vehicleId: merged.vehicleId!,
    token: token!,
    db,
    statusFile: resolve(merged.statusFile ?? defaultStatusFile(db)),
    everyFix,
    metricsPort,
    sampler: merged.sampler,
    buffer: merged.buffer,
    uploader: merged.uploader,
    configFile: options.configFile,
  };
}
