import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SystemdNotifier } from './sd-notify.js';

// A real AF_UNIX datagram listener (Python, since Node has none) stands in for systemd's notify socket.
const LISTENER = `
import array, os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("listening", flush=True)
s.settimeout(10)
while True:
    try:
        data, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(64))
    except socket.timeout:
        break
    # Like systemd: close the barrier fd systemd-notify passes, which releases it.
    for level, kind, payload in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            for fd in array.array("i", payload[: len(payload) - len(payload) % 4]):
                os.close(fd)
    print(data.decode().replace("\\n", "|"), flush=True)
`;

describe('SystemdNotifier', () => {
  it('is inactive without NOTIFY_SOCKET', () => {
    expect(new SystemdNotifier({}).enabled).toBe(false);
    expect(new SystemdNotifier({}).watchdogIntervalMs).toBeUndefined();
  });

  it('feeds the watchdog at half WatchdogSec, only for this pid', () => {
    expect(new SystemdNotifier({ NOTIFY_SOCKET: '/x', WATCHDOG_USEC: '60000000' }).watchdogIntervalMs).toBe(30_000);
    expect(new SystemdNotifier({ NOTIFY_SOCKET: '/x', WATCHDOG_USEC: '60000000', WATCHDOG_PID: String(process.pid + 1) }).watchdogIntervalMs).toBeUndefined();
  });

  it('sends READY=1 and WATCHDOG=1 through systemd-notify to a real notify socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-notify-'));
    const socketPath = join(dir, 'notify');
    const py = spawn('python3', ['-c', LISTENER, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    py.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await new Promise<void>((resolve) => py.stdout.once('data', () => resolve()));
      const notifier = new SystemdNotifier({ NOTIFY_SOCKET: socketPath, WATCHDOG_USEC: '2000000' });
      await notifier.ready('recording truck-1');
      await notifier.watchdog();
      await notifier.stopping();
      const end = Date.now() + 5_000;
      while (!out.includes('STOPPING=1') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(out).toContain(`READY=1|STATUS=recording truck-1|MAINPID=${process.pid}`);
      expect(out).toContain(`MAINPID=${process.pid}|WATCHDOG=1`);
      expect(out).toContain('STOPPING=1');
    } finally {
      py.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
