import { existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { CLI_COMPONENTS } from '../cli/components.js';
import { PACKAGE_ROOT } from '../common/paths.js';

/**
 * What the vehicle's Debian package carries: the compiled modules the vehicle's
 * commands reach through static imports (no tests, benches, server side), and the
 * npm packages package-lock.json marks as neither dev nor optional, copied from the
 * project's own installed node_modules (native modules as built and tested here),
 * without the files that only serve to build a native module.
 */
export const VEHICLE_FILES_DEFAULTS = {
  /** The entry points: the `telematics` command (its vehicle components), and the agent's lean entry point the unit runs. */
  entries: ['cli/telematics.js', 'agent/main.js', ...CLI_COMPONENTS.filter((c) => c.vehicle).map((c) => join('cli', c.module))],
  /**
   * Contents nothing loads at run time, per package (paths relative to it, `*` = any name in that folder):
   * what builds a native module (better-sqlite3 loads build/Release/better_sqlite3.node;
   * @serialport/bindings-cpp picks its prebuild by platform; node-addon-api is C++ headers), a
   * package's own tests and source maps.
   */
  buildOnly: {
    'better-sqlite3': ['deps', 'src', 'binding.gyp', 'build/*.mk', 'build/Makefile', 'build/config.gypi', 'build/deps', 'build/Release/obj', 'build/Release/obj.target', 'build/Release/.deps', 'build/Release/sqlite3.a', 'build/Release/test_extension.node'],
    '@serialport/bindings-cpp': ['src', 'binding.gyp'],
    'node-addon-api': ['*'],
    // prom-client's (the agent's --metrics-port): 2.3 MiB of benchmark data.
    bintrees: ['test'],
    'fast-xml-parser': ['lib/*.map'],
  } as Record<string, string[]>,
};

/** node's process.arch → Debian architecture. */
export const DEBIAN_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf' };

export interface PackageFile {
  /** Absolute source path. */
  from: string;
  /** Path inside the installed tree (/usr/lib/telematics/…), relative. */
  to: string;
}

const IMPORT_PATTERNS = [/^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm];

/** The module specifiers a compiled ES module imports statically (tsc output: one statement per line, `from '…'` at its end). */
export function staticImports(source: string): string[] {
  return IMPORT_PATTERNS.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
}

const BUILTINS = new Set(builtinModules);

/** The npm package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for node's own modules. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every compiled module reachable from the entries, and the npm packages they import (`name → [importing files]`). */
export function distClosure(distDir: string, entries: string[] = VEHICLE_FILES_DEFAULTS.entries): { files: string[]; packages: Map<string, string[]> } {
  const seen = new Set<string>();
  const packages = new Map<string, string[]>();
  const queue = entries.map((e) => resolve(distDir, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`${relative(distDir, file)} is imported but missing from ${distDir}: run npm run build`);
    seen.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else {
        const pkg = packageOf(specifier);
        if (pkg !== undefined) packages.set(pkg, [...(packages.get(pkg) ?? []), relative(distDir, file)]);
      }
    }
  }
  return { files: [...seen].sort(), packages };
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

/** The installed paths (`node_modules/…`) of the packages a production install without optional dependencies has. */
export function runtimeLockPaths(lock: { packages: Record<string, LockEntry> }, options: { optional: boolean }): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.devOptional && !entry.link && (options.optional || !entry.optional))
    .map(([path]) => path)
    .sort();
}

function isBuildOnly(rel: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.includes('*') ? new RegExp(`^${p.replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`).test(rel) : rel === p));
}

/** Files of one installed npm package (not its nested node_modules, which the lock lists on their own), less its build-only files and other platforms' prebuilds. */
function packageFiles(dir: string, buildOnly: string[], arch: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      if (child === 'node_modules' || isBuildOnly(child, buildOnly)) continue;
      if (rel === 'prebuilds' && name !== `linux-${arch}`) continue;
      const st = lstatSync(join(dir, child));
      if (st.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out;
}

export interface VehicleFiles {
  files: PackageFile[];
  /** The npm packages the vehicle's modules import directly. */
  packages: string[];
  /** The architecture (node's process.arch) the native modules were built for. */
  arch: string;
}

/** Everything /usr/lib/telematics holds in the vehicle package. Throws when a vehicle module imports a package the vehicle install lacks. */
export function vehicleFiles(root: string = PACKAGE_ROOT, options: { arch?: string } = {}): VehicleFiles {
  const arch = options.arch ?? process.arch;
  const distDir = join(root, 'dist');
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const installed = runtimeLockPaths(lock, { optional: false });
  const closure = distClosure(distDir);
  const strays = [...closure.packages].filter(([pkg]) => !installed.includes(`node_modules/${pkg}`));
  if (strays.length > 0) {
    throw new Error(
      `vehicle modules import packages the vehicle install does not carry (optional or dev dependencies): ` +
        strays.map(([pkg, by]) => `${pkg} (by ${by.join(', ')})`).join('; ') +
        '; load them lazily where only a server command needs them, or make them dependencies',
    );
  }
  const files: PackageFile[] = [{ from: join(root, 'package.json'), to: 'package.json' }];
  for (const file of closure.files) files.push({ from: file, to: join('dist', relative(distDir, file)) });
  for (const path of installed) {
    const dir = join(root, path);
    const want = lock.packages[path]!.version;
    const have = existsSync(join(dir, 'package.json')) ? (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version : undefined;
    if (have !== want) throw new Error(`${path} is ${have ?? 'not installed'}, package-lock.json says ${want}: run npm install first`);
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    for (const rel of packageFiles(dir, VEHICLE_FILES_DEFAULTS.buildOnly[name] ?? [], arch)) files.push({ from: join(dir, rel), to: join(path, rel) });
  }
  for (const { from } of files) {
    if (from.endsWith('.node') && elfArch(from) !== arch) throw new Error(`${from} is built for ${elfArch(from)}, not ${arch}: build the native modules for ${arch} first (see packaging/README.md)`);
  }
  return { files, packages: [...closure.packages.keys()].sort(), arch };
}

/** Bytes of a list of files (regular files, as installed). */
export function totalBytes(paths: string[]): number {
  return paths.reduce((sum, p) => sum + statSync(p).size, 0);
}

/**
 * What a production install from source takes (`npm ci --omit=dev` + `npm run build`):
 * every non-dev package of the lock as installed here, and all of dist/ — the
 * "before" of the vehicle package, for bench/agent.
 */
export function fullInstallBytes(root: string = PACKAGE_ROOT): number {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const files: string[] = [];
  const walk = (dir: string, skipNodeModules: boolean): void => {
    for (const name of readdirSync(dir)) {
      if (skipNodeModules && name === 'node_modules') continue;
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p, skipNodeModules);
      else if (st.isFile()) files.push(p);
    }
  };
  for (const path of runtimeLockPaths(lock, { optional: true })) if (existsSync(join(root, path))) walk(join(root, path), true);
  walk(join(root, 'dist'), false);
  return totalBytes(files);
}

/** The ELF machine of a native module (`x64`, `arm64`, `arm`), to refuse packaging another architecture's binaries under this one's name. */
export function elfArch(file: string): string {
  const header = readFileSync(file).subarray(0, 20);
  if (header.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF file`);
  const machine = header.readUInt16LE(18);
  const arch = ({ 62: 'x64', 183: 'arm64', 40: 'arm' } as Record<number, string>)[machine];
  if (arch === undefined) throw new Error(`${file}: unknown ELF machine ${machine}`);
  return arch;
}
