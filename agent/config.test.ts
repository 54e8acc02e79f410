import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { UserError } from '../common/errors.js';
import { loadAgentConfig, loadDiagOptions, type FlagValues } from './config.js';
import { defaultStatusFile } from './status-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A config file with `content`, and the flags that make the rest of a usable configuration. */
function withFile(content: unknown): FlagValues {
  const file = join(dir, 'agent.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return { config: file, serial: '/dev/gps0', gateway: 'https://gw.example.com', 'vehicle-id': 'truck-1', token: 't', db: join(dir, 'agent.db') };
}

/** The lines of the UserError that loading gives (it must fail, with exit code 2). */
function problemsOf(load: () => unknown): string[] {
  let thrown: unknown;
  try {
    load();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(UserError);
  expect((thrown as UserError).exitCode).toBe(2);
  return (thrown as UserError).message.split('\n  - ').slice(1);
}

describe('loadAgentConfig', () => {
  it('merges file, environment and flags: flags win, then the environment, then the file', () => {
    const flags = withFile({ baud: 'auto', metricsPort: 9100, everyFix: true, uploader: { intervalMs: 200 }, sampler: { moving: { minPeriodMs: 10_000 } } });
    const config = loadAgentConfig({ ...flags, 'metrics-port': '9300' }, { TELEMATICS_METRICS_PORT: '9200', TELEMATICS_BAUD: '38400' });
    expect(config).toMatchObject({
      serial: '/dev/gps0',
      baud: 38400,
      metricsPort: 9300,
      everyFix: true,
      vehicleId: 'truck-1',
      token: 't',
      uploader: { intervalMs: 200 },
      sampler: { moving: { minPeriodMs: 10_000 } },
      configFile: flags.config,
    });
    // Where each came from, for diag's advice.
    expect(config.settingsFrom).toMatchObject({
      metricsPort: 'flag --metrics-port',
      baud: 'environment TELEMATICS_BAUD',
      everyFix: `config file ${flags.config}`,
      gateway: 'flag --gateway',
      token: 'flag --token',
    });
  });

  it('reads every setting from the environment, each as its type', () => {
    const token = join(dir, 'token');
    writeFileSync(token, 'secret\n');
    const env = {
      TELEMATICS_SERIAL: '/dev/ttyUSB0',
      TELEMATICS_BAUD: 'auto',
      TELEMATICS_GATEWAY: 'http://127.0.0.1:8080',
      TELEMATICS_VEHICLE_ID: 'truck-2',
      TELEMATICS_TOKEN_FILE: token,
      TELEMATICS_DB: join(dir, 'x.db'),
      TELEMATICS_STATUS_FILE: join(dir, 'status.json'),
      TELEMATICS_EVERY_FIX: '1',
      TELEMATICS_METRICS_PORT: '9464',
    };
    const { config } = withFile({});
    expect(loadAgentConfig({ config }, env)).toEqual({
      serial: '/dev/ttyUSB0',
      baud: 'auto',
      gateway: 'http://127.0.0.1:8080',
      vehicleId: 'truck-2',
      token: 'secret',
      db: join(dir, 'x.db'),
      statusFile: join(dir, 'status.json'),
      everyFix: true,
      metricsPort: 9464,
      configFile: config,
      settingsFrom: {
        serial: 'environment TELEMATICS_SERIAL',
        baud: 'environment TELEMATICS_BAUD',
        gateway: 'environment TELEMATICS_GATEWAY',
        vehicleId: 'environment TELEMATICS_VEHICLE_ID',
        tokenFile: 'environment TELEMATICS_TOKEN_FILE',
        token: `token file ${token}, named by environment TELEMATICS_TOKEN_FILE`,
        db: 'environment TELEMATICS_DB',
        statusFile: 'environment TELEMATICS_STATUS_FILE',
        everyFix: 'environment TELEMATICS_EVERY_FIX',
        metricsPort: 'environment TELEMATICS_METRICS_PORT',
      },
    });
  });

  it('names a typo in a nested section by its path, with the keys that section knows', () => {
    const problems = problemsOf(() => loadAgentConfig(withFile({ uploader: { batchMaxPosition: 10 } }), {}));
    expect(problems).toEqual([expect.stringMatching(/^config file .*agent\.json: \/uploader\/batchMaxPosition: unknown key \(known here: batchMaxPositions, intervalMs, /)]);
  });

  it('names a value of the wrong type by its path', () => {
    const problems = problemsOf(() => loadAgentConfig(withFile({ sampler: { moving: { minPeriodMs: 'x' } } }), {}));
    expect(problems).toEqual([expect.stringMatching(/: \/sampler\/moving\/minPeriodMs: must be a number, got "x"$/)]);
  });

  it('lists every problem at once: in the file, the environment, the flags, and what is missing', () => {
    const flags = withFile({ sampler: { movingIntervalS: 'x' }, uploader: { encoding: 'xml', batchMaxPositions: 5000 }, colour: 'red', vehicleId: 'no spaces please' });
    const problems = problemsOf(() =>
      loadAgentConfig({ config: flags.config, 'metrics-port': '70000', db: flags.db }, { TELEMATICS_EVERY_FIX: 'yes', TELEMATICS_BAUD: '1234' }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/agent\.json: \/colour: unknown key/),
      expect.stringMatching(/agent\.json: \/vehicleId: must be 1–64 of letters, digits, \. _ : - \(starting with a letter or digit\), got "no spaces please"$/),
      expect.stringMatching(/agent\.json: \/sampler\/movingIntervalS: unknown key/),
      expect.stringMatching(/agent\.json: \/uploader\/batchMaxPositions: must be <= 1000, got 5000$/),
      expect.stringMatching(/agent\.json: \/uploader\/encoding: must be one of "binary", "json", got "xml"$/),
      'TELEMATICS_BAUD: must be one of 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, "auto", got 1234',
      'TELEMATICS_EVERY_FIX: must be a boolean, got "yes"',
      '--metrics-port: must be <= 65535, got 70000',
      expect.stringMatching(/^no serial device/),
      expect.stringMatching(/^no gateway/),
      expect.stringMatching(/^no token/),
    ]);
  });

  it('refuses a config file that is not JSON, not an object, or missing when named', () => {
    expect(problemsOf(() => loadAgentConfig(withFile('{"serial": '), {}))).toEqual([expect.stringMatching(/agent\.json is not valid JSON/)]);
    expect(problemsOf(() => loadAgentConfig(withFile([1]), {}))).toEqual([expect.stringMatching(/agent\.json: \(the whole file\): must be an object, got \[1\]$/)]);
    expect(problemsOf(() => loadAgentConfig({ ...withFile({}), config: join(dir, 'missing.json') }, {}))).toEqual([expect.stringMatching(/missing\.json does not exist/)]);
  });

  it('checks what a schema cannot: the gateway URL, the token file, the buffer directory', () => {
    const flags = { ...withFile({}), gateway: 'ftp://gw', token: undefined, 'token-file': join(dir, 'no-token'), db: join(dir, 'no-such-dir', 'agent.db') };
    expect(problemsOf(() => loadAgentConfig(flags, {}))).toEqual([
      'gateway ftp://gw must be an http:// or https:// URL',
      expect.stringMatching(/^cannot read token file .*no-token: ENOENT/),
      expect.stringMatching(/^the buffer directory .*no-such-dir does not exist or is not writable/),
    ]);
  });
});

describe('the gateway CA (--ca-file, TELEMATICS_CA_FILE, "caFile")', () => {
  const CA = join(PACKAGE_ROOT, 'gateway', 'test-fixtures', 'private-ca-cert.pem');

  it('reads the CA file from the config file, the environment or a flag (flags win)', () => {
    const other = join(dir, 'other-ca.pem');
    writeFileSync(other, readFileSync(join(PACKAGE_ROOT, 'gateway', 'test-fixtures', 'tls-cert.pem')));
    const fromFile = withFile({ caFile: CA });
    expect(loadAgentConfig(fromFile, {}).gatewayCa).toEqual({ file: CA, pem: readFileSync(CA, 'utf8') });
    // Where it came from, naming the file (diag's TLS advice).
    expect(loadAgentConfig(fromFile, {}).settingsFrom.caFile).toBe(`CA file ${CA}, named by config file ${fromFile.config}`);
    expect(loadAgentConfig(withFile({}), { TELEMATICS_CA_FILE: CA }).gatewayCa?.file).toBe(CA);
    expect(loadAgentConfig(withFile({}), { TELEMATICS_CA_FILE: CA }).settingsFrom.caFile).toBe(`CA file ${CA}, named by environment TELEMATICS_CA_FILE`);
    expect(loadAgentConfig({ ...withFile({ caFile: CA }), 'ca-file': other }, {}).gatewayCa?.file).toBe(other);
    expect(loadAgentConfig(withFile({}), {}).gatewayCa).toBeUndefined();
  });

  it('refuses a CA file that is missing, holds no certificate or a broken one, or comes with an http:// gateway', () => {
    const key = join(dir, 'key.pem');
    writeFileSync(key, readFileSync(join(PACKAGE_ROOT, 'gateway', 'test-fixtures', 'tls-key.pem')));
    const broken = join(dir, 'broken.pem');
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    expect(problemsOf(() => loadAgentConfig({ ...withFile({}), 'ca-file': join(dir, 'none.pem') }, {}))).toEqual([expect.stringMatching(/^cannot read CA file .*none\.pem: ENOENT/)]);
    expect(problemsOf(() => loadAgentConfig({ ...withFile({}), 'ca-file': key }, {}))).toEqual([expect.stringMatching(/^CA file .*key\.pem holds no PEM certificate/)]);
    expect(problemsOf(() => loadAgentConfig({ ...withFile({}), 'ca-file': broken }, {}))).toEqual([expect.stringMatching(/^CA file .*broken\.pem: certificate 1 cannot be read/)]);
    expect(problemsOf(() => loadAgentConfig({ ...withFile({}), gateway: 'http://127.0.0.1:8080', 'ca-file': CA }, {}))).toEqual([
      `a CA file (${CA}) is given but the gateway http://127.0.0.1:8080 is http://: use its https:// URL, or leave the CA file out`,
    ]);
  });

  it('gives diag the same CA', () => {
    expect(loadDiagOptions({ 'ca-file': CA }, {}).gatewayCa?.file).toBe(CA);
    expect(loadDiagOptions({}, { TELEMATICS_CA_FILE: CA }).gatewayCa?.file).toBe(CA);
    expect(() => loadDiagOptions({ 'ca-file': join(dir, 'none.pem') }, {})).toThrow(/cannot read CA file .*none\.pem: ENOENT/);
  });
});

describe('loadDiagOptions', () => {
  it('takes the buffer from TELEMATICS_DB unless --db is given, and defaults the rest', () => {
    const env = { TELEMATICS_DB: '/data/a.db' };
    expect(loadDiagOptions({}, env)).toEqual({ db: '/data/a.db', statusFile: defaultStatusFile('/data/a.db', env), timeoutMs: 3000, json: false });
    expect(loadDiagOptions({}, { ...env, RUNTIME_DIRECTORY: '/run/telematics' }).statusFile).toBe('/run/telematics/agent-status.json');
    expect(loadDiagOptions({ db: '/x/b.db', 'timeout-ms': '500', json: true }, { TELEMATICS_DB: '/data/a.db' })).toMatchObject({ db: '/x/b.db', timeoutMs: 500, json: true });
  });

  it('refuses a timeout that is not a positive integer', () => {
    expect(() => loadDiagOptions({ 'timeout-ms': 'soon' }, {})).toThrow(/--timeout-ms: must be an integer, got "soon"/);
    expect(() => loadDiagOptions({ 'timeout-ms': '0' }, {})).toThrow(/--timeout-ms: must be >= 1, got 0/);
  });
});

describe('speed zones (--speed-zones-file, TELEMATICS_SPEED_ZONES_FILE, "speedZonesFile")', () => {
  const plan = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { vehicleId: 'truck-1' }, geometry: { type: 'LineString', coordinates: [[-49.3, -25.4], [-49.28, -25.4]] } },
      { type: 'Feature', properties: { name: 'school', speedLimitKmh: 30 }, geometry: { type: 'Polygon', coordinates: [[[-49.3, -25.41], [-49.29, -25.41], [-49.29, -25.39], [-49.3, -25.41]]] } },
    ],
  };

  it('reads the zones from a plan file, leaving its routes and stops to the monitor', () => {
    const file = join(dir, 'plan.geojson');
    writeFileSync(file, JSON.stringify(plan));
    expect(loadAgentConfig(withFile({ speedZonesFile: file }), {}).speedZones?.map((z) => z.name)).toEqual(['school']);
    expect(loadAgentConfig(withFile({}), { TELEMATICS_SPEED_ZONES_FILE: file }).speedZones).toHaveLength(1);
    expect(loadAgentConfig(withFile({}), {}).speedZones).toBeUndefined();
  });

  it('refuses a zones file that is missing, not JSON, holds a broken zone or no zone at all, naming the file', () => {
    const write = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const broken = { ...plan, features: [{ ...plan.features[1], properties: { name: 'school', speedLimitKmh: '30' } }] };
    const load = (file: string): string[] => problemsOf(() => loadAgentConfig({ ...withFile({}), 'speed-zones-file': file }, {}));
    expect(load(join(dir, 'none.geojson'))).toEqual([expect.stringMatching(/^cannot read speed zones file .*none\.geojson: ENOENT/)]);
    expect(load(write('text.geojson', 'zones'))).toEqual([expect.stringMatching(/^cannot read speed zones file .*text\.geojson: .*JSON/)]);
    expect(load(write('broken.geojson', JSON.stringify(broken)))).toEqual([expect.stringMatching(/^speed zones file .*broken\.geojson: features\[0\]: properties\.speedLimitKmh must be/)]);
    expect(load(write('routes.geojson', JSON.stringify({ ...plan, features: [plan.features[0]] })))).toEqual([expect.stringMatching(/has no speed zone/)]);
  });
});
