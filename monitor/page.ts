import { KMH_PER_MPS } from '../common/units.js';

/**
 * The live fleet page: one self-contained HTML document (inline CSS, SVG and script,
 * nothing fetched from elsewhere: no map tiles are reachable offline). Vehicles are
 * drawn on a local equirectangular projection of the plan's routes and the vehicles'
 * positions; the page follows /events (server-sent events).
 */
export const FLEET_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fleet monitor</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 16px; color: #222; }
  h1 { font-size: 18px; margin: 0 0 8px; }
  #status { color: #666; margin-left: 8px; font-size: 12px; }
  #map { width: 100%; max-width: 1000px; height: auto; border: 1px solid #ccc; background: #f7f7f4; display: block; }
  .route { fill: none; stroke: #9aa; stroke-width: 2; }
  .stop { fill: #345; }
  .vehicle { stroke: #fff; stroke-width: 2; }
  .label { font-size: 11px; fill: #222; }
  .moving { fill: #2a9d3a; } .stopped { fill: #888; } .unknown { fill: #bbb; }
  .late { fill: #e08a00; } .off-route { fill: #d62828; } .no-data { fill: #222; }
  .dot.moving { background: #2a9d3a; } .dot.stopped { background: #888; } .dot.unknown { background: #bbb; }
  .dot.late { background: #e08a00; } .dot.off-route { background: #d62828; } .dot.no-data { background: #222; }
  table { border-collapse: collapse; margin-top: 12px; }
  th, td { padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: right; }
  th:first-child, td:first-child, td.state { text-align: left; }
  .dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; }
  #alerts { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre; max-height: 200px; overflow: auto; }
  .legend span { margin-right: 12px; }
</style>
</head>
<body>
<h1>Fleet monitor <span id="status">connecting…</span></h1>
<div class="legend">
  <span><i class="dot" style="background:#2a9d3a"></i>moving</span><span><i class="dot" style="background:#888"></i>stopped</span>
  <span><i class="dot" style="background:#e08a00"></i>delay predicted</span><span><i class="dot" style="background:#d62828"></i>off route</span>
  <span><i class="dot" style="background:#222"></i>no data</span>
</div>
<svg id="map" viewBox="0 0 1000 560" xmlns="http://www.w3.org/2000/svg">
  <g id="routes"></g><g id="vehicles"></g>
</svg>
<table id="fleet">
  <thead><tr><th>vehicle</th><th>state</th><th>speed km/h</th><th>avg 5 min km/h</th><th>trip avg km/h</th><th>distance km</th>
  <th>off route m</th><th>next stop</th><th>ETA</th><th>promised</th><th>fix time</th></tr></thead>
  <tbody></tbody>
</table>
<h2 style="font-size:15px">Alerts</h2>
<div id="alerts"></div>
<script>
(function () {
  var W = 1000, H = 560, PAD = 30, SVGNS = 'http://www.w3.org/2000/svg';
  var plan = { type: 'FeatureCollection', features: [] };
  var state = { vehicles: [], alerts: [] };

  function stateOf(v) {
    if (v.noData) return 'no-data';
    if (v.route && v.route.deviationAlerted) return 'off-route';
    if (v.nextStop && v.nextStop.late) return 'late';
    return v.motion;
  }
  function kmh(mps) { return mps == null ? '–' : (mps * ${KMH_PER_MPS}).toFixed(1); }
  function hhmm(iso) { return iso ? iso.slice(11, 19) : '–'; }
  function el(name, attrs) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function projection(points) {
    if (points.length === 0) return null;
    var minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
    points.forEach(function (p) {
      minLat = Math.min(minLat, p[1]); maxLat = Math.max(maxLat, p[1]);
      minLon = Math.min(minLon, p[0]); maxLon = Math.max(maxLon, p[0]);
    });
    var k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    var spanX = Math.max((maxLon - minLon) * k, 1e-4), spanY = Math.max(maxLat - minLat, 1e-4);
    var scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
    var offX = (W - spanX * scale) / 2, offY = (H - spanY * scale) / 2;
    return function (lon, lat) { return [offX + (lon - minLon) * k * scale, H - offY - (lat - minLat) * scale]; };
  }
  function render() {
    var points = [];
    plan.features.forEach(function (f) {
      if (f.geometry.type === 'LineString') points = points.concat(f.geometry.coordinates);
      else points.push(f.geometry.coordinates);
    });
    state.vehicles.forEach(function (v) { if (v.position) points.push([v.position.lon, v.position.lat]); });
    var project = projection(points);
    var routes = document.getElementById('routes'), vehicles = document.getElementById('vehicles');
    routes.textContent = ''; vehicles.textContent = '';
    if (project) {
      plan.features.forEach(function (f) {
        if (f.geometry.type === 'LineString') {
          routes.appendChild(el('polyline', { class: 'route', 'data-route': f.properties.vehicleId,
            points: f.geometry.coordinates.map(function (c) { return project(c[0], c[1]).join(','); }).join(' ') }));
        } else {
          var p = project(f.geometry.coordinates[0], f.geometry.coordinates[1]);
          routes.appendChild(el('rect', { class: 'stop', x: p[0] - 4, y: p[1] - 4, width: 8, height: 8 }));
        }
      });
      state.vehicles.forEach(function (v) {
        if (!v.position) return;
        var p = project(v.position.lon, v.position.lat);
        var c = el('circle', { class: 'vehicle ' + stateOf(v), cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 7, 'data-vehicle': v.vehicleId });
        var title = el('title', {}); title.textContent = v.vehicleId; c.appendChild(title);
        vehicles.appendChild(c);
        var label = el('text', { class: 'label', x: (p[0] + 9).toFixed(1), y: (p[1] - 9).toFixed(1) });
        label.textContent = v.vehicleId; vehicles.appendChild(label);
      });
    }
    var body = document.querySelector('#fleet tbody');
    body.textContent = '';
    state.vehicles.slice().sort(function (a, b) { return a.vehicleId < b.vehicleId ? -1 : 1; }).forEach(function (v) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-vehicle', v.vehicleId);
      var s = stateOf(v), ns = v.nextStop;
      var cells = [v.vehicleId, s, kmh(v.position && v.position.speed), kmh(v.windowAvgSpeed), kmh(v.trip && v.trip.avgSpeed),
        (v.distance / 1000).toFixed(2), v.route ? Math.round(v.route.distanceFromRoute) : '–',
        ns ? ns.stopId : '–', ns ? hhmm(ns.eta) : '–', ns ? hhmm(ns.promisedAt) : '–', v.position ? hhmm(v.position.time) : '–'];
      cells.forEach(function (text, i) {
        var td = document.createElement('td');
        if (i === 1) { td.className = 'state'; var dot = document.createElement('i'); dot.className = 'dot ' + s; td.appendChild(dot); }
        td.appendChild(document.createTextNode(String(text)));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    document.getElementById('alerts').textContent = state.alerts.slice().reverse().map(function (a) {
      return a.time + '  ' + a.vehicleId + '  ' + a.type + (a.stopId ? ' ' + a.stopId : '') + (a.lateByMs != null ? ' (' + Math.round(a.lateByMs / 60000) + ' min)' : '');
    }).join('\\n');
    document.getElementById('status').textContent = state.vehicles.length + ' vehicles, live';
  }
  fetch('/api/plan').then(function (r) { return r.json(); }).then(function (p) { plan = p; render(); });
  var events = new EventSource('/events');
  events.addEventListener('snapshot', function (e) { state = JSON.parse(e.data); render(); });
  events.onerror = function () { document.getElementById('status').textContent = 'reconnecting…'; };
})();
</script>
</body>
</html>
`;
