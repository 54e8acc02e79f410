import { afterEach, describe, expect, it } from 'vitest';
import { Framer } from '../framing/framer.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { seededRandomBytes } from '../virtual/random-bytes.js';
import { VirtualSerial } from '../virtual/virtual-serial.js';
import { huntBaud, type LineSource } from './auto-baud.js';
import { SerialGps, SerialLine } from './serial-gps.js';
import { collectLines, memoryLogger } from './test-support.js';

const RMC = withChecksum('GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W');

/**
 * A receiver talking at `trueBaud` behind a real PTY. A PTY has no line speed, so the
 * rate the reader opened at is told to the simulator (`openedAt`); at any other rate
 * it sends what a UART would deliver: noise (seeded random bytes, a newline now and then).
 */
function receiverAt(device: VirtualSerial, trueBaud: number | null) {
  const noise = seededRandomBytes(0xbad);
  let openedAt = 0;
  const timer = setInterval(() => {
    device.write(openedAt === trueBaud ? RMC + '\r\n' : Buffer.concat([noise(60), Buffer.from('\r\n')]));
  }, 20);
  return {
    openAt: (baud: number) => {
      openedAt = baud;
      return SerialLine.open(device.path, baud);
    },
    setOpenedAt: (baud: number) => (openedAt = baud),
    stop: () => clearInterval(timer),
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('huntBaud on a real PTY', () => {
  it('moves past noisy rates and settles on the one with valid sentences', async () => {
    const device = await VirtualSerial.create();
    const receiver = receiverAt(device, 38400);
    cleanups.push(() => device.close(), receiver.stop);
    const hunt = await huntBaud(receiver.openAt, { perRateTimeoutMs: 1000 });
    expect(hunt.found).toBe(true);
    if (!hunt.found) return;
    cleanups.push(() => hunt.source.close());
    expect(hunt.baud).toBe(38400);
    expect(hunt.attempts.map((a) => a.baud)).toEqual([4800, 9600, 19200, 38400]);
    for (const wrong of hunt.attempts.slice(0, 3)) expect(wrong.validSentences).toBeLessThan(2);
    expect(hunt.attempts.slice(0, 3).some((a) => a.lines > 0)).toBe(true);
    expect(hunt.attempts[3]!.validSentences).toBe(2);
    // The source comes back open at the right rate.
    const next = await new Promise<string>((resolve) => {
      const off = hunt.source.onSentence((l) => {
        off();
        resolve(l);
      });
    });
    expect(next).toBe(RMC);
  });

  it('reports no rate when every rate is noise', async () => {
    const device = await VirtualSerial.create();
    const receiver = receiverAt(device, null);
    cleanups.push(() => device.close(), receiver.stop);
    const hunt = await huntBaud(receiver.openAt, { perRateTimeoutMs: 150 });
    expect(hunt.found).toBe(false);
    expect(hunt.attempts.map((a) => a.baud)).toEqual([4800, 9600, 19200, 38400, 57600, 115200]);
  });

  it('SerialGps with baud auto finds the rate, reports it and then delivers lines', async () => {
    const device = await VirtualSerial.create();
    const receiver = receiverAt(device, 57600);
    const { logger, records } = memoryLogger();
    // SerialGps opens the port itself: tell the simulator each rate from the hunt's log.
    const gps = new SerialGps({ path: device.path, baud: 'auto', autoBaud: { perRateTimeoutMs: 1000 }, logger });
    cleanups.push(() => device.close(), receiver.stop, () => gps.stop());
    const baudEvent = new Promise<{ baud: number }>((resolve) => gps.once('baud', resolve));
    const origOpen = SerialLine.open;
    let opens = 0;
    SerialLine.open = (path, baud, ...rest) => {
      opens++;
      receiver.setOpenedAt(baud);
      return origOpen.call(SerialLine, path, baud, ...rest);
    };
    cleanups.push(() => void (SerialLine.open = origOpen));
    gps.start();
    expect((await baudEvent).baud).toBe(57600);
    const line = await collectLines(gps, 1);
    expect(line).toEqual([RMC]);
    const status = gps.status();
    expect(status.baud).toBe(57600);
    expect(status.baudHunt?.attempts.map((a) => a.baud)).toEqual([4800, 9600, 19200, 38400, 57600]);
    expect(opens).toBe(5);
    expect(records.some((r) => r.msg === 'baud rate found' && r.baud === 57600)).toBe(true);
  });
});

describe('huntBaud logic', () => {
  /** A source whose lines go through the real framer. */
  function fakeSource(lines: string[]): LineSource & { closed: boolean } {
    const framer = new Framer();
    const src = {
      closed: false,
      onSentence(listener: (l: string) => void) {
        let subscribed = true;
        queueMicrotask(() => {
          for (const item of framer.push(Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1'))) {
            if (subscribed && item.kind === 'sentence') listener(item.sentence);
          }
        });
        return () => {
          subscribed = false;
        };
      },
      linesSeen: () => framer.counts.lines,
      onClose() {},
      async close() {
        src.closed = true;
      },
    };
    return src;
  }

  it('closes the rates it rejects and keeps the one it settles on open', async () => {
    const sources: Array<ReturnType<typeof fakeSource>> = [];
    const hunt = await huntBaud(
      async (baud) => {
        const s = fakeSource(baud === 19200 ? [RMC, 'junk', RMC] : ['$GPRMC,bad*01', RMC]);
        sources.push(s);
        return s;
      },
      { perRateTimeoutMs: 50 },
    );
    expect(hunt).toMatchObject({ found: true, baud: 19200 });
    expect(sources.map((s) => s.closed)).toEqual([true, true, false]);
  });

  it('stops when aborted, closing the source in use', async () => {
    const abort = new AbortController();
    const sources: Array<ReturnType<typeof fakeSource>> = [];
    const hunt = huntBaud(
      async () => {
        const s = fakeSource(['noise']);
        sources.push(s);
        setTimeout(() => abort.abort(), 10);
        return s;
      },
      { perRateTimeoutMs: 60_000, signal: abort.signal },
    );
    expect(await hunt).toMatchObject({ found: false, attempts: [{ baud: 4800, lines: 1, validSentences: 0 }] });
    expect(sources.map((s) => s.closed)).toEqual([true]);
  });

  it('propagates a failing open (device missing) as an error', async () => {
    await expect(huntBaud(() => Promise.reject(new Error('ENOENT')), { perRateTimeoutMs: 50 })).rejects.toThrow('ENOENT');
  });
});
