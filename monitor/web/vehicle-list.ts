import { VEHICLE_STATES, type VehicleState, type VehicleView } from '../live-contract.js';
import type { Change, FleetStore } from './fleet-store.js';
import { STATE_COLOURS } from './palette.js';
import { age, kmh, utcTime } from './format.js';

export const VEHICLE_LIST_DEFAULTS = {
  rowHeightPx: 30,
  /** Rows drawn beyond the visible ones, each side, so a scroll does not show blanks. */
  overscanRows: 10,
};

export const STATE_LABELS: Record<VehicleState, string> = {
  'no-data': 'no data',
  'off-route': 'off route',
  delayed: 'delayed',
  moving: 'moving',
  stopped: 'stopped',
  unknown: 'no fix yet',
};

/**
 * The searchable vehicle list: a search box (vehicle id or next stop), one toggle per state
 * with its count, and the matching vehicles — problems first — in a virtual list (only the
 * rows in view exist in the DOM, so 10,000 vehicles scroll as smoothly as 10).
 */
export class VehicleList {
  private readonly search: HTMLInputElement;
  private readonly filters = new Map<VehicleState, HTMLButtonElement>();
  private readonly hidden = new Set<VehicleState>();
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly summary: HTMLElement;
  private matching: VehicleView[] = [];
  private orderStale = true;
  private frame = 0;
  selectedId: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly store: FleetStore,
    private readonly onSelect: (id: string) => void,
    private readonly o = VEHICLE_LIST_DEFAULTS,
  ) {
    root.innerHTML = `
      <input type="search" class="search" placeholder="Search vehicles or stops" aria-label="Search vehicles">
      <div class="state-filters" role="group" aria-label="Filter by state"></div>
      <div class="list-summary"></div>
      <div class="list-viewport" tabindex="0"><div class="list-spacer"></div><div class="list-rows" role="list"></div></div>`;
    this.search = root.querySelector('.search')!;
    this.summary = root.querySelector('.list-summary')!;
    this.viewport = root.querySelector('.list-viewport')!;
    this.spacer = root.querySelector('.list-spacer')!;
    this.rows = root.querySelector('.list-rows')!;
    const filterBar = root.querySelector('.state-filters')!;
    for (const state of VEHICLE_STATES) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'state-filter';
      b.dataset.state = state;
      b.setAttribute('aria-pressed', 'true');
      b.addEventListener('click', () => {
        if (this.hidden.has(state)) this.hidden.delete(state);
        else this.hidden.add(state);
        b.setAttribute('aria-pressed', String(!this.hidden.has(state)));
        this.refilter();
      });
      this.filters.set(state, b);
      filterBar.appendChild(b);
    }
    this.search.addEventListener('input', () => this.refilter());
    this.viewport.addEventListener('scroll', () => this.schedule());
    this.rows.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-vehicle]');
      if (row) this.onSelect(row.dataset.vehicle!);
    });
    store.subscribe((change) => this.onChange(change));
  }

  /** Fix ages move on every second. */
  tick(): void {
    this.schedule();
  }

  private onChange(change: Change): void {
    // A vehicle's state or arrival changes the order and the counts; a position alone does not.
    if (change.full) this.orderStale = true;
    else for (const id of change.vehicles) if (this.store.vehicles.get(id)!.state !== this.lastState.get(id)) this.orderStale = true;
    this.schedule();
  }

  private readonly lastState = new Map<string, VehicleState>();

  private refilter(): void {
    this.orderStale = true;
    this.schedule();
  }

  private schedule(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      const start = performance.now();
      this.render();
      performance.measure('list', { start, end: performance.now() });
    });
  }

  private reorder(): void {
    const query = this.search.value.trim().toLowerCase();
    const counts = new Map<VehicleState, number>(VEHICLE_STATES.map((s) => [s, 0]));
    this.matching = [];
    for (const v of this.store.vehicles.values()) {
      this.lastState.set(v.id, v.state);
      counts.set(v.state, counts.get(v.state)! + 1);
      if (this.hidden.has(v.state)) continue;
      if (query && !v.id.toLowerCase().includes(query) && !(v.nextStopName ?? '').toLowerCase().includes(query) && !(v.nextStopId ?? '').toLowerCase().includes(query)) continue;
      this.matching.push(v);
    }
    const rank = new Map(VEHICLE_STATES.map((s, i) => [s, i]));
    this.matching.sort((a, b) => rank.get(a.state)! - rank.get(b.state)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const [state, button] of this.filters) button.textContent = `${STATE_LABELS[state]} ${counts.get(state)}`;
    this.summary.textContent = `${this.matching.length.toLocaleString()} of ${this.store.vehicles.size.toLocaleString()} vehicles`;
    this.spacer.style.height = `${this.matching.length * this.o.rowHeightPx}px`;
    this.orderStale = false;
  }

  private render(): void {
    if (this.orderStale) this.reorder();
    const h = this.o.rowHeightPx;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / h) - this.o.overscanRows);
    const last = Math.min(this.matching.length, Math.ceil((this.viewport.scrollTop + this.viewport.clientHeight) / h) + this.o.overscanRows);
    const now = this.store.now();
    // Rows are kept and rewritten in place: no HTML parsing, and a cell is touched only when its text changes.
    while (this.rows.children.length > last - first) this.rows.lastElementChild!.remove();
    for (let i = first; i < last; i++) {
      const v = this.matching[i];
      const row = (this.rows.children[i - first] as HTMLElement | undefined) ?? this.rows.appendChild(newRow());
      const [dot, id, speed, fixAge] = row.children as unknown as HTMLElement[];
      row.className = v.id === this.selectedId ? 'vehicle-row selected' : 'vehicle-row';
      row.dataset.vehicle = v.id;
      row.dataset.state = v.state;
      row.style.top = `${i * h}px`;
      dot.style.background = STATE_COLOURS[v.state];
      setText(id, v.id);
      setText(speed, `${kmh(v.speed)} km/h`);
      setText(fixAge, age(v.fixTimeMs, now));
      fixAge.title = v.fixTimeMs === null ? '' : `last fix ${utcTime(v.fixTimeMs)}`;
    }
  }
}

function newRow(): HTMLElement {
  const row = document.createElement('div');
  row.setAttribute('role', 'listitem');
  for (const name of ['dot', 'id', 'speed', 'age']) row.appendChild(document.createElement(name === 'dot' ? 'i' : 'span')).className = name;
  return row;
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
