import { mpsToKmh, STANDARD_GRAVITY } from '../../common/units.js';
import { DRIVING_EVENT_UNITS, type DrivingEventKind } from '../../protocol/driving-event.js';

/**
 * How the page writes figures: times with their date in the viewer's time zone (the zone
 * named), UTC on hover; speeds in km/h and distances in km from the feed's m/s and metres.
 */

const DASH = '–';

const localFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});
const localShortFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });

/** "26 Aug 2019, 19:28:39 GMT-3" in the viewer's locale and zone. */
export function localTime(ms: number | null): string {
  return ms === null ? DASH : localFormat.format(ms);
}

/** Date and minutes, for dense tables. */
export function localTimeShort(ms: number | null): string {
  return ms === null ? DASH : localShortFormat.format(ms);
}

/** "2019-08-26 22:28:39 UTC": the hover text of every time. */
export function utcTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** A <time> element: local date and time, UTC on hover. */
export function timeElement(ms: number | null, short = false): HTMLTimeElement {
  const el = document.createElement('time');
  setTime(el, ms, short);
  return el;
}

export function setTime(el: HTMLElement, ms: number | null, short = false): void {
  el.textContent = short ? localTimeShort(ms) : localTime(ms);
  if (ms === null) {
    el.removeAttribute('title');
    el.removeAttribute('datetime');
  } else {
    el.title = utcTime(ms);
    el.setAttribute('datetime', new Date(ms).toISOString());
  }
}

/** "12 s ago", "5 min ago", "3 h 20 min ago", "2 days ago"; "in 4 min" for the future. */
export function age(ms: number | null, nowMs: number): string {
  if (ms === null) return DASH;
  const d = nowMs - ms;
  const text = span(Math.abs(d));
  return d >= 0 ? `${text} ago` : `in ${text}`;
}

/** A duration, coarsened to what a dispatcher reads. */
export function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** "+12 min late", "3 min early", "on time". */
export function lateness(ms: number | null): string {
  if (ms === null) return DASH;
  const min = Math.round(ms / 60_000);
  if (min === 0) return 'on time';
  return min > 0 ? `${span(ms)} late` : `${span(-ms)} early`;
}

/** km/h with one decimal, from m/s. */
export function kmh(mps: number | null): string {
  return mps === null ? DASH : mpsToKmh(mps).toFixed(1);
}

/** km with two decimals, from metres. */
export function km(metres: number | null): string {
  return metres === null ? DASH : (metres / 1000).toFixed(2);
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];

/** "135° SE". */
export function heading(track: number | null): string {
  return track === null ? DASH : `${Math.round(track)}° ${COMPASS[Math.round(track / 45) % 8]}`;
}

/** A driving event's peak or threshold as people read it: accelerations in g, speeds in km/h, idling in minutes. */
export function eventValue(kind: DrivingEventKind, value: number): string {
  switch (DRIVING_EVENT_UNITS[kind]) {
    case 'm/s²':
      return `${(value / STANDARD_GRAVITY).toFixed(2)} g`;
    case 'm/s':
      return `${mpsToKmh(value).toFixed(0)} km/h`;
    default:
      return `${(value / 60).toFixed(1)} min`;
  }
}

/** Minutes with one decimal, from seconds. */
export function minutes(seconds: number): string {
  return (seconds / 60).toFixed(1);
}
