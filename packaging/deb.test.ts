import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { CONFFILES, controlFile, installedSizeKiB } from './deb.js';

const CAPTURE = join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd', 'bu353s4.log');

describe('the control file', () => {
  it('pins nodejs to the major the native modules were built for, and needs systemd', () => {
    const control = controlFile({ version: '0.1.0', arch: 'arm64', nodeMajor: 20, installedSizeKiB: 7250 });
    expect(control).toMatch(/^Package: telematics-agent\nVersion: 0\.1\.0\nArchitecture: arm64\n/);
    expect(control).toContain('\nDepends: nodejs (>= 20), nodejs (<< 21), systemd\n');
    expect(control).toContain('\nInstalled-Size: 7250\n');
    expect(control.endsWith('\n')).toBe(true);
  });

  it('counts Installed-Size as dpkg-gencontrol does: KiB per file rounded up, one per directory or link', () => {
    expect(installedSizeKiB([0, 1, 1024, 1025], 3)).toBe(0 + 1 + 1 + 2 + 3);
  });
});

describe('the built package (needs npm run build and dpkg-deb)', () => {
  const out = mkdtempSync(join(tmpdir(), 'deb-test-'));
  const root = join(out, 'root');
  let deb: string;
  const listing = (): string[] => execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' }).trim().split('\n');
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'usr/lib/telematics/dist/cli/telematics.js'), ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } });

  // Built by the packaging command in a child process: the build takes tens of seconds (minutes on a
  // loaded machine), and blocking this worker that long makes vitest's own messages time out.
  beforeAll(async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [join(PACKAGE_ROOT, 'dist', 'packaging', 'deb.js'), '--out', out], { maxBuffer: 16 * 1024 * 1024 });
    deb = stdout.trim().split('\n').at(-1)!;
    await run('dpkg-deb', ['-x', deb, root]);
  }, 600_000); // copies and compresses the package: tens of seconds, minutes on a loaded machine
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is named and described for this architecture, with its conffile and maintainer scripts', () => {
    const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    expect(deb).toMatch(new RegExp(`/telematics-agent_\\d+\\.\\d+\\.\\d+_${arch}\\.deb$`));
    expect(execFileSync('dpkg-deb', ['-f', deb, 'Package', 'Architecture', 'Depends'], { encoding: 'utf8' })).toBe(
      `Package: telematics-agent\nArchitecture: ${arch}\nDepends: nodejs (>= ${nodeMajor}), nodejs (<< ${nodeMajor + 1}), systemd\n`,
    );
    const control = mkdtempSync(join(out, 'control-'));
    execFileSync('dpkg-deb', ['-e', deb, control]);
    expect(readFileSync(join(control, 'conffiles'), 'utf8')).toBe(CONFFILES.join('\n') + '\n');
    for (const script of ['postinst', 'prerm', 'postrm']) execFileSync('sh', ['-n', join(control, script)]);
  });

  it('holds production files only: no tests, benches, sources, maps, server side or optional dependencies', () => {
    const paths = listing().map((l) => l.slice(l.indexOf('./') + 1));
    expect(paths.filter((p) => /^\/usr\/lib\/telematics\/dist\/.*(\.test\.js|\.ts|\.map)$|\/dist\/(bench|kafka|monitor|simulator)\/|\/node_modules\/(node-pty|kafkajs|typescript|vitest)\//.test(p))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/usr/lib/systemd/system/telematics-agent.service',
        '/usr/lib/udev/rules.d/99-telematics-gps.rules',
        '/usr/lib/sysusers.d/telematics-agent.conf',
        '/usr/lib/telematics/dist/agent/main.js',
        '/usr/lib/telematics/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      ]),
    );
    const line = (path: string): string => listing().find((l) => l.includes(`.${path}`))!;
    expect(line('/etc/telematics/agent.json')).toMatch(/^-rw-r----- root\/root /);
    expect(line('/usr/bin/telematics')).toMatch(/^lrwxrwxrwx .* -> \.\.\/lib\/telematics\/dist\/cli\/telematics\.js$/);
    expect(line('/usr/lib/telematics/dist/cli/telematics.js')).toMatch(/^-rwxr-xr-x /);
  });

  it('its config template makes the agent list every setting left to fill in, exit 2', () => {
    const agent = spawnSync(process.execPath, [join(root, 'usr/lib/telematics/dist/agent/main.js'), 'agent', '--config', join(root, 'etc/telematics/agent.json'), '--db', join(out, 'agent.db')], { encoding: 'utf8' });
    expect(agent.status).toBe(2);
    // The template's empty values, each named at its place in the file.
    expect(agent.stderr).toMatch(/agent\.json: \/gateway: must not be empty/);
    expect(agent.stderr).toMatch(/agent\.json: \/vehicleId: must be 1–64 of letters/);
    expect(agent.stderr).toMatch(/agent\.json: \/token: must not be empty/);
    expect(agent.stderr).not.toContain('serial');
  });

  it('its telematics command runs the vehicle commands and says the server commands are not part of it', () => {
    expect(cli('--version').stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'usr/lib/telematics/package.json'), 'utf8')) as { version: string }).version);
    const decode = cli('gps', 'decode', CAPTURE, '--json');
    expect(decode.status, decode.stderr).toBe(0);
    expect(decode.stdout.split('\n').filter((l) => l.includes('"class":"TPV"')).length).toBeGreaterThan(10);
    for (const command of [['gateway', '--port', '8080'], ['kafka', 'up'], ['sim', '--trucks', '2'], ['monitor'], ['history', 'truck-1'], ['demo']]) {
      const run = cli(...command);
      expect(run.status, command.join(' ')).toBe(2);
      expect(run.stderr).toContain(`error: telematics ${command[0]} is not available: it is not part of the vehicle package (telematics-agent)`);
    }
    const replay = cli('gps', 'replay', CAPTURE);
    expect(replay.status).toBe(1);
    expect(replay.stderr).toContain('error: cannot create a pseudo-terminal: node-pty is not installed');
  });
});
