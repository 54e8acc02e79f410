import { EARTH_RADIUS_M } from '../common/geo.js';
import type { TimedFix } from './sampler.js';

/**
 * Scripted driving with known answers, for the driving-event tests and the simulator's driving
 * profiles: what a receiver reports while a vehicle follows a script of speed and course.
 */

/** What a scripted manoeuvre says at each moment (seconds from its start): ground speed (m/s) and course (° true). */
export type Script = (tS: number) => { speed: number; track: number };

const DEG_PER_M = 180 / Math.PI / EARTH_RADIUS_M;

/**
 * The fixes a receiver at `rateHz` reports while a vehicle follows `script` for `durationS` from
 * `start`, its position integrated from speed and course in 1 ms steps.
 */
export function scriptedFixes(script: Script, durationS: number, rateHz: number, start: { timeMs: number; lat: number; lon: number }): TimedFix[] {
  const fixes: TimedFix[] = [];
  let { lat, lon } = start;
  const stepS = 0.001;
  let tS = 0;
  for (let i = 0; i <= durationS * rateHz; i++) {
    const atS = i / rateHz;
    for (; tS < atS - stepS / 2; tS += stepS) {
      const { speed, track } = script(tS);
      const rad = (track * Math.PI) / 180;
      lat += speed * Math.cos(rad) * stepS * DEG_PER_M;
      lon += (speed * Math.sin(rad) * stepS * DEG_PER_M) / Math.cos((lat * Math.PI) / 180);
    }
    const { speed, track } = script(atS);
    const timeMs = start.timeMs + Math.round(atS * 1000);
    fixes.push({ class: 'TPV', mode: 3, time: new Date(timeMs).toISOString(), timeMs, lat, lon, speed, track: ((track % 360) + 360) % 360 });
  }
  return fixes;
}
