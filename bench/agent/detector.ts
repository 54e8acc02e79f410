/**
 * The CPU cost of the agent's driving-event detection per fix, beside the stages every fix already
 * goes through (plausibility filter, sampler), in this process: no I/O, so the figures hold on a
 * machine loaded by other jobs far better than the agent process's CPU % (bench/agent/run.ts --detection).
 *
 *   node dist-bench/bench/agent/detector.js [--minutes 60] [--rounds 5] [--json]
 *
 * Fixes: a scripted hour at 10 Hz (agent/manoeuvres.ts) with the manoeuvres the detector looks for
 * (hard stops, lane changes, speeding, a long idle), so the cost of finding events is included.
 */
import { performance } from 'node:perf_hooks';
import { gToMps2, kmhToMps } from '../../common/units.js';
import { DrivingEventDetector } from '../../agent/driving-events.js';
import { scriptedFixes, type Script } from '../../agent/manoeuvres.js';
import { PlausibilityFilter } from '../../agent/plausibility.js';
import { Sampler, type TimedFix } from '../../agent/sampler.js';

const args = process.argv.slice(2);
const num = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};

/** Every 5 minutes: cruise, a 0.45 g stop, a wait, a start, a lane change; 20–30 min in, speeding; 40–50 min, standing. */
const drive: Script = (tS) => {
  if (tS >= 2400 && tS < 3000) return { speed: 0.2, track: 90 };
  const cycle = tS % 300;
  const v = tS >= 1200 && tS < 1800 ? kmhToMps(100) : kmhToMps(80);
  if (cycle < 200) {
    const lane = cycle >= 100 && cycle < 102.5 ? (Math.asin(((3.5 / 2.5) * (1 - Math.cos((2 * Math.PI * (cycle - 100)) / 2.5))) / v) * 180) / Math.PI : 0;
    return { speed: v, track: 90 - lane };
  }
  const braked = Math.max(0, v - gToMps2(0.45) * (cycle - 200));
  if (cycle < 250) return { speed: braked, track: 90 };
  return { speed: Math.min(v, gToMps2(0.1) * (cycle - 250)), track: 90 };
};

/** Median ns per fix of `run` over `rounds` passes. */
function nsPerFix(fixes: TimedFix[], rounds: number, run: (fixes: TimedFix[]) => void): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    run(fixes);
    times.push(((performance.now() - t0) * 1e6) / fixes.length);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

function main(): void {
  const minutes = num('minutes', 60);
  const rounds = num('rounds', 5);
  const fixes = scriptedFixes(drive, minutes * 60, 10, { timeMs: Date.parse('2026-11-30T08:00:00Z'), lat: -25.45, lon: -49.23 });
  let events = 0;
  const result = {
    fixes: fixes.length,
    plausibilityNs: nsPerFix(fixes, rounds, (fs) => {
      const f = new PlausibilityFilter();
      for (const fix of fs) f.judge(fix);
    }),
    samplerNs: nsPerFix(fixes, rounds, (fs) => {
      const s = new Sampler();
      for (const fix of fs) s.offer(fix);
    }),
    detectorNs: nsPerFix(fixes, rounds, (fs) => {
      const d = new DrivingEventDetector();
      events = 0;
      for (const fix of fs) events += d.offer(fix).length;
      events += d.flush().length;
    }),
    events: 0,
  };
  result.events = events;
  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const pct = (ns: number, hz: number): string => ((ns * hz) / 1e9 * 100).toFixed(4);
  process.stdout.write(
    `${result.fixes} fixes at 10 Hz, ${result.events} driving events found\n` +
      `plausibility filter  ${result.plausibilityNs.toFixed(0)} ns/fix\n` +
      `sampler              ${result.samplerNs.toFixed(0)} ns/fix\n` +
      `driving events       ${result.detectorNs.toFixed(0)} ns/fix = ${pct(result.detectorNs, 1)} % of a core at 1 Hz, ${pct(result.detectorNs, 10)} % at 10 Hz\n`,
  );
}

main();
