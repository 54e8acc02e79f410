import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';
import type { Fix } from '../fix.js';
import { hasValidChecksum } from '../framing/nmea-checksum.js';
import { frameAll } from '../framing/framer.js';
import { NavSolutionAssembler } from '../ubx/nav-solution.js';
import { decodeSentence } from './decoder.js';
import { compareWithGpsd, parseGpsdTpvs, type CompareResult, type MismatchKind } from './gpsd-compare.js';
import { decodeCaptureFile } from './pipeline.js';

/**
 * Decodes all 85 gpsd regression captures and compares, per epoch, with gpsd's own TPV
 * reports (the `.chk` files). Figures and mismatch classes are explained in hw/nmea/README.md.
 */
const GPSD_DIR = join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd');

/** The figures this implementation reaches on the corpus (measured, see README). */
const MIN_STRICT_MATCH_RATE = 0.908;
/** Matched, or differing only by a documented gpsd model choice. */
const MIN_EXPLAINED_RATE = 0.965;
const GPSD_MODEL_CHOICES: ReadonlySet<MismatchKind> = new Set<MismatchKind>([
  'gpsd_binary_protocol',
  'date_differs',
  'mode_gpsd_sticky_altitude',
  'speed_gpsd_derived',
  'track_gpsd_derived',
]);

interface Capture {
  file: string;
  klass: string;
}

function manifest(): Capture[] {
  const rows = readFileSync(join(GPSD_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((row) => {
    const [file, klass] = row.split('\t');
    return { file: file!, klass: klass! };
  });
}

async function decodeAll(path: string): Promise<Fix[]> {
  const fixes: Fix[] = [];
  for await (const fix of decodeCaptureFile(path).fixes) fixes.push(fix);
  return fixes;
}

/** lat/lon of every sentence in the raw file whose checksum verifies (independently of our line filter). */
function positionsFromValidSentences(raw: string): Set<string> {
  const out = new Set<string>();
  for (const m of raw.matchAll(/[$!][^$!\r\n]*\*[0-9A-Fa-f]{2}/g)) {
    if (!hasValidChecksum(m[0])) continue;
    const decoded = decodeSentence(m[0]);
    if (decoded.kind !== 'sentence' || !('lat' in decoded.sentence)) continue;
    const { lat, lon } = decoded.sentence;
    if (lat !== undefined && lon !== undefined) out.add(`${lat.toFixed(7)},${lon.toFixed(7)}`);
  }
  return out;
}

/** lat/lon of every UBX/CASIC solution in the raw bytes, read in one piece without comments, checksums verified. */
function positionsFromBinaryFrames(raw: Buffer): Set<string> {
  const out = new Set<string>();
  const solutions = new NavSolutionAssembler();
  const fixes = frameAll(raw).items.flatMap((item) => (item.kind === 'frame' ? [solutions.push(item.frame)] : []));
  for (const fix of [...fixes, solutions.flush()]) {
    if (fix?.lat !== undefined && fix.lon !== undefined) out.add(`${fix.lat.toFixed(7)},${fix.lon.toFixed(7)}`);
  }
  return out;
}

describe('conformance with gpsd on its 85 regression captures', () => {
  const captures = manifest();

  it('has the whole corpus', () => {
    expect(captures).toHaveLength(85);
    const logs = readdirSync(GPSD_DIR).filter((f) => f.endsWith('.log'));
    expect(logs.sort()).toEqual(captures.map((c) => c.file).sort());
  });

  it('reproduces gpsd epochs (time, lat/lon 1e-6°, speed 0.01 m/s, track 0.1°, mode, altMSL 0.1 m)', async () => {
    let epochs = 0;
    let matched = 0;
    const byKind = new Map<MismatchKind, number>();
    const perFile: string[] = [];
    for (const { file, klass } of captures) {
      const path = join(GPSD_DIR, file);
      const fixes = await decodeAll(path);
      const result: CompareResult = compareWithGpsd(parseGpsdTpvs(readFileSync(`${path}.chk`, 'latin1')), fixes, {
        binaryMixed: klass === 'NMEA+binary',
      });
      epochs += result.gpsdEpochs;
      matched += result.matched;
      for (const m of result.mismatches) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
      const rate = result.gpsdEpochs === 0 ? '-' : (result.matched / result.gpsdEpochs).toFixed(3);
      perFile.push(`${file}\t${result.matched}/${result.gpsdEpochs}\t${rate}\tours=${fixes.length}\tuntimed gpsd=${result.gpsdUntimedReports}`);
    }
    const explained = matched + [...byKind].filter(([k]) => GPSD_MODEL_CHOICES.has(k)).reduce((n, [, c]) => n + c, 0);
    console.log(
      [
        ...perFile,
        `corpus: ${matched}/${epochs} epochs = ${(matched / epochs).toFixed(4)}; explained ${explained}/${epochs} = ${(explained / epochs).toFixed(4)}`,
        `mismatches: ${JSON.stringify(Object.fromEntries(byKind))}`,
      ].join('\n'),
    );
    expect(epochs).toBeGreaterThan(2000);
    expect(matched / epochs).toBeGreaterThanOrEqual(MIN_STRICT_MATCH_RATE);
    expect(explained / epochs).toBeGreaterThanOrEqual(MIN_EXPLAINED_RATE);
  });

  it('decodes garbage-laden captures without a crash and without a position from a bad sentence', async () => {
    const dirty = captures.filter((c) => c.klass !== 'NMEA' || /fuzzy|torture|isync|udp/.test(c.file));
    expect(dirty.length).toBeGreaterThanOrEqual(19);
    for (const { file } of dirty) {
      const path = join(GPSD_DIR, file);
      const capture = decodeCaptureFile(path);
      const fixes: Fix[] = [];
      for await (const fix of capture.fixes) fixes.push(fix);
      const raw = readFileSync(path);
      const valid = new Set([...positionsFromValidSentences(raw.toString('latin1')), ...positionsFromBinaryFrames(raw)]);
      for (const fix of fixes) {
        if (fix.lat === undefined || fix.lon === undefined) continue;
        expect(fix.mode, file).toBeGreaterThanOrEqual(2);
        expect(valid.has(`${fix.lat.toFixed(7)},${fix.lon.toFixed(7)}`), `${file} ${JSON.stringify(fix)}`).toBe(true);
      }
      const framing = capture.framing();
      const dropped = Object.values(framing.dropped).reduce((a, b) => a + b, 0);
      expect(framing.lines, file).toBeGreaterThan(0);
      expect(dropped + Object.values(capture.stats().sentences).reduce((a, b) => a + b, 0), file).toBe(framing.lines);
    }
  });
});
