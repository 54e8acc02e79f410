/**
 * A driving event the agent detected on its full-rate fix stream (agent/driving-events.ts):
 * the contract between the agent, the gateway and the `vehicle-events` topic. Documented in
 * protocol/README.md ("Driving events"); the thresholds in agent/README.md.
 */
export const DRIVING_EVENT_KINDS = ['harsh-acceleration', 'harsh-braking', 'harsh-cornering', 'speeding', 'idling'] as const;
export type DrivingEventKind = (typeof DRIVING_EVENT_KINDS)[number];

/**
 * The unit of an event's `peak` and `threshold`, by kind: an acceleration's magnitude (m/s²,
 * braking and cornering as positive values), the speed (m/s), or for idling the time stopped (s).
 */
export const DRIVING_EVENT_UNITS: Record<DrivingEventKind, 'm/s²' | 'm/s' | 's'> = {
  'harsh-acceleration': 'm/s²',
  'harsh-braking': 'm/s²',
  'harsh-cornering': 'm/s²',
  speeding: 'm/s',
  idling: 's',
};

/** One position of an event's trail: at most one a second around the peak. */
export interface TrailPoint {
  timeMs: number;
  lat: number;
  lon: number;
  /** m/s */
  speed?: number;
  /** degrees true */
  track?: number;
}

export interface DrivingEvent {
  kind: DrivingEventKind;
  /** Fix time of the first fix over the threshold, ms since 1970 (UTC). */
  startMs: number;
  /** Fix time of the last fix over the threshold. */
  endMs: number;
  /** The largest value over the event, in the kind's unit (DRIVING_EVENT_UNITS). */
  peak: number;
  /** The threshold it went over, same unit (a speed limit, a harsh-braking deceleration, a minimum idle). */
  threshold: number;
  /** Where and when the peak was (idling: where the vehicle stopped). */
  peakTimeMs: number;
  lat: number;
  lon: number;
  /** 1 Hz positions around the peak. */
  trail: TrailPoint[];
}
