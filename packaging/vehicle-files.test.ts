import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { distClosure, elfArch, fullInstallBytes, packageOf, runtimeLockPaths, staticImports, totalBytes, vehicleFiles } from './vehicle-files.js';

describe('vehicle files: pure parts', () => {
  it('reads the static imports of a compiled module, not dynamic ones or strings', () => {
    const source = [
      "import { a } from './a.js';",
      "import b, { type C } from 'pkg';",
      'import {',
      '  d,',
      '  e,',
      "} from '../d.js';",
      "export { f } from './f.js';",
      "export * from '@scope/g/sub';",
      "import './side-effect.js';",
      "const lazy = await import('./lazy.js');",
      "const text = \"import x from './not-code.js'\";",
      "import http from 'node:http';",
    ].join('\n');
    expect(staticImports(source).sort()).toEqual(['../d.js', './a.js', './f.js', './side-effect.js', '@scope/g/sub', 'node:http', 'pkg'].sort());
  });

  it('names the npm package of a specifier, none for node built-ins', () => {
    expect(packageOf('pino')).toBe('pino');
    expect(packageOf('yargs/helpers')).toBe('yargs');
    expect(packageOf('@serialport/parser-readline')).toBe('@serialport/parser-readline');
    expect(packageOf('@scope/name/deep/file.js')).toBe('@scope/name');
    expect(packageOf('node:fs')).toBeUndefined();
    expect(packageOf('fs')).toBeUndefined();
  });

  it('a production install without optional dependencies: neither dev nor optional lock entries', () => {
    const lock = {
      packages: {
        '': { version: '1.0.0' },
        'node_modules/a': { version: '1' },
        'node_modules/a/node_modules/b': { version: '2' },
        'node_modules/dev-only': { version: '1', dev: true },
        'node_modules/opt': { version: '1', optional: true },
        'node_modules/both': { version: '1', devOptional: true },
        'node_modules/linked': { link: true },
      },
    };
    expect(runtimeLockPaths(lock, { optional: false })).toEqual(['node_modules/a', 'node_modules/a/node_modules/b']);
    expect(runtimeLockPaths(lock, { optional: true })).toEqual(['node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/opt']);
  });
});

describe('vehicle files: this project (needs npm run build)', () => {
  it('the vehicle modules reach no server component, test or bench', () => {
    const { files, packages } = distClosure(join(PACKAGE_ROOT, 'dist'));
    const rel = files.map((f) => f.slice(join(PACKAGE_ROOT, 'dist').length + 1));
    expect(rel).toContain('agent/main.js');
    expect(rel).toContain('agent/cli.js');
    expect(rel).toContain('hw/cli.js');
    expect(rel).toContain('hw/virtual/virtual-serial.js');
    expect(rel.filter((f) => /^(kafka|monitor|simulator|bench)\/|^gateway\/(server|cli|producer)\.js|\.test\.js$|^cli\/demo\.js$/.test(f))).toEqual([]);
    expect([...packages.keys()].sort()).toEqual(['better-sqlite3', 'fast-xml-parser', 'pino', 'point-in-polygon-hao', 'serialport', 'yargs']);
  });

  it('carries no optional dependency and only this architecture`s native modules; far smaller than a full production install', () => {
    const vehicle = vehicleFiles();
    const to = vehicle.files.map((f) => f.to);
    expect(to.filter((p) => /node_modules\/(node-pty|kafkajs)\//.test(p))).toEqual([]);
    expect(to).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(to.filter((p) => p.startsWith('node_modules/better-sqlite3/deps/'))).toEqual([]);
    const natives = vehicle.files.filter((f) => f.to.endsWith('.node'));
    expect(natives.length).toBeGreaterThanOrEqual(2);
    for (const f of natives) expect(elfArch(f.from), f.to).toBe(process.arch);
    expect(to.filter((p) => p.includes('/prebuilds/') && !p.includes(`/prebuilds/linux-${process.arch}/`))).toEqual([]);
    expect(totalBytes(vehicle.files.map((f) => f.from))).toBeLessThan(fullInstallBytes() / 5);
  });
});
