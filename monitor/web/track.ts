import './track.css';
import type { CustomerDelivery } from '../live-contract.js';
import { lateness, setTime } from './format.js';

/**
 * The customer's page for one delivery (/track/{token}): "your delivery is 12 min away",
 * from GET /v1/deliveries/{token}, refreshed every 30 s. Nothing about the vehicle or driver.
 */
export const TRACK_PAGE_DEFAULTS = { refreshMs: 30_000 };

const token = location.pathname.split('/').pop()!;

function headline(d: CustomerDelivery): string {
  switch (d.status) {
    case 'on-the-way':
      return d.minutesAway === null ? 'Your delivery is on its way' : d.minutesAway <= 1 ? 'Your delivery is arriving now' : `Your delivery is ${d.minutesAway} min away`;
    case 'scheduled':
      return d.minutesAway === null ? 'Your delivery is scheduled' : `Your delivery is about ${d.minutesAway} min away`;
    case 'arrived':
    case 'done':
      return 'Your delivery has arrived';
    case 'missed':
      return 'Your delivery was not made as planned';
  }
}

async function refresh(): Promise<void> {
  const r = await fetch(`/v1/deliveries/${encodeURIComponent(token)}`);
  if (!r.ok) {
    document.getElementById('headline')!.textContent = 'This delivery link is not valid';
    return;
  }
  const d = (await r.json()) as CustomerDelivery;
  document.getElementById('headline')!.textContent = headline(d);
  document.getElementById('detail')!.textContent = [d.name, d.lateByMinutes === null ? null : lateness(d.lateByMinutes * 60_000)].filter(Boolean).join(' · ');
  setTime(document.getElementById('eta')!, d.eta ? Date.parse(d.eta) : null);
  setTime(document.getElementById('promised')!, Date.parse(d.promisedAt));
  setTime(document.getElementById('updated')!, d.updatedAt ? Date.parse(d.updatedAt) : null);
}

void refresh();
setInterval(() => void refresh(), TRACK_PAGE_DEFAULTS.refreshMs);
