import type { SchemaObject } from 'ajv';
import { VEHICLE_ID_PATTERN, VEHICLE_ID_RULE } from '../protocol/vehicle-id.js';
import { DIAG_DEFAULTS } from './diag.js';

/**
 * The agent's command-line settings, declared once. Both entry points read them from here:
 * `telematics agent|diag` (yargs, agent/cli.ts) and the lean `node dist/agent/main.js agent|diag`
 * (node:util parseArgs, agent/main.ts); the config file's JSON Schema takes each setting's
 * schema (agent/config-schema.ts). Documented in agent/README.md ("Running it").
 */
export interface Setting {
  /** The flag, without its dashes. */
  flag: string;
  /** The environment variable that gives it, if any. */
  env?: string;
  /** The value's placeholder in usage lines; absent for a switch (a boolean flag). */
  arg?: string;
  describe: string;
  /** JSON Schema of the value. Flags and environment variables are text, read by this schema's type (setting-sources.ts). */
  schema: SchemaObject;
}

/** Where things are when nothing says otherwise (the systemd unit's StateDirectory is /var/lib/telematics). */
export const AGENT_CONFIG_DEFAULTS = {
  configFile: '/etc/telematics/agent.json',
  db: '/var/lib/telematics/agent.db',
  baud: 9600 as number | 'auto',
};

/**
 * The truck's own files, as the systemd unit expects them: the config, the token it hands over
 * with LoadCredential (systemd/telematics-agent.service), the receiver's stable name from the udev
 * rule (systemd/99-gps.rules). `telematics gateway add-devices` writes its bundles to match.
 */
export const VEHICLE_FILES = {
  configFile: AGENT_CONFIG_DEFAULTS.configFile,
  tokenFile: '/etc/telematics/token',
  serial: '/dev/gps0',
};

export const BAUD_RATES = [4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

const text = { type: 'string', minLength: 1 };

/**
 * The agent's settings; each key is also the config file's key. Every one can come from the
 * config file, most from an environment variable (TELEMATICS_TOKEN_FILE keeps the secret out
 * of the unit file), all from a flag. Flags win, then the environment, then the file.
 */
export const AGENT_SETTINGS = {
  serial: { flag: 'serial', env: 'TELEMATICS_SERIAL', arg: 'DEV', describe: 'GPS serial device, e.g. /dev/gps0', schema: text },
  baud: {
    flag: 'baud',
    env: 'TELEMATICS_BAUD',
    arg: 'B|auto',
    describe: `Baud rate, or "auto" to hunt 4800…115200 (default ${AGENT_CONFIG_DEFAULTS.baud})`,
    schema: { enum: [...BAUD_RATES, 'auto'] },
  },
  gateway: { flag: 'gateway', env: 'TELEMATICS_GATEWAY', arg: 'URL', describe: 'Gateway base URL, e.g. https://gw.example.com', schema: text },
  vehicleId: {
    flag: 'vehicle-id',
    env: 'TELEMATICS_VEHICLE_ID',
    arg: 'ID',
    describe: "This vehicle's id at the gateway",
    schema: { type: 'string', pattern: VEHICLE_ID_PATTERN.source, description: VEHICLE_ID_RULE },
  },
  token: { flag: 'token', env: 'TELEMATICS_TOKEN', arg: 'T', describe: 'Bearer token from `telematics gateway add-device`', schema: text },
  tokenFile: { flag: 'token-file', env: 'TELEMATICS_TOKEN_FILE', arg: 'F', describe: 'File holding the token', schema: text },
  caFile: {
    flag: 'ca-file',
    env: 'TELEMATICS_CA_FILE',
    arg: 'F',
    describe: "PEM file of the CA certificate(s) the gateway's TLS certificate must chain to, trusted instead of the system's CAs (https:// gateways)",
    schema: text,
  },
  speedZonesFile: {
    flag: 'speed-zones-file',
    env: 'TELEMATICS_SPEED_ZONES_FILE',
    arg: 'F',
    describe: 'GeoJSON file of speed zones (features with speedLimitKmh; the monitor\'s plan file will do): inside a zone, speeding is judged against its lower limit',
    schema: text,
  },
  db: { flag: 'db', env: 'TELEMATICS_DB', arg: 'FILE', describe: `SQLite buffer (default ${AGENT_CONFIG_DEFAULTS.db})`, schema: text },
  statusFile: {
    flag: 'status-file',
    env: 'TELEMATICS_STATUS_FILE',
    arg: 'F',
    describe: 'Live status for `telematics diag` (default $RUNTIME_DIRECTORY/agent-status.json, else <db>.status.json)',
    schema: text,
  },
  everyFix: { flag: 'every-fix', env: 'TELEMATICS_EVERY_FIX', describe: 'Record every valid fix instead of sampling', schema: { type: 'boolean' } },
  metricsPort: {
    flag: 'metrics-port',
    env: 'TELEMATICS_METRICS_PORT',
    arg: 'P',
    describe: 'Serve Prometheus metrics on 127.0.0.1:PORT/metrics',
    schema: { type: 'integer', minimum: 1, maximum: 65535 },
  },
} satisfies Record<string, Setting>;

export type AgentSettingKey = keyof typeof AGENT_SETTINGS;

/** Which config file to read: a flag only. */
export const CONFIG_FLAG = {
  config: { flag: 'config', arg: 'FILE', describe: `JSON config file (default ${AGENT_CONFIG_DEFAULTS.configFile} when it exists)`, schema: text },
} satisfies Record<string, Setting>;

/** `telematics diag`: the agent's buffer and gateway, checked from outside the agent. */
export const DIAG_SETTINGS = {
  db: { ...AGENT_SETTINGS.db, describe: `The agent's buffer (default ${AGENT_CONFIG_DEFAULTS.db})` },
  statusFile: { flag: 'status-file', arg: 'F', describe: "The running agent's status file (default: as the agent chooses)", schema: text },
  gateway: { flag: 'gateway', arg: 'URL', describe: "Gateway to check (default: the running agent's)", schema: text },
  caFile: { ...AGENT_SETTINGS.caFile, describe: "PEM file of the CA(s) the gateway's certificate chains to, as the agent's --ca-file" },
  timeoutMs: { flag: 'timeout-ms', arg: 'MS', describe: `Gateway check timeout (default ${DIAG_DEFAULTS.gatewayTimeoutMs})`, schema: { type: 'integer', minimum: 1 } },
  json: { flag: 'json', describe: 'Machine-readable report (schema in agent/README.md)', schema: { type: 'boolean' } },
} satisfies Record<string, Setting>;

/** `telematics agent quarantine list|resend`: the positions the gateway refused, in the agent's buffer. */
export const QUARANTINE_SETTINGS = {
  db: DIAG_SETTINGS.db,
  json: { flag: 'json', describe: 'list: one JSON document (schema in agent/README.md)', schema: { type: 'boolean' } },
  batch: { flag: 'batch', arg: 'ID', describe: 'resend: only this quarantined batch (its id in the list)', schema: { type: 'integer', minimum: 1 } },
} satisfies Record<string, Setting>;
