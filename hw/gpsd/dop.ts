import type { Satellite } from '../fix.js';

/**
 * Dilutions of precision from the geometry of the satellites used, as gpsd computes them when
 * a receiver does not report them (gpsd/libgpsd_core.c `fill_dop`): the line-of-sight matrix of
 * the used satellites (east, north, up, clock), its normal matrix inverted, and the DOPs from
 * the diagonal. Needs four used satellites with elevation and azimuth.
 */
export interface Dops {
  xdop: number;
  ydop: number;
  hdop: number;
  vdop: number;
  pdop: number;
  tdop: number;
  gdop: number;
}

const RAD = Math.PI / 180;
/** gpsd's threshold below which the normal matrix counts as singular (matrix.c). */
const SINGULAR_DETERMINANT = 0.0001;

/** The diagonal of the inverse of a symmetric 4×4 matrix (Gauss-Jordan with partial pivoting), or undefined when singular. */
function inverseDiagonal(m: number[][]): number[] | undefined {
  const n = 4;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  let determinant = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (pivot !== col) {
      [a[pivot], a[col]] = [a[col]!, a[pivot]!];
      determinant = -determinant;
    }
    const p = a[col]![col]!;
    determinant *= p;
    if (p === 0) return undefined;
    for (let c = 0; c < 2 * n; c++) a[col]![c]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f !== 0) for (let c = 0; c < 2 * n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  if (Math.abs(determinant) < SINGULAR_DETERMINANT) return undefined;
  return a.map((row, i) => row[n + i]!);
}

export function dopsFromGeometry(satellites: readonly Satellite[]): Dops | undefined {
  const lineOfSight: number[][] = [];
  for (const s of satellites) {
    if (!s.used || s.el === undefined || s.az === undefined) continue;
    const el = s.el * RAD;
    const az = s.az * RAD;
    lineOfSight.push([Math.sin(az) * Math.cos(el), Math.cos(az) * Math.cos(el), Math.sin(el), 1]);
  }
  if (lineOfSight.length < 4) return undefined;
  const normal = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => lineOfSight.reduce((sum, row) => sum + row[i]! * row[j]!, 0)));
  const d = inverseDiagonal(normal);
  if (d === undefined || d.some((v) => !(v >= 0))) return undefined;
  const [x, y, v, t] = d as [number, number, number, number];
  return {
    xdop: Math.sqrt(x),
    ydop: Math.sqrt(y),
    hdop: Math.sqrt(x + y),
    vdop: Math.sqrt(v),
    pdop: Math.sqrt(x + y + v),
    tdop: Math.sqrt(t),
    gdop: Math.sqrt(x + y + v + t),
  };
}
