/**
 * NMEA decoding throughput on the whole gpsd corpus (85 real captures, all in memory, single
 * core): framer + decoder + fix assembly (each capture's bytes through `Framer` into
 * `NmeaPipeline`) against the bare nmea-simple parse loop on the same data lines, measured in
 * the same run. Figures go in hw/nmea/README.md.
 *
 *   node dist-bench/bench/nmea/run.js [--reps 20] [--json]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNmeaSentence } from 'nmea-simple';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { captureDate } from '../../hw/framing/capture-file.js';
import { Framer } from '../../hw/framing/framer.js';
import { NmeaPipeline } from '../../hw/nmea/pipeline.js';

export const NMEA_BENCH_DEFAULTS = {
  gpsdDir: join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd'),
  /** Timed repetitions of each loop over the corpus (after one warm-up pass). */
  reps: 20,
};

interface Capture {
  referenceDate?: string;
  /** The whole file, as a receiver or a capture reader delivers it. */
  bytes: Buffer;
  /** Its data lines (no `#` comments), for the baseline. */
  lines: string[];
}

function loadCorpus(dir: string): Capture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      const capture: Capture = { bytes, lines: [] };
      for (const line of bytes.toString('latin1').split('\n')) {
        if (line.startsWith('#')) capture.referenceDate ??= captureDate(line);
        else capture.lines.push(line);
      }
      return capture;
    });
}

function pipelinePass(corpus: Capture[]): { sentences: number; fixes: number } {
  let sentences = 0;
  let fixes = 0;
  for (const capture of corpus) {
    const pipeline = new NmeaPipeline({ referenceDate: capture.referenceDate });
    const framer = new Framer({ comments: true });
    for (const item of [...framer.push(capture.bytes), ...framer.end()]) if (item.kind !== 'comment') fixes += pipeline.push(item).length;
    fixes += pipeline.flush().length;
    const stats = pipeline.stats();
    sentences += Object.values(stats.sentences).reduce((a, b) => a + b, 0);
  }
  return { sentences, fixes };
}

/** The baseline: what nmea-simple alone does with the same lines (it throws on anything it does not know). */
function nmeaSimplePass(corpus: Capture[]): { parsed: number } {
  let parsed = 0;
  for (const capture of corpus) {
    for (const line of capture.lines) {
      try {
        parseNmeaSentence(line.endsWith('\r') ? line.slice(0, -1) : line);
        parsed++;
      } catch {
        // unknown, malformed or bad checksum: skipped, as the pipeline does
      }
    }
  }
  return { parsed };
}

/** Warm-up, then both loops alternately, rep by rep, so machine load hits both alike. */
function timeBoth<A, B>(reps: number, a: () => A, b: () => B): { a: A; b: B; secondsA: number; secondsB: number } {
  let resultA = a();
  let resultB = b();
  let nsA = 0n;
  let nsB = 0n;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    resultA = a();
    const t1 = process.hrtime.bigint();
    resultB = b();
    nsA += t1 - t0;
    nsB += process.hrtime.bigint() - t1;
  }
  return { a: resultA, b: resultB, secondsA: Number(nsA) / 1e9, secondsB: Number(nsB) / 1e9 };
}

function main(): void {
  const argv = process.argv.slice(2);
  const repsArg = argv.indexOf('--reps');
  const reps = repsArg >= 0 ? Number(argv[repsArg + 1]) : NMEA_BENCH_DEFAULTS.reps;
  if (!Number.isInteger(reps) || reps < 1) {
    process.stderr.write('--reps needs a positive integer\n');
    process.exit(2);
  }
  const corpus = loadCorpus(NMEA_BENCH_DEFAULTS.gpsdDir);
  const lines = corpus.reduce((n, c) => n + c.lines.length, 0);

  const run = timeBoth(reps, () => pipelinePass(corpus), () => nmeaSimplePass(corpus));
  const ours = { result: run.a, seconds: run.secondsA };
  const baseline = { result: run.b, seconds: run.secondsB };
  const report = {
    captures: corpus.length,
    lines,
    reps,
    pipeline: {
      sentences: ours.result.sentences,
      fixes: ours.result.fixes,
      linesPerSec: Math.round((lines * reps) / ours.seconds),
      sentencesPerSec: Math.round((ours.result.sentences * reps) / ours.seconds),
      fixesPerSec: Math.round((ours.result.fixes * reps) / ours.seconds),
    },
    nmeaSimple: {
      parsed: baseline.result.parsed,
      linesPerSec: Math.round((lines * reps) / baseline.seconds),
    },
    /** Pipeline time per line / nmea-simple time per line. */
    costRatio: Number((ours.seconds / baseline.seconds).toFixed(2)),
    node: process.version,
  };
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const fmt = (n: number) => n.toLocaleString('en-US');
  process.stdout.write(
    [
      `corpus: ${report.captures} captures, ${fmt(lines)} lines, ${reps} repetitions, single core, ${report.node}`,
      `pipeline (framer+decode+assembly): ${fmt(report.pipeline.linesPerSec)} lines/s, ${fmt(report.pipeline.sentencesPerSec)} sentences/s, ${fmt(report.pipeline.fixesPerSec)} fixes/s`,
      `bare nmea-simple parse loop:        ${fmt(report.nmeaSimple.linesPerSec)} lines/s (${fmt(report.nmeaSimple.parsed)} sentences parsed per pass)`,
      `ratio: the pipeline costs ${report.costRatio}x the bare nmea-simple parse per line`,
      '',
    ].join('\n'),
  );
}

main();
