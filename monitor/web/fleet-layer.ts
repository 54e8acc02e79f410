import L from 'leaflet';
import Supercluster, { type ClusterProperties, type PointFeature } from 'supercluster';
import type { VehicleState, VehicleView } from '../live-contract.js';
import { MAP_COLOURS, STATE_COLOURS } from './palette.js';

export const FLEET_LAYER_DEFAULTS = {
  /** Vehicles closer than this (pixels) at a zoom are one cluster… */
  clusterRadiusPx: 50,
  /** …up to this zoom; from the next one on, every vehicle stands alone. */
  clusterMaxZoom: 14,
  vehicleRadiusPx: 7,
  labelFont: '11px system-ui, sans-serif',
  clusterFont: 'bold 12px system-ui, sans-serif',
  /** Labels are drawn only where they overlap no other label, and at most this many. */
  maxLabels: 400,
};


/** Cluster summaries: how many of its vehicles need attention, by kind. */
interface ClusterSums {
  noData: number;
  offRoute: number;
  delayed: number;
}

interface Drawn {
  x: number;
  y: number;
  r: number;
  vehicleId?: string;
  clusterId?: number;
  lat: number;
  lon: number;
}

/**
 * Every vehicle on one canvas: clustered with supercluster (counts that split as you zoom in,
 * a ring in the colour of the worst state inside), single vehicles as dots in their state's
 * colour with an arrow for the heading, and labels only where they fit. One canvas and a
 * spatial index instead of 10,000 DOM markers: an update costs a re-index and a redraw of
 * what is in view. Clicks are hit-tested against what was drawn.
 */
export class FleetLayer extends L.Layer {
  private canvas!: HTMLCanvasElement;
  private ctx!: CanvasRenderingContext2D;
  private index: Supercluster<{ i: number }, ClusterSums> | null = null;
  private indexed: VehicleView[] = [];
  /** The one zoom level the index clusters for (building every level costs ten times as much, every second). */
  private indexLevel = NaN;
  private stale = true;
  private frame = 0;
  private drawn: Drawn[] = [];
  selectedId: string | null = null;

  constructor(
    private readonly vehicles: Map<string, VehicleView>,
    private readonly onVehicleClick: (id: string) => void,
    private readonly o = FLEET_LAYER_DEFAULTS,
  ) {
    // L.Layer's constructor takes no options (it has no initialize): they are set here, or the canvas lands in the overlay pane.
    super();
    L.setOptions(this, { pane: 'fleet' });
  }

  override onAdd(map: L.Map): this {
    this.canvas = L.DomUtil.create('canvas', 'fleet-layer', this.getPane());
    this.ctx = this.canvas.getContext('2d')!;
    map.on('moveend zoomend resize', this.redraw, this);
    map.on('click', this.onClick, this);
    map.on('mousemove', this.onMouseMove, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend resize', this.redraw, this);
    map.off('click', this.onClick, this);
    map.off('mousemove', this.onMouseMove, this);
    this.canvas.remove();
    return this;
  }

  /** The vehicles changed: re-index and redraw on the next frame. */
  update(): void {
    this.stale = true;
    this.redraw();
  }

  /** Redraw on the next animation frame (once, however often asked). */
  redraw(): void {
    if (this.frame || !this._map) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const start = performance.now();
      this.draw();
      performance.measure('map', { start, end: performance.now() });
    });
  }

  /** The vehicle ids in the cluster drawn at a point, for tests and the cluster's tooltip. */
  vehicleAt(point: L.Point): Drawn | undefined {
    for (let i = this.drawn.length - 1; i >= 0; i--) {
      const d = this.drawn[i];
      if ((d.x - point.x) ** 2 + (d.y - point.y) ** 2 <= (d.r + 3) ** 2) return d;
    }
    return undefined;
  }

  private reindex(level: number): void {
    this.indexed = [];
    const points: PointFeature<{ i: number }>[] = [];
    for (const v of this.vehicles.values()) {
      if (v.lat === null || v.lon === null) continue;
      points.push({ type: 'Feature', properties: { i: this.indexed.length }, geometry: { type: 'Point', coordinates: [v.lon, v.lat] } });
      this.indexed.push(v);
    }
    const indexed = this.indexed;
    this.index = new Supercluster<{ i: number }, ClusterSums>({
      radius: this.o.clusterRadiusPx,
      minZoom: level,
      maxZoom: level,
      map: (p) => {
        const s = indexed[p.i].state;
        return { noData: s === 'no-data' ? 1 : 0, offRoute: s === 'off-route' ? 1 : 0, delayed: s === 'delayed' ? 1 : 0 };
      },
      reduce: (acc, p) => {
        acc.noData += p.noData;
        acc.offRoute += p.offRoute;
        acc.delayed += p.delayed;
      },
    }).load(points);
    this.indexLevel = level;
    this.stale = false;
  }

  private draw(): void {
    const map = this._map;
    if (!map) return;
    const zoom = Math.round(map.getZoom());
    // Past clusterMaxZoom the index answers with single vehicles.
    const level = Math.min(zoom, this.o.clusterMaxZoom);
    if (this.stale || level !== this.indexLevel) this.reindex(level);
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== size.x * ratio || this.canvas.height !== size.y * ratio) {
      this.canvas.width = size.x * ratio;
      this.canvas.height = size.y * ratio;
      this.canvas.style.width = `${size.x}px`;
      this.canvas.style.height = `${size.y}px`;
    }
    // The pane moves with the map while dragging; the canvas is put back at the view's corner.
    L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([0, 0]));
    const ctx = this.ctx;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    this.drawn = [];
    if (!this.index) return;
    const bounds = map.getBounds().pad(0.1);
    const west = Math.max(-180, bounds.getWest());
    const east = Math.min(180, bounds.getEast());
    const items = this.index.getClusters([west, Math.max(-85, bounds.getSouth()), east, Math.min(85, bounds.getNorth())], zoom);
    const singles: { v: VehicleView; p: L.Point }[] = [];
    for (const item of items) {
      const [lon, lat] = item.geometry.coordinates;
      const p = map.latLngToContainerPoint([lat, lon]);
      const props = item.properties as Partial<ClusterProperties & ClusterSums> & { i?: number };
      if (props.cluster) this.drawCluster(p, lat, lon, props as ClusterProperties & ClusterSums);
      else singles.push({ v: this.indexed[props.i!], p });
    }
    const labels: DOMRect[] = [];
    for (const { v, p } of singles) this.drawVehicle(v, p, labels);
    // The selected vehicle stands out even inside a cluster.
    const selected = this.selectedId ? this.vehicles.get(this.selectedId) : undefined;
    if (selected && selected.lat !== null && selected.lon !== null) {
      const p = map.latLngToContainerPoint([selected.lat, selected.lon]);
      ctx.beginPath();
      ctx.arc(p.x, p.y, this.o.vehicleRadiusPx + 5, 0, 2 * Math.PI);
      ctx.strokeStyle = MAP_COLOURS.selectedRing;
      ctx.lineWidth = 3;
      ctx.stroke();
      if (!singles.some((s) => s.v.id === selected.id)) this.drawVehicle(selected, p, labels);
    }
  }

  private drawCluster(p: L.Point, lat: number, lon: number, props: ClusterProperties & ClusterSums): void {
    const ctx = this.ctx;
    const n = props.point_count;
    const r = 13 + Math.min(14, Math.log10(n) * 6);
    const worst: VehicleState | null = props.noData ? 'no-data' : props.offRoute ? 'off-route' : props.delayed ? 'delayed' : null;
    ctx.beginPath();
    ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
    ctx.fillStyle = MAP_COLOURS.cluster;
    ctx.fill();
    ctx.lineWidth = worst ? 4 : 2;
    ctx.strokeStyle = worst ? STATE_COLOURS[worst] : '#ffffff';
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    ctx.font = this.o.clusterFont;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n), p.x, p.y);
    this.drawn.push({ x: p.x, y: p.y, r, clusterId: props.cluster_id, lat, lon });
  }

  private drawVehicle(v: VehicleView, p: L.Point, labels: DOMRect[]): void {
    const ctx = this.ctx;
    const r = this.o.vehicleRadiusPx;
    if (v.track !== null && v.state !== 'stopped' && v.state !== 'no-data') {
      // The heading: a small wedge ahead of the dot.
      const a = ((v.track - 90) * Math.PI) / 180;
      ctx.beginPath();
      ctx.moveTo(p.x + Math.cos(a) * (r + 6), p.y + Math.sin(a) * (r + 6));
      ctx.lineTo(p.x + Math.cos(a + 2.4) * r, p.y + Math.sin(a + 2.4) * r);
      ctx.lineTo(p.x + Math.cos(a - 2.4) * r, p.y + Math.sin(a - 2.4) * r);
      ctx.closePath();
      ctx.fillStyle = STATE_COLOURS[v.state];
      ctx.fill();
    }
    ctx.beginPath();
    ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
    ctx.fillStyle = STATE_COLOURS[v.state];
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    this.drawn.push({ x: p.x, y: p.y, r, vehicleId: v.id, lat: v.lat!, lon: v.lon! });
    if (labels.length >= this.o.maxLabels) return;
    ctx.font = this.o.labelFont;
    const w = ctx.measureText(v.id).width + 6;
    const box = new DOMRect(p.x + r + 2, p.y - 8, w, 16);
    if (labels.some((l) => box.left < l.right && box.right > l.left && box.top < l.bottom && box.bottom > l.top)) return;
    labels.push(box);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(box.x, box.y, box.width, box.height);
    ctx.fillStyle = '#111111';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(v.id, box.x + 3, p.y);
  }

  private onClick(e: L.LeafletMouseEvent): void {
    const hit = this.vehicleAt(e.containerPoint);
    if (!hit || !this._map || !this.index) return;
    if (hit.vehicleId) this.onVehicleClick(hit.vehicleId);
    else if (hit.clusterId !== undefined) {
      // Zoom to the cluster's vehicles.
      const leaves = this.index.getLeaves(hit.clusterId, Infinity).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]] as L.LatLngTuple);
      this._map.flyToBounds(L.latLngBounds(leaves).pad(0.3), { maxZoom: this.o.clusterMaxZoom + 1 });
    }
  }

  private onMouseMove(e: L.LeafletMouseEvent): void {
    this._map!.getContainer().style.cursor = this.vehicleAt(e.containerPoint) ? 'pointer' : '';
  }
}
