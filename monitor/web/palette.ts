import type { DrivingEventKind } from '../../protocol/driving-event.js';
import type { DeliveryStatus, VehicleState } from '../live-contract.js';

/** The page's colours, in one place (the browser tests read some of them back from screenshots). */

export const STATE_COLOURS: Record<VehicleState, string> = {
  'no-data': '#222222',
  'off-route': '#d62828',
  delayed: '#e08a00',
  moving: '#2a9d3a',
  stopped: '#6c757d',
  unknown: '#adb5bd',
};

export const STOP_COLOURS: Record<DeliveryStatus, string> = { next: '#1d4ed8', scheduled: '#5b7083', arrived: '#2a9d3a', missed: '#d62828', done: '#2a9d3a' };

export const MAP_COLOURS = {
  land: '#efe9dc',
  coast: '#9fb3c8',
  border: '#b8a99a',
  route: '#5b7083',
  selectedRoute: '#1d4ed8',
  trail: '#7c3aed',
  speedZone: '#b45309',
  cluster: 'rgba(29, 78, 216, 0.78)',
  selectedRing: '#1d4ed8',
  eventTrail: '#ff6b00',
};

export const EVENT_COLOURS: Record<DrivingEventKind, string> = {
  'harsh-braking': '#d62828',
  'harsh-acceleration': '#e08a00',
  'harsh-cornering': '#9d4edd',
  speeding: '#0077b6',
  idling: '#6c757d',
};

/** '#rrggbb' as [r, g, b]. */
export function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}
