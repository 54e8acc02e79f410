import { UserError } from '../common/errors.js';
import { unitHash } from './shard.js';

/**
 * How a virtual truck's driver drives its (real) trip, so a fleet run shows a spread of driving
 * events (agent/driving-events.ts). `pace` replays the trip that much faster: position and speed stay
 * consistent, speeds scale by `pace` and accelerations (longitudinal and lateral) by `pace²`, so a
 * hurried driver brakes, accelerates and corners harder and speeds more, on the same roads.
 * `idleS`: at the first stop of the trip after every `idleEveryS` of driving, the truck stands that
 * much longer with the engine running (excessive idling beyond 5 min). Documented in simulator/README.md.
 */
export interface DrivingProfile {
  pace: number;
  idleEveryS: number;
  idleS: number;
}

export const DRIVING_PROFILES = {
  /** The trip as recorded. */
  recorded: { pace: 1, idleEveryS: 0, idleS: 0 },
  calm: { pace: 0.85, idleEveryS: 0, idleS: 0 },
  hurried: { pace: 1.25, idleEveryS: 0, idleS: 0 },
  /** Stands 7 minutes with the engine on at a stop every 10 minutes. */
  idler: { pace: 1, idleEveryS: 600, idleS: 420 },
} satisfies Record<string, DrivingProfile>;

export type DrivingProfileName = keyof typeof DRIVING_PROFILES;

/** A fleet's drivers: every truck one profile, or `mixed`: each truck's drawn by its number. */
export type DrivingChoice = DrivingProfileName | 'mixed';
export const DRIVING_CHOICES = [...(Object.keys(DRIVING_PROFILES) as DrivingProfileName[]), 'mixed'] as const;

/** The mixed fleet's shares, in order: most drive as recorded, a few are hurried or idle. */
const MIXED_SHARES: [DrivingProfileName, number][] = [
  ['recorded', 0.4],
  ['calm', 0.25],
  ['hurried', 0.2],
  ['idler', 0.15],
];

export function parseDrivingChoice(text: string): DrivingChoice {
  if ((DRIVING_CHOICES as readonly string[]).includes(text)) return text as DrivingChoice;
  throw new UserError(`--driving must be one of ${DRIVING_CHOICES.join(', ')}, got ${text}.`, 'e.g. --driving mixed');
}

/** Truck `n`'s profile: the same in every shard layout (drawn from the truck number and the seed only). */
export function drivingProfileOf(choice: DrivingChoice, seed: number, n: number): DrivingProfileName {
  if (choice !== 'mixed') return choice;
  let u = unitHash(seed, n, 0xd71e);
  for (const [name, share] of MIXED_SHARES) {
    if (u < share) return name;
    u -= share;
  }
  return 'recorded';
}

/**
 * Where in its trip a driver is at each fix: trip time advances `pace` times as fast as the
 * fleet's, and stands still while the truck idles. Feed it fix times in increasing order.
 */
export class DriveClock {
  private lastMs: number;
  private tripMs: number;
  private idleUntilMs = -Infinity;
  private nextIdleAtMs: number;

  constructor(
    private readonly profile: DrivingProfile,
    startTripMs: number,
    startMs: number,
  ) {
    this.tripMs = startTripMs;
    this.lastMs = startMs;
    this.nextIdleAtMs = startMs + profile.idleEveryS * 1000;
  }

  /** The trip offset (ms after its first point) at fix time `tMs`. */
  tripOffsetAt(tMs: number): number {
    if (tMs >= this.idleUntilMs) this.tripMs += (tMs - Math.max(this.lastMs, this.idleUntilMs)) * this.profile.pace;
    this.lastMs = tMs;
    return this.tripMs;
  }

  /** Whether the truck is held idling at `tMs` (its speed is then 0). */
  idling(tMs: number): boolean {
    return tMs < this.idleUntilMs;
  }

  /** The trip's speed at this fix: the first stop (below 0.5 m/s) `idleEveryS` after the last idle (or the start) starts an idle of `idleS`. */
  noteSpeed(tMs: number, tripSpeed: number): void {
    if (this.profile.idleS > 0 && tMs >= this.nextIdleAtMs && tripSpeed < 0.5 && !this.idling(tMs)) {
      this.idleUntilMs = tMs + this.profile.idleS * 1000;
      this.nextIdleAtMs = this.idleUntilMs + this.profile.idleEveryS * 1000;
    }
  }
}
