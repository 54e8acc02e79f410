import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualSerial } from '../hw/virtual/virtual-serial.js';
import { freePort } from '../kafka/local-broker.js';
import { CLI_JS, requireBuilt } from '../test/helpers/built.js';
import type { DiagReport } from './diag.js';
import { AGENT_JS, NmeaFeeder, startAgentProcess, until, type AgentProcess } from './test-support.js';

/** Runs a built command to its end: its exit code and output. */
function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env: { ...process.env, LOG_LEVEL: 'error' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// The case as a technician meets it: the agent as systemd runs it (lean main.js), its
// settings in /etc/telematics/agent.json, a live receiver, and the gateway down.
describe('telematics diag on a running agent whose gateway is down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-diag-cli-'));
  const config = join(dir, 'agent.json');
  const tokenFile = join(dir, 'token');
  const db = join(dir, 'agent.db');
  const statusFile = join(dir, 'agent-status.json');
  let device: VirtualSerial;
  let feeder: NmeaFeeder;
  let agent: AgentProcess;
  let gateway: string;

  beforeAll(async () => {
    requireBuilt('agent/diag.ts', 'agent/diag-checks.ts', 'agent/uplink-errors.ts', 'agent/cli.ts', 'agent/config.ts', 'agent/main.ts', 'cli/telematics.ts');
    device = await VirtualSerial.create({ linkPath: join(dir, 'gps0') });
    feeder = new NmeaFeeder(device, Date.now(), 1);
    feeder.start();
    gateway = `http://127.0.0.1:${await freePort()}`;
    writeFileSync(tokenFile, 'secret\n');
    writeFileSync(
      config,
      JSON.stringify({ serial: device.path, gateway, vehicleId: 'truck-diag', tokenFile, db, statusFile, everyFix: true, uploader: { intervalMs: 200, backoffMaxMs: 1_000 } }),
    );
    agent = startAgentProcess(['--config', config]);
  });
  afterAll(async () => {
    agent?.child.kill('SIGKILL');
    feeder?.stop();
    await device?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the gateway is down (not the modem), names the config file the URL came from, and exits 2, in --json and in text', async () => {
    let report: DiagReport | undefined;
    let code = -1;
    await until(
      async () => {
        const out = await run(CLI_JS, ['diag', '--db', db, '--status-file', statusFile, '--json']);
        code = out.code;
        report = out.stdout.startsWith('{') ? (JSON.parse(out.stdout) as DiagReport) : undefined;
        return report?.agent.running === true && report.uplink.lastUploadProblem !== null && report.gps.fixMode === 3;
      },
      `diag --json to see the running agent with a fix and a failed upload (agent stderr: ${agent.stderr()})`,
      60_000,
      250,
    );
    expect(code).toBe(2);
    expect(report!.uplink).toMatchObject({
      gateway,
      gatewayFrom: `config file ${config}`,
      tokenFrom: `token file ${tokenFile}, named by config file ${config}`,
      healthzProblem: { errorClass: 'refused', transient: false },
      lastUploadProblem: { errorClass: 'refused', transient: false },
    });
    const checks = Object.fromEntries(report!.checks.map((c) => [c.id, c]));
    for (const id of ['gateway', 'upload']) {
      expect(checks[id]).toMatchObject({ level: 'FAIL', action: expect.stringContaining(`network is fine: report the gateway down to its operator, or check the port in ${gateway} (from config file ${config})`) });
      expect(checks[id]!.action).not.toMatch(/modem|SIM|APN/);
    }
    expect(checks['gps-fix']!.level).toBe('OK');

    // The same in text, from the lean entry point the unit runs.
    const text = await run(AGENT_JS, ['diag', '--db', db, '--status-file', statusFile]);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/^FAIL gateway +http:\/\/127\.0\.0\.1:\d+ not reachable: the connection is refused/m);
    expect(text.stdout).toContain(`→ the truck's network is fine: report the gateway down to its operator, or check the port in ${gateway} (from config file ${config})`);
    expect(text.stdout).toMatch(/^FAILING \(exit 2\)$/m);

    // A URL given to diag is named as diag's own.
    const other = await run(CLI_JS, ['diag', '--db', db, '--status-file', statusFile, '--gateway', gateway, '--json']);
    expect((JSON.parse(other.stdout) as DiagReport).checks.find((c) => c.id === 'gateway')!.action).toContain(`(from diag flag --gateway)`);
  });
});
