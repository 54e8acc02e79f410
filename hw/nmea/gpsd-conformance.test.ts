import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';
import type { Fix } from '../fix.js';
import { hasValidChecksum } from '../framing/nmea-checksum.js';
import { frameAll } from '../framing/framer.js';
import { NavSolutionAssembler } from '../ubx/nav-solution.js';
import { decodeSentence } from './decoder.js';
import { compareWithGpsd, EXPLAINED_KINDS, parseGpsdTpvs, positionKey, type CompareResult, type MismatchKind } from './gpsd-compare.js';
import { decodeCaptureFile } from './pipeline.js';

/**
 * Decodes all 85 gpsd regression captures and compares, per epoch, with gpsd's own TPV
 * reports (the `.chk` files). Figures and mismatch classes are explained in hw/nmea/README.md.
 */
const GPSD_DIR = join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd');

/** The figures this implementation reaches on the corpus (measured, see README): 1980 and 2123 of 2128 epochs. */
const MIN_STRICT_MATCH_RATE = 0.93;
/** Matched, or differing only where gpsd (or the receiver itself) is demonstrably wrong. */
const MIN_EXPLAINED_RATE = 0.997;

/** Every class, with what it means: printed with the counts. */
const CLASS_EXPLANATIONS: Record<MismatchKind, string> = {
  gpsd_date_rollover: 'gpsd shifts genuine pre-2017 dates by 1024 weeks (neo-m8n, rst39, tcp-torture), or keeps a real rollover we correct (gp-320fw, april6)',
  gpsd_no_fix_restamped: 'gpsd reported our fix at T, then stamped a later no-fix sentence (RMC V of a later second, a time-less GGA, $PMGNST read from the wrong fields) with T',
  gpsd_3d_under_4_satellites: 'gpsd says 3D with 3 satellites used where the receiver says 2D (GSA mode 2); the rest agrees',
  receiver_two_positions: 'the receiver sent two positions for one time (B&G Zeus: GLL and RMC stamped with the wrong second); gpsd and we report different ones',
  missing_epoch: 'no fix of ours at that time (ublox-lea-4h: gpsd stamps an RMC V of 03:08:51 with the 03:08:07 of the ZDA before it)',
  mode: 'fix mode differs',
  lat_lon: 'position differs',
  speed_missing: 'gpsd has a speed, we have none',
  speed: 'speed differs (humminbird-M37 19:41:02: gpsd reports before the epoch\'s VTG arrives)',
  track_missing: 'gpsd has a track, we have none',
  track: 'track differs',
  alt_msl: 'altitude differs (garmin38: gpsd takes the Garmin $PGRMZ altitude, whole feet; we take GGA\'s decimetres)',
};

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
  for await (const report of decodeCaptureFile(path).reports) fixes.push(report.fix);
  return fixes;
}

/** Every sentence in the raw file whose checksum verifies (independently of our line filter), decoded. */
function* validSentences(raw: string) {
  for (const m of raw.matchAll(/[$!][^$!\r\n]*\*[0-9A-Fa-f]{2}/g)) {
    if (!hasValidChecksum(m[0])) continue;
    const decoded = decodeSentence(m[0]);
    if (decoded.kind === 'sentence') yield decoded.sentence;
  }
}

/** lat/lon of every sentence in the raw file whose checksum verifies. */
function positionsFromValidSentences(raw: string): Set<string> {
  const out = new Set<string>();
  for (const s of validSentences(raw)) {
    if ('lat' in s && s.lat !== undefined && s.lon !== undefined) out.add(`${s.lat.toFixed(7)},${s.lon.toFixed(7)}`);
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

/** The distinct positions the capture's sentences carry per time of day: where a receiver contradicts itself. */
function positionsByTimeOfDay(raw: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of validSentences(raw)) {
    if (!('lat' in s) || !('timeOfDayMs' in s) || s.lat === undefined || s.lon === undefined || s.timeOfDayMs === undefined) continue;
    const key = new Date(s.timeOfDayMs).toISOString().slice(11);
    const set = out.get(key) ?? new Set<string>();
    out.set(key, set.add(positionKey(s.lat, s.lon)));
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
    for (const { file } of captures) {
      const path = join(GPSD_DIR, file);
      const fixes = await decodeAll(path);
      const result: CompareResult = compareWithGpsd(parseGpsdTpvs(readFileSync(`${path}.chk`, 'latin1')), fixes, {
        positionsByTimeOfDay: positionsByTimeOfDay(readFileSync(path, 'latin1')),
      });
      epochs += result.gpsdEpochs;
      matched += result.matched;
      for (const m of result.mismatches) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
      const rate = result.gpsdEpochs === 0 ? '-' : (result.matched / result.gpsdEpochs).toFixed(3);
      const kinds = [...new Set(result.mismatches.map((m) => m.kind))].join(',');
      perFile.push(`${file}\t${result.matched}/${result.gpsdEpochs}\t${rate}\tours=${fixes.length}\tgpsd untimed=${result.gpsdUntimedReports} mode0=${result.gpsdModeZeroReports}\t${kinds}`);
    }
    const explained = matched + [...byKind].filter(([k]) => EXPLAINED_KINDS.has(k)).reduce((n, [, c]) => n + c, 0);
    const classes = [...byKind]
      .sort(([a], [b]) => Number(EXPLAINED_KINDS.has(b)) - Number(EXPLAINED_KINDS.has(a)) || a.localeCompare(b))
      .map(([kind, count]) => `  ${String(count).padStart(4)}  ${kind}${EXPLAINED_KINDS.has(kind) ? ' (explained)' : ''}: ${CLASS_EXPLANATIONS[kind]}`);
    console.log(
      [
        ...perFile,
        `corpus: ${matched}/${epochs} epochs = ${(matched / epochs).toFixed(4)}; explained ${explained}/${epochs} = ${(explained / epochs).toFixed(4)}`,
        'mismatch classes:',
        ...classes,
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
      for await (const report of capture.reports) fixes.push(report.fix);
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
