import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { AGENT_JS, startAgentProcess, until } from './test-support.js';

/** Every module the built file loads, following relative imports (static and dynamic); packages by name. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/(?:^|[\s;])(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
      if (spec === undefined) continue;
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files: files.map((f) => relative(join(PACKAGE_ROOT, 'dist'), f)), packages };
}

describe('the lean entry point (dist/agent/main.js, what systemd runs)', () => {
  it('loads the agent and nothing of the server side or the full CLI', () => {
    if (!existsSync(AGENT_JS)) throw new Error(`${AGENT_JS} missing: run npm run build first`);
    const { files, packages } = importGraph(AGENT_JS);
    expect(files).toContain('agent/config.js');
    expect(files.filter((f) => /^(cli|gateway|simulator|monitor|kafka|trips|bench)\//.test(f))).toEqual([]);
    // ajv too: the config validators are precompiled (config-validators.ts).
    for (const heavy of ['yargs', 'kafkajs', 'node-pty', 'playwright-core', 'ajv', 'prom-client']) expect(packages, heavy).not.toContain(heavy);
    // The graph walker sees what is there: the packages the agent does need.
    expect([...packages]).toEqual(expect.arrayContaining(['better-sqlite3', 'pino', 'serialport']));
    // And every package it names is installed at the package root, where node finds it on the truck
    // (its directory: not every package exports its package.json to require.resolve).
    for (const p of packages) expect(existsSync(join(PACKAGE_ROOT, 'node_modules', p, 'package.json')), p).toBe(true);
  });

  it('a running agent with a plain-http gateway and a new buffer loads neither node:https (TLS) nor node:crypto', async () => {
    if (!existsSync(AGENT_JS)) throw new Error(`${AGENT_JS} missing: run npm run build first`);
    const dir = mkdtempSync(join(tmpdir(), 'agent-main-'));
    try {
      // node's own list of the built-in modules it loaded, written as the agent exits.
      const preload = join(dir, 'loaded.cjs');
      const loaded = join(dir, 'loaded.json');
      writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(process.moduleLoadList)));\n`);
      const statusFile = join(dir, 'status.json');
      const agent = startAgentProcess(
        ['--serial', join(dir, 'no-gps'), '--gateway', 'http://127.0.0.1:9', '--vehicle-id', 'truck-1', `--token=${'t'.repeat(43)}`, '--db', join(dir, 'a.db'), '--status-file', statusFile],
        {},
        ['--require', preload],
      );
      await until(() => existsSync(statusFile), `the agent's status file (agent stderr: ${agent.stderr()})`);
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toBe(0);
      const builtins = (JSON.parse(readFileSync(loaded, 'utf8')) as string[]).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
      expect(builtins).toContain('http');
      expect(builtins.filter((m) => /^(https|tls|crypto)$|^internal\/crypto\//.test(m))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shares the full CLI\'s flags and config checks: a bad config is exit 2 with every problem', () => {
    if (!existsSync(AGENT_JS)) throw new Error(`${AGENT_JS} missing: run npm run build first`);
    const dir = mkdtempSync(join(tmpdir(), 'agent-main-'));
    try {
      const config = join(dir, 'agent.json');
      writeFileSync(config, JSON.stringify({ uploader: { batchMaxPosition: 10 }, sampler: { stoppedAfterMs: 'x' } }));
      const run = spawnSync(process.execPath, [AGENT_JS, 'agent', '--config', config, '--metrics-port', 'abc', '--db', join(dir, 'a.db')], { encoding: 'utf8', env: { PATH: process.env.PATH } });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/\/uploader\/batchMaxPosition: unknown key/);
      expect(run.stderr).toMatch(/\/sampler\/stoppedAfterMs: must be a number, got "x"/);
      expect(run.stderr).toMatch(/--metrics-port: must be an integer, got "abc"/);
      expect(run.stderr).toMatch(/no serial device/);
      const usage = spawnSync(process.execPath, [AGENT_JS, '--help'], { encoding: 'utf8' });
      expect(usage.status).toBe(0);
      for (const flag of ['--config FILE', '--vehicle-id ID', '--token-file F', '--every-fix', '--metrics-port P', '--timeout-ms MS', '--json']) expect(usage.stdout).toContain(flag);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
