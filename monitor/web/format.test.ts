import { describe, expect, it } from 'vitest';
import { gToMps2, kmhToMps } from '../../common/units.js';
import { age, eventValue, heading, km, kmh, lateness, minutes, span, utcTime } from './format.js';

describe("the page's figures", () => {
  it("writes a driving event's peak in the kind's reading unit", () => {
    expect(eventValue('harsh-braking', gToMps2(0.5))).toBe('0.50 g');
    expect(eventValue('harsh-cornering', 2.94)).toBe('0.30 g');
    expect(eventValue('speeding', kmhToMps(95))).toBe('95 km/h');
    expect(eventValue('idling', 600)).toBe('10.0 min');
    expect(minutes(90)).toBe('1.5');
  });

  it('writes instants in UTC for the hover text', () => {
    expect(utcTime(Date.parse('2019-08-26T22:28:39.250Z'))).toBe('2019-08-26 22:28:39 UTC');
  });

  it('writes ages and durations as a dispatcher reads them', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(age(now - 12_000, now)).toBe('12 s ago');
    expect(age(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(age(now - 200 * 60_000, now)).toBe('3 h 20 min ago');
    expect(age(now - 6 * 86_400_000, now)).toBe('6 days ago');
    expect(age(now + 4 * 60_000, now)).toBe('in 4 min');
    expect(age(null, now)).toBe('–');
    expect(span(2 * 3_600_000)).toBe('2 h');
    expect(lateness(12 * 60_000)).toBe('12 min late');
    expect(lateness(-3 * 60_000)).toBe('3 min early');
    expect(lateness(20_000)).toBe('on time');
  });

  it('converts the feed\'s SI figures', () => {
    expect(kmh(10)).toBe('36.0');
    expect(kmh(null)).toBe('–');
    expect(km(12_340)).toBe('12.34');
    expect(heading(135)).toBe('135° SE');
    expect(heading(359)).toBe('359° N');
  });
});
