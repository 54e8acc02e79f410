import type { DriverScoreView, DrivingEventView } from '../live-contract.js';
import type { ScorePeriod } from '../../protocol/driver-score-record.js';
import type { FleetStore } from './fleet-store.js';
import { eventValue, km, minutes, timeElement } from './format.js';
import { markSorted, sortableHeader } from './sortable-header.js';

type Column = { key: string; label: string; title: string; value: (d: DriverScoreView) => string | number };

const COLUMNS: Column[] = [
  { key: 'driver', label: 'Driver', title: 'Driver (the vehicle when no driver is configured)', value: (d) => d.driverId },
  { key: 'score', label: 'Score', title: '0–100: 100 less points per event and per minute over the limit or idling, per 100 km', value: (d) => d.score },
  { key: 'distance', label: 'km', title: 'Distance driven in the period', value: (d) => d.distance },
  { key: 'braking', label: 'Brake', title: 'Harsh braking per 100 km', value: (d) => d.eventsPer100km['harsh-braking'] },
  { key: 'acceleration', label: 'Accel', title: 'Harsh acceleration per 100 km', value: (d) => d.eventsPer100km['harsh-acceleration'] },
  { key: 'cornering', label: 'Corner', title: 'Harsh cornering per 100 km', value: (d) => d.eventsPer100km['harsh-cornering'] },
  { key: 'speeding', label: 'Over limit', title: 'Minutes over the speed limit', value: (d) => d.timeOverSpeedLimit },
  { key: 'idling', label: 'Idle', title: 'Minutes idling', value: (d) => d.idlingTime },
];

/**
 * The drivers' scores: each driver's latest day or ISO week (the switch), sortable by any column
 * (click a header; again to reverse; worst score first to start with). A row selects the driver:
 * their events are listed below, newest first, and an event (here or on the map) shows its trail.
 */
export class DriversTable {
  private readonly tbody: HTMLTableSectionElement;
  private readonly events: HTMLOListElement;
  private readonly note: HTMLElement;
  private period: ScorePeriod = 'day';
  private sortKey = 'score';
  private descending = false;
  private frame = 0;
  selectedDriver: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly store: FleetStore,
    private readonly onSelectDriver: (driverId: string) => void,
    private readonly onSelectEvent: (event: DrivingEventView) => void,
  ) {
    root.innerHTML = `
      <div class="period-switch" role="radiogroup" aria-label="Score period">
        <label><input type="radio" name="score-period" value="day" checked> Today</label>
        <label><input type="radio" name="score-period" value="week"> This week</label>
      </div>
      <table class="drivers"><thead><tr></tr></thead><tbody></tbody></table><p class="table-note"></p>
      <h3 class="driving-events-title">Driving events</h3>
      <ol class="driving-events"></ol>`;
    this.tbody = root.querySelector('tbody')!;
    this.events = root.querySelector('.driving-events')!;
    this.note = root.querySelector('.table-note')!;
    // A first click on a figure sorts the largest first; on the score or the driver, the worst or A first.
    sortableHeader(root.querySelector('thead tr')!, COLUMNS, (key) => {
      this.descending = this.sortKey === key ? !this.descending : key !== 'score' && key !== 'driver';
      this.sortKey = key;
      this.schedule();
    });
    for (const radio of root.querySelectorAll<HTMLInputElement>('input[name="score-period"]')) {
      radio.addEventListener('change', () => {
        this.period = radio.value as ScorePeriod;
        this.schedule();
      });
    }
    this.tbody.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-driver]');
      if (!row) return;
      this.selectedDriver = row.dataset.driver!;
      this.onSelectDriver(this.selectedDriver);
      this.schedule();
    });
    this.events.addEventListener('click', (e) => {
      const item = (e.target as HTMLElement).closest<HTMLElement>('[data-event]');
      const event = item && this.store.drivingEvents.find((d) => d.id === item.dataset.event);
      if (event) this.onSelectEvent(event);
    });
    store.subscribe((change) => {
      if (change.full || change.drivers) this.schedule();
    });
  }

  private schedule(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Each driver's latest record of the period shown. */
  private rows(): DriverScoreView[] {
    const latest = new Map<string, DriverScoreView>();
    for (const d of this.store.drivers.values()) {
      if (d.period !== this.period) continue;
      const known = latest.get(d.driverId);
      if (!known || known.periodId < d.periodId) latest.set(d.driverId, d);
    }
    return [...latest.values()];
  }

  private render(): void {
    const column = COLUMNS.find((c) => c.key === this.sortKey)!;
    const sign = this.descending ? -1 : 1;
    const rows = this.rows().sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      return sign * (x < y ? -1 : x > y ? 1 : 0) || (a.driverId < b.driverId ? -1 : 1);
    });
    markSorted(this.tbody.parentElement!, this.sortKey, this.descending);
    this.tbody.replaceChildren(...rows.map((d) => this.row(d)));
    const periods = [...new Set(rows.map((d) => d.periodId))].sort();
    this.note.textContent = `${rows.length} drivers${periods.length ? `, ${periods.join(', ')}` : ''}`;
    const shown = this.store.drivingEvents.filter((e) => this.selectedDriver === null || e.driverId === this.selectedDriver).slice(-100).reverse();
    this.events.replaceChildren(...shown.map((e) => eventItem(e)));
  }

  private row(d: DriverScoreView): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.driver = d.driverId;
    if (d.driverId === this.selectedDriver) tr.setAttribute('aria-selected', 'true');
    tr.title = `vehicles: ${d.vehicles.join(', ')}`;
    const values = [d.driverId, d.score.toFixed(1), km(d.distance), ...(['harsh-braking', 'harsh-acceleration', 'harsh-cornering'] as const).map((k) => d.eventsPer100km[k].toFixed(1)), minutes(d.timeOverSpeedLimit), minutes(d.idlingTime)];
    COLUMNS.forEach((c, i) => {
      const td = document.createElement('td');
      td.dataset.column = c.key;
      td.textContent = values[i]!;
      tr.append(td);
    });
    tr.classList.toggle('poor', d.score < 60);
    return tr;
  }
}

function eventItem(e: DrivingEventView): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset.event = e.id;
  li.dataset.kind = e.kind;
  const what = document.createElement('strong');
  what.textContent = e.kind;
  li.append(what, ` ${eventValue(e.kind, e.peak)} (limit ${eventValue(e.kind, e.threshold)}) · ${e.driverId} · `, timeElement(e.timeMs, true));
  return li;
}
