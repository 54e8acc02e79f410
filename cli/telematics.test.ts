import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnInPty } from 'node-pty';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { addDevices } from '../gateway/registry.js';
import { numberedVehicleIds } from '../gateway/provisioning.js';
import { CLI_JS, requireBuilt } from '../test/helpers/built.js';

// The built `telematics` command as a person runs it: in a terminal (a real PTY), or piped.
const CAPTURE = join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd', 'ublox-neo-m9n-nmea.log');

/** The environment of a person's shell: no LOG_LEVEL set (the test run may have one). */
function shellEnv(): Record<string, string> {
  const env = { ...process.env, TERM: 'xterm' } as Record<string, string>;
  delete env.LOG_LEVEL;
  return env;
}

/** Runs the command in a terminal of `cols` columns until it exits; everything it wrote to the terminal, and its exit code. */
function inTerminal(args: string[], cols = 120, timeoutMs = 60_000): Promise<{ output: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const term = spawnInPty(process.execPath, [CLI_JS, ...args], { cols, rows: 50, env: shellEnv() });
    let output = '';
    const timer = setTimeout(() => {
      term.kill();
      reject(new Error(`timed out waiting for telematics ${args.join(' ')} to exit in its terminal; output so far: ${output}`));
    }, timeoutMs);
    term.onData((d) => (output += d));
    term.onExit(({ exitCode }) => {
      clearTimeout(timer);
      resolve({ output: output.replace(/\r\n/g, '\n'), exitCode });
    });
  });
}

beforeAll(() => requireBuilt('cli/telematics.ts', 'cli/yargs.ts', 'common/closed-stdout.ts', 'common/logger.ts', 'gateway/cli.ts'));

describe('telematics help', () => {
  it('wraps at word boundaries to the terminal width', async () => {
    for (const cols of [120, 64]) {
      const { output, exitCode } = await inTerminal(['gateway', '--help'], cols);
      expect(exitCode).toBe(0);
      const lines = output.split('\n');
      expect(lines.filter((l) => l.length > cols)).toEqual([]);
      // Every word of the descriptions is a whole word of the help: a word cut in two ("pos\nitions") is not.
      // (Words, not whole sentences: a two-line command column interleaves with its description's lines.)
      const words = new Set(output.split(/\s+/));
      for (const description of [
        'Register a vehicle and print its bearer token (shown once; only its hash is stored)',
        'Revoke the tokens of a vehicle (a running gateway answers 403 without restart). Exit 1 if it had none',
        'Brokers come from KAFKA_BROKERS, else the local broker (telematics kafka up). The first stdout line is the URL.',
      ]) {
        expect(description.split(' ').filter((word) => !words.has(word)), `${cols} columns: ${description}`).toEqual([]);
      }
    }
  });

  it("lists a device command's own flags, not the server's", async () => {
    const { output } = await inTerminal(['gateway', 'add-device', '--help']);
    expect(output).toMatch(/--registry/);
    for (const serverFlag of ['--port', '--host', '--topic', '--tls-cert', '--tls-key']) expect(output).not.toContain(serverFlag);
    expect((await inTerminal(['gateway', '--help'])).output).toContain('--tls-cert');
  });
});

describe('a closed stdout', () => {
  it('`telematics gateway list-devices | head -1` prints one line and ends quietly, exit 0', () => {
    const registry = join(mkdtempSync(join(tmpdir(), 'cli-pipe-')), 'devices.json');
    // Far more than a pipe holds (64 KiB): the command is still writing when head has gone.
    addDevices(registry, numberedVehicleIds('truck', 5000));
    const run = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI_JS}" gateway list-devices --registry "${registry}" | head -1`], {
      encoding: 'utf8',
      env: shellEnv(),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^truck-00001\tactive\t\S+\n$/);
    expect(run.status).toBe(0);
  });
});

describe('logs on a terminal', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGTERM');
  });

  /** A virtual GPS playing a real capture in a loop; resolves its device path. */
  function virtualGps(): Promise<string> {
    const child = spawn(process.execPath, [CLI_JS, 'gps', 'replay', CAPTURE, '--rate', '5', '--loop'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' } });
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`gps replay exited (${code}) before printing its device`)));
    });
  }

  it('`gps watch` shows only its fixes (and warnings), unless --log-level asks for more', async () => {
    const device = await virtualGps();
    const quiet = await inTerminal(['gps', 'watch', '--serial', device, '--count', '3']);
    expect(quiet.exitCode).toBe(0);
    // Its own output only: three fixes, then its closing summary; no JSON log line.
    const lines = quiet.output.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(0, 3)) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+Z\s+(3D|2D|no fix)/);
    expect(lines[3]).toMatch(/^# stopped .*fixes=3 /);

    const verbose = await inTerminal(['gps', 'watch', '--serial', device, '--count', '3', '--log-level', 'info']);
    expect(verbose.exitCode).toBe(0);
    expect(verbose.output).toMatch(/^\{"level":30,.*"msg":"GPS serial device open"\}$/m);
  });
});
