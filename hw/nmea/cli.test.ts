import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';

// `gps decode` end to end through the built CLI (`npm test` builds first).
const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js');
const GPSD = join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd');

beforeAll(() => {
  for (const [src, out] of [['hw/nmea/commands.ts', 'dist/hw/nmea/commands.js'], ['hw/gpsd/json.ts', 'dist/hw/gpsd/json.js']] as const) {
    const built = join(PACKAGE_ROOT, out);
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(PACKAGE_ROOT, src)).mtimeMs) {
      throw new Error(`${out} is missing or older than ${src}: build first (npx tsc -p tsconfig.json, or npm test)`);
    }
  }
});

function decode(...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'gps', 'decode', ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
}

describe('telematics gps decode (CLI)', () => {
  it("prints gpsd's TPV and SKY reports with gpsd's fixed decimals, and exits 0", () => {
    const run = decode(join(GPSD, 'bt451.log'), '--json');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const classes = lines.map((l) => (JSON.parse(l) as { class: string }).class);
    expect(classes.filter((c) => c === 'TPV').length).toBeGreaterThan(10);
    expect(classes.filter((c) => c === 'SKY').length).toBeGreaterThan(10);
    // gpsd's own report of this epoch (bt451.log.chk) prints these fields with these digits.
    const epoch = lines.find((l) => l.includes('"time":"2009-12-09T15:25:05.500Z"'))!;
    for (const field of ['"ept":0.005', '"lat":55.797019833,"lon":23.569020667,"altHAE":63.6000,"altMSL":36.7000', '"epv":129.260', '"speed":0.136', '"climb":-0.600', '"eps":143.68', '"eph":51.680']) {
      expect(epoch).toContain(field);
    }
    expect(run.stderr).toMatch(/^lines=\d+ sentences=\d+ frames=0 fixes=\d+ /);
  });

  it('exits 0 with a note on stderr for a capture that decodes cleanly but holds no position fix (AIS only)', () => {
    const run = decode(join(GPSD, 'ais-18-27.log'), '--json');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('decoded cleanly but holds no position fix');
  });

  it('exits 1 when the file cannot be read, or holds no NMEA sentence or binary frame at all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gps-decode-'));
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'shopping list\nmilk\n');
    const directory = decode(dir);
    expect(directory.status).toBe(1);
    expect(directory.stderr).toMatch(/cannot read .*EISDIR/);
    const notNmea = decode(text);
    expect(notNmea.status).toBe(1);
    expect(notNmea.stderr).toContain('no NMEA sentence or UBX/CASIC frame');
  });

  it('exits 2 for a missing file or a bad --date', () => {
    expect(decode(join(GPSD, 'no-such.log')).status).toBe(2);
    expect(decode(join(GPSD, 'bt451.log'), '--date', '2024-13-45').status).toBe(2);
  });
});
