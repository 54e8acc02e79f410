/**
 * Builds the vehicle's Debian package, telematics-agent_<version>_<arch>.deb, with dpkg-deb
 * (`npm run package:deb`, which builds first). See packaging/README.md.
 *
 *   node dist/packaging/deb.js [--out DIR] [--arch arm64]
 *
 * --arch (node's names: x64, arm64, arm) packages native modules built for another architecture
 * (cross-built into node_modules, see packaging/README.md); the ELF headers must agree.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../common/paths.js';
import { DEBIAN_ARCH, vehicleFiles, type PackageFile } from './vehicle-files.js';

export const DEB_DEFAULTS = {
  name: 'telematics-agent',
  /** Where the code goes; /usr/bin/telematics links to its CLI. */
  libDir: 'usr/lib/telematics',
  outDir: join(PACKAGE_ROOT, 'dist-deb'),
  maintainer: 'telematics project <telematics@maintainers.invalid>',
};

/** Files from the source tree (relative to the project root) → their place in the installed system, with their mode. */
export const SYSTEM_FILES: { from: string; to: string; mode: number }[] = [
  { from: 'systemd/telematics-agent.service', to: 'usr/lib/systemd/system/telematics-agent.service', mode: 0o644 },
  { from: 'systemd/99-gps.rules', to: 'usr/lib/udev/rules.d/99-telematics-gps.rules', mode: 0o644 },
  { from: 'systemd/telematics-agent.sysusers', to: 'usr/lib/sysusers.d/telematics-agent.conf', mode: 0o644 },
  { from: 'packaging/debian/agent.json', to: 'etc/telematics/agent.json', mode: 0o640 },
  { from: 'agent/README.md', to: 'usr/share/doc/telematics-agent/README.md', mode: 0o644 },
];
export const CONFFILES = ['/etc/telematics/agent.json'];
export const MAINTAINER_SCRIPTS = ['postinst', 'prerm', 'postrm'];
/** Compiled modules run as commands (a shebang line), made executable. */
export const EXECUTABLES = ['dist/cli/telematics.js', 'dist/agent/main.js'];

export interface ControlFields {
  version: string;
  arch: string;
  nodeMajor: number;
  installedSizeKiB: number;
}

/**
 * DEBIAN/control. Node is pinned to the major the native modules were built for: better-sqlite3
 * is compiled against one Node ABI (NODE_MODULE_VERSION), so another major would fail to load it.
 */
export function controlFile(f: ControlFields): string {
  return [
    `Package: ${DEB_DEFAULTS.name}`,
    `Version: ${f.version}`,
    `Architecture: ${f.arch}`,
    `Maintainer: ${DEB_DEFAULTS.maintainer}`,
    `Installed-Size: ${f.installedSizeKiB}`,
    `Depends: nodejs (>= ${f.nodeMajor}), nodejs (<< ${f.nodeMajor + 1}), systemd`,
    'Section: misc',
    'Priority: optional',
    'Description: in-vehicle telematics agent: serial GPS to a durable buffer to the gateway',
    ' The telematics agent reads the truck\'s serial GPS, records positions into a',
    ' crash-safe SQLite buffer and uploads them to the fleet gateway. It ships the',
    ' `telematics` command (agent, diag, gps) and the systemd unit, disabled until',
    ' /etc/telematics/agent.json is filled in.',
    '',
  ].join('\n');
}

/** Installed-Size as dpkg-gencontrol counts it: KiB per file rounded up, 1 per directory or link. */
export function installedSizeKiB(fileBytes: number[], otherEntries: number): number {
  return fileBytes.reduce((sum, b) => sum + Math.ceil(b / 1024), 0) + otherEntries;
}

function copyInto(stage: string, files: PackageFile[], base: string): void {
  for (const f of files) {
    const to = join(stage, base, f.to);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f.from, to);
  }
}

/** Builds the .deb into outDir; returns its path. */
export function buildDeb(options: { outDir?: string; arch?: string } = {}): { path: string; arch: string; installedSizeKiB: number; files: number } {
  const outDir = options.outDir ?? DEB_DEFAULTS.outDir;
  const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const vehicle = vehicleFiles(PACKAGE_ROOT, { arch: options.arch });
  const arch = DEBIAN_ARCH[vehicle.arch];
  if (arch === undefined) throw new Error(`no Debian architecture for node's ${vehicle.arch}`);
  const stage = mkdtempSync(join(tmpdir(), 'telematics-deb-'));
  try {
    chmodSync(stage, 0o755); // the root directory's mode as installed
    copyInto(stage, vehicle.files, DEB_DEFAULTS.libDir);
    for (const exe of EXECUTABLES) chmodSync(join(stage, DEB_DEFAULTS.libDir, exe), 0o755);
    for (const f of SYSTEM_FILES) {
      const to = join(stage, f.to);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(PACKAGE_ROOT, f.from), to);
      chmodSync(to, f.mode);
    }
    writeFileSync(
      join(stage, 'usr/share/doc/telematics-agent/copyright'),
      'The telematics agent: MIT licence (package.json). The npm packages under /usr/lib/telematics/node_modules\ncarry their own licences beside them.\n',
    );
    mkdirSync(join(stage, 'usr/bin'), { recursive: true });
    symlinkSync(`../lib/telematics/${EXECUTABLES[0]}`, join(stage, 'usr/bin/telematics'));

    const debian = join(stage, 'DEBIAN');
    mkdirSync(debian);
    for (const script of MAINTAINER_SCRIPTS) {
      copyFileSync(join(PACKAGE_ROOT, 'packaging/debian', script), join(debian, script));
      chmodSync(join(debian, script), 0o755);
    }
    writeFileSync(join(debian, 'conffiles'), CONFFILES.join('\n') + '\n');
    const sizes = execFileSync('find', [stage, '-path', debian, '-prune', '-o', '-mindepth', '1', '-printf', '%y %s\\n'], { encoding: 'utf8' }).trim().split('\n');
    const fileBytes = sizes.filter((l) => l.startsWith('f ')).map((l) => Number(l.slice(2)));
    const installedSize = installedSizeKiB(fileBytes, sizes.length - fileBytes.length);
    writeFileSync(join(debian, 'control'), controlFile({ version, arch, nodeMajor, installedSizeKiB: installedSize }));

    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, `${DEB_DEFAULTS.name}_${version}_${arch}.deb`);
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, path], { stdio: ['ignore', 'ignore', 'inherit'] });
    return { path, arch, installedSizeKiB: installedSize, files: fileBytes.length };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const value = (flag: string): string | undefined => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
  const built = buildDeb({ outDir: value('--out'), arch: value('--arch') });
  const bytes = Number(execFileSync('stat', ['-c', '%s', built.path], { encoding: 'utf8' }));
  process.stdout.write(`${built.arch}: ${(bytes / 1048576).toFixed(1)} MiB package, ${(built.installedSizeKiB / 1024).toFixed(1)} MiB installed, ${built.files} files\n${built.path}\n`);
}
