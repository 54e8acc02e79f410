import type { PlanThresholds } from './plan.js';

/**
 * When a vehicle will have driven `remaining` metres from its fix at `fixTimeMs`: at the trip's
 * average speed (stops and lights included), floored and capped by the plan's thresholds.
 * The trip's average predicts the rest of a trip better than the last five minutes, which swing
 * with every light; a vehicle held back drags it down while its clock runs on. One formula for
 * the tracker's next stop and for every later stop of the deliveries list.
 */
export function etaAtMs(fixTimeMs: number, remaining: number, tripAvgSpeed: number | null, thresholds: PlanThresholds): number {
  const speed = Math.min(thresholds.etaCeilingSpeedMps, Math.max(thresholds.etaFloorSpeedMps, tripAvgSpeed ?? thresholds.etaFloorSpeedMps));
  return fixTimeMs + (remaining / speed) * 1000;
}

/** Left to drive to a stop `stopAlong` metres along the route: along it from the progress, plus back to it when off it. */
export function remainingToStop(stopAlong: number, route: { progress: number; offRoute: boolean; distanceFromRoute: number }): number {
  return Math.max(0, stopAlong - route.progress) + (route.offRoute ? route.distanceFromRoute : 0);
}
