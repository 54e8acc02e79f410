import { describe, expect, it } from 'vitest';
import { originOf, summarizeProfile, type CpuProfile } from './profile-summary.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// root → handle (gateway) → send (kafkajs) → encode (kafkajs) → writeUtf8 (node internals); root → (idle), (garbage collector)
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 6, 7] },
    { id: 2, callFrame: frame('handle', 'file:///srv/telematics/dist/gateway/server.js', 9), children: [3] },
    { id: 3, callFrame: frame('send', 'file:///srv/telematics/node_modules/kafkajs/src/producer/sendMessages.js', 40), children: [4] },
    { id: 4, callFrame: frame('encode', 'file:///srv/telematics/node_modules/kafkajs/src/protocol/encoder.js', 99), children: [5] },
    { id: 5, callFrame: frame('writeUtf8', 'node:buffer', 5) },
    { id: 6, callFrame: frame('(idle)') },
    { id: 7, callFrame: frame('(garbage collector)') },
  ],
  // sample i stands for timeDeltas[i + 1] µs
  samples: [2, 3, 4, 4, 5, 6, 7, 2],
  timeDeltas: [0, 1000, 2000, 1000, 1000, 3000, 5000, 1000, 0],
  startTime: 0,
  endTime: 20_000,
};

describe('profile summary', () => {
  it('classifies frames by origin', () => {
    expect(originOf(frame('x', 'file:///a/node_modules/kafkajs/src/x.js'))).toBe('kafkajs');
    expect(originOf(frame('x', 'file:///a/node_modules/@scope/pkg/x.js'))).toBe('@scope/pkg');
    expect(originOf(frame('x', 'file:///a/dist/protocol/binary-batch.js'))).toBe('project: protocol/');
    expect(originOf(frame('x', 'node:internal/streams/writable'))).toBe('node internals');
    expect(originOf(frame('(garbage collector)'))).toBe('(garbage collector)');
    expect(originOf(frame('compare'))).toBe('native (V8 builtins, bindings)');
  });

  it('adds self time by origin and function, and the time under kafkajs frames', () => {
    // handle 1 ms; send 2; encode 1 + 1; writeUtf8 3 (called by kafkajs); idle 5; GC 1
    const s = summarizeProfile(PROFILE, 3);
    expect(s.wallMs).toBe(20);
    expect(s.idleMs).toBe(5);
    expect(s.busyMs).toBe(9);
    expect(s.byOrigin).toEqual({ 'project: gateway/': 1, kafkajs: 4, 'node internals': 3, '(garbage collector)': 1 });
    expect(s.underKafkajsMs).toBe(7);
    expect(s.top.map((f) => [f.name, f.selfMs, f.location])).toEqual([
      ['writeUtf8', 3, 'node:buffer:6'],
      ['send', 2, 'node_modules/kafkajs/src/producer/sendMessages.js:41'],
      ['encode', 2, 'node_modules/kafkajs/src/protocol/encoder.js:100'],
    ]);
    expect(s.top[0]!.share).toBeCloseTo(3 / 9);
  });
});
