import type { Framed } from '../framing/framer.js';
import {
  OUTPUT_SENTENCES,
  pmtkAckOf,
  pmtkSetBaud,
  pmtkSetFixInterval,
  pmtkSetOutput,
  ubxAckOf,
  ubxSetNmeaRate,
  ubxSetRate,
  ubxSetUart1Baud,
  ubxValset,
  UBX_CFG,
  UBX_CLASS,
  UBX_KEY,
  UBX_KEY_NMEA_UART1,
  type OutputSentence,
} from './receiver-commands.js';

/**
 * What `telematics gps setup` sends to a receiver and what answer confirms each command,
 * as data: pure, no I/O (hw/setup/configure.ts runs the steps on a serial line).
 *
 * - `ublox`: u-blox 6/7/8 (and M9, which still takes them) CFG-MSG / CFG-RATE / CFG-PRT,
 *   each confirmed by UBX-ACK-ACK (ACK-NAK is a refusal).
 * - `ublox9`: u-blox generation 9+ (M9, F9, M10) CFG-VALSET in the RAM layer, confirmed by
 *   UBX-ACK-ACK.
 * - `mtk`: MediaTek PMTK314 / PMTK220, confirmed by `$PMTK001,<cmd>,3`.
 * A baud change comes last; its acknowledgement may come at either rate (or, for PMTK251,
 * not at all), so it is confirmed by what the line shows at the new rate (see `judgeObservation`).
 */
export const RECEIVER_KINDS = ['ublox', 'ublox9', 'mtk'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

export interface ReceiverSettings {
  /** Navigation and output rate, Hz (period = 1000 / rate ms, a whole number of ms). */
  rateHz?: number;
  /** The line speed to switch to. */
  baud?: number;
  /** The sentences to send, each every fix; the other `OUTPUT_SENTENCES` are switched off. */
  sentences?: readonly OutputSentence[];
}

/** An answer judge: true when the receiver confirmed, why not when it refused, undefined while it is still to come. */
export type AnswerJudge = (item: Framed) => true | string | undefined;

export interface SetupStep {
  /** For the report, e.g. `rate 5 Hz (200 ms)`. */
  what: string;
  send: Buffer;
  /** Absent: the step is confirmed by the observation at the end (a baud change). */
  answer?: AnswerJudge;
  /** The line speed to continue at after sending. */
  thenBaud?: number;
}

/** The measurement period of a rate, or a RangeError naming the flag's value. */
export function periodMsOf(rateHz: number): number {
  const periodMs = 1000 / rateHz;
  if (!(rateHz > 0) || !Number.isInteger(periodMs)) throw new RangeError(`a rate of ${rateHz} Hz is not a whole number of milliseconds per fix (e.g. 1, 2, 5, 10)`);
  return periodMs;
}

function ubxAck(msgId: number): AnswerJudge {
  return (item) => {
    if (item.kind !== 'frame') return undefined;
    const ack = ubxAckOf(item.frame, UBX_CLASS.cfg, msgId);
    return ack === undefined ? undefined : ack || 'UBX-ACK-NAK: the receiver refused it';
  };
}

function pmtkAck(command: number): AnswerJudge {
  return (item) => (item.kind === 'sentence' ? pmtkAckOf(item.sentence, command) : undefined);
}

function sentenceRates(sentences: readonly OutputSentence[]): [OutputSentence, number][] {
  return OUTPUT_SENTENCES.map((s) => [s, sentences.includes(s) ? 1 : 0]);
}

const describeSentences = (sentences: readonly OutputSentence[]): string => `sentences ${sentences.join(' ') || '(none)'}`;

export function setupSteps(receiver: ReceiverKind, settings: ReceiverSettings): SetupStep[] {
  const steps: SetupStep[] = [];
  const { sentences, rateHz, baud } = settings;
  const periodMs = rateHz === undefined ? undefined : periodMsOf(rateHz);
  const rateWhat = `rate ${rateHz} Hz (${periodMs} ms)`;
  if (receiver === 'ublox') {
    for (const [sentence, rate] of sentences ? sentenceRates(sentences) : []) {
      steps.push({ what: `${sentence} ${rate ? 'on' : 'off'}`, send: ubxSetNmeaRate(sentence, rate), answer: ubxAck(UBX_CFG.msg) });
    }
    if (periodMs !== undefined) steps.push({ what: rateWhat, send: ubxSetRate(periodMs), answer: ubxAck(UBX_CFG.rate) });
    if (baud !== undefined) steps.push({ what: `baud ${baud}`, send: ubxSetUart1Baud(baud), thenBaud: baud });
  } else if (receiver === 'ublox9') {
    const values: [number, number][] = [...(sentences ? sentenceRates(sentences).map(([s, rate]): [number, number] => [UBX_KEY_NMEA_UART1[s], rate]) : [])];
    if (periodMs !== undefined) values.push([UBX_KEY.rateMeas, periodMs]);
    const what = [sentences ? describeSentences(sentences) : undefined, periodMs !== undefined ? rateWhat : undefined].filter(Boolean).join(', ');
    if (values.length > 0) steps.push({ what, send: ubxValset(values), answer: ubxAck(UBX_CFG.valset) });
    if (baud !== undefined) steps.push({ what: `baud ${baud}`, send: ubxValset([[UBX_KEY.uart1Baudrate, baud]]), thenBaud: baud });
  } else {
    if (sentences) steps.push({ what: describeSentences(sentences), send: Buffer.from(pmtkSetOutput(Object.fromEntries(sentenceRates(sentences))), 'latin1'), answer: pmtkAck(314) });
    if (periodMs !== undefined) steps.push({ what: rateWhat, send: Buffer.from(pmtkSetFixInterval(periodMs), 'latin1'), answer: pmtkAck(220) });
    if (baud !== undefined) steps.push({ what: `baud ${baud}`, send: Buffer.from(pmtkSetBaud(baud), 'latin1'), thenBaud: baud });
  }
  return steps;
}

/** What the line showed after the set-up: whole epochs, told apart by the time their timed sentences carry. */
export interface Observation {
  baud: number;
  /** Configurable sentence types seen in the whole epochs observed, in `OUTPUT_SENTENCES` order. */
  sentences: OutputSentence[];
  /** Receiver time between successive epochs (median), when the line carries timed sentences. */
  epochIntervalMs?: number;
}

/** Why the observation does not show the settings, or undefined when it does. */
export function judgeObservation(settings: ReceiverSettings, observed: Observation): string | undefined {
  const wanted = settings.sentences && OUTPUT_SENTENCES.filter((s) => settings.sentences!.includes(s));
  if (wanted && wanted.join(' ') !== observed.sentences.join(' ')) {
    return `the receiver sends ${observed.sentences.join(' ') || 'none of them'}, not ${wanted.join(' ') || 'none'}`;
  }
  if (settings.rateHz !== undefined && observed.epochIntervalMs !== undefined) {
    const periodMs = periodMsOf(settings.rateHz);
    // Sentence times have 10 ms resolution.
    if (Math.abs(observed.epochIntervalMs - periodMs) > 10) return `epochs come every ${observed.epochIntervalMs} ms, not ${periodMs} ms`;
  }
  return undefined;
}
