import { getLogger, type Logger } from '../../common/logger.js';
import type { Framed } from '../framing/framer.js';
import { sentenceTimeOfDayMs } from '../nmea/sentence-time.js';
import { AUTO_BAUD_DEFAULTS, huntBaud } from '../serial/auto-baud.js';
import { SerialLine } from '../serial/serial-gps.js';
import { OUTPUT_SENTENCES, type OutputSentence } from './receiver-commands.js';
import { judgeObservation, setupSteps, type AnswerJudge, type Observation, type ReceiverKind, type ReceiverSettings } from './setup-plan.js';

/**
 * Runs a set-up plan (setup-plan.ts) on a serial line: each command is written and its
 * answer awaited; after a baud change the line is reopened at the new rate once the receiver
 * has left the old one (lines stop framing: what a UART delivers from a sender at another
 * rate), or after the answer timeout; then the line is watched
 * for whole epochs, and what it shows (data at the final rate, the sentence set, the epoch
 * interval in the receiver's own time) must match the settings. Settings go to the
 * receiver's RAM: they last until it loses power (or its backup battery runs down).
 */
export const RECEIVER_SETUP_DEFAULTS = {
  /** How long an answer may take: a receiver answers within its next cycle, a loaded host adds latency. */
  answerTimeoutMs: 3000,
  /** Whole epochs to watch at the end. */
  observeEpochs: 3,
  /** How long to watch for them. */
  observeTimeoutMs: 15_000,
};

export interface ConfigureOptions {
  path: string;
  /** The line speed the receiver talks at now, or `auto` to hunt for it. */
  baud: number | 'auto';
  receiver: ReceiverKind;
  settings: ReceiverSettings;
  answerTimeoutMs?: number;
  observeEpochs?: number;
  observeTimeoutMs?: number;
  /** Called as each step is confirmed (or sent, for a baud change), for the CLI's report. */
  onStep?: (what: string, confirmation: string) => void;
  logger?: Logger;
}

export interface ConfigureReport {
  startBaud: number;
  observed: Observation;
}

/** The set-up failed: the receiver refused a command, did not answer, or the line does not show the settings. */
export class SetupFailed extends Error {
  override name = 'SetupFailed';
}

/** Waits for the first framed item `judge` decides on. */
function answerOn(line: SerialLine, judge: AnswerJudge, timeoutMs: number): Promise<true | string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    const off = line.onFramed((item) => {
      const verdict = judge(item);
      if (verdict !== undefined) finish(verdict);
    });
    function finish(verdict: true | string): void {
      clearTimeout(timer);
      off();
      resolve(verdict);
    }
  });
}

function droppedLines(line: SerialLine): number {
  return Object.values(line.counts.dropped).reduce((a, b) => a + b, 0);
}

/** Resolves true once a line fails to frame after `droppedBefore` were dropped (the receiver switched rate), false after `timeoutMs`. */
function leavesRate(line: SerialLine, droppedBefore: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const off = line.onChunk(() => {
      if (droppedLines(line) > droppedBefore) finish(true);
    });
    function finish(left: boolean): void {
      clearTimeout(timer);
      off();
      resolve(left);
    }
  });
}

function sentenceType(sentence: string): string {
  const address = sentence.slice(1, sentence.indexOf(','));
  return address.startsWith('P') ? address : address.slice(-3);
}

/** Watches whole epochs (the one in progress at the start is skipped), as told apart by the time of timed sentences. */
function observe(line: SerialLine, baud: number, epochs: number, timeoutMs: number): Promise<Observation> {
  const complete: { timeMs: number; types: Set<string> }[] = [];
  const seen = new Set<string>();
  let current: { timeMs: number; types: Set<string> } | undefined;
  let started = false;
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(timer);
      off();
      if (seen.size === 0) return reject(new SetupFailed(`no checksummed sentence at ${baud} baud within ${timeoutMs} ms`));
      // Without timed sentences there are no epochs to tell apart: what arrived in the whole window.
      const types = complete.length > 0 ? new Set(complete.flatMap((e) => [...e.types])) : seen;
      const intervals = complete.slice(1).map((e, i) => (e.timeMs - complete[i]!.timeMs + 86_400_000) % 86_400_000).sort((a, b) => a - b);
      resolve({
        baud,
        sentences: OUTPUT_SENTENCES.filter((s) => types.has(s)),
        ...(intervals.length > 0 ? { epochIntervalMs: intervals[Math.floor(intervals.length / 2)]! } : {}),
      });
    };
    const timer = setTimeout(finish, timeoutMs);
    const off = line.onFramed((item: Framed) => {
      if (item.kind !== 'sentence') return;
      const type = sentenceType(item.sentence);
      seen.add(type);
      const timeMs = sentenceTimeOfDayMs(item.sentence);
      if (timeMs !== null && timeMs !== current?.timeMs) {
        if (current && started) complete.push(current);
        started = started || current !== undefined;
        current = { timeMs, types: new Set() };
        if (complete.length >= epochs) return finish();
      }
      current?.types.add(type);
    });
  });
}

async function openLine(path: string, baud: number | 'auto', log: Logger): Promise<{ line: SerialLine; baud: number }> {
  if (baud !== 'auto') return { line: await SerialLine.open(path, baud), baud };
  const hunt = await huntBaud((rate) => SerialLine.open(path, rate), { onTry: (attempt) => log.debug(attempt, 'baud rate tried') });
  if (!hunt.found) throw new SetupFailed(`no valid NMEA at any of ${AUTO_BAUD_DEFAULTS.rates.join(', ')} baud`);
  return { line: hunt.source, baud: hunt.baud };
}

export async function configureReceiver(options: ConfigureOptions): Promise<ConfigureReport> {
  const answerTimeoutMs = options.answerTimeoutMs ?? RECEIVER_SETUP_DEFAULTS.answerTimeoutMs;
  const log = options.logger ?? getLogger('hw.setup');
  const steps = setupSteps(options.receiver, options.settings);
  let { line, baud } = await openLine(options.path, options.baud, log);
  const startBaud = baud;
  try {
    for (const step of steps) {
      const answer = step.answer && answerOn(line, step.answer, answerTimeoutMs);
      const droppedBefore = droppedLines(line);
      await line.write(step.send);
      log.info({ step: step.what, baud }, 'receiver command sent');
      if (answer) {
        const verdict = await answer;
        if (verdict !== true) throw new SetupFailed(`${step.what}: ${verdict}`);
        options.onStep?.(step.what, 'acknowledged');
      }
      if (step.thenBaud !== undefined) {
        const left = await leavesRate(line, droppedBefore, answerTimeoutMs);
        await line.close();
        const oldBaud = baud;
        baud = step.thenBaud;
        line = await SerialLine.open(options.path, baud);
        const change = left ? `receiver left ${oldBaud} baud` : `no change seen at ${oldBaud} baud within ${answerTimeoutMs} ms`;
        options.onStep?.(step.what, `sent; ${change}, line reopened at ${baud} baud`);
      }
    }
    const observed = await observe(line, baud, options.observeEpochs ?? RECEIVER_SETUP_DEFAULTS.observeEpochs, options.observeTimeoutMs ?? RECEIVER_SETUP_DEFAULTS.observeTimeoutMs);
    const mismatch = judgeObservation(options.settings, observed);
    if (mismatch) throw new SetupFailed(`at ${baud} baud ${mismatch}`);
    return { startBaud, observed };
  } finally {
    await line.close();
  }
}

/** `GGA,RMC` → the sentence list, or a RangeError naming what is not one. */
export function parseSentenceList(text: string): OutputSentence[] {
  const names = text.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const unknown = names.filter((n) => !(OUTPUT_SENTENCES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new RangeError(`${unknown.join(', ')}: not one of ${OUTPUT_SENTENCES.join(', ')}`);
  return names as OutputSentence[];
}
