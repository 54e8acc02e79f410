import { createReadStream } from 'node:fs';
import { Framer, type Framed, type FramerItem } from './framer.js';

/** A gpsd capture's content: what its bytes frame to, or the date announced by a `# Date:` header. */
export type CaptureItem = Framed | { kind: 'date'; date: string };

/**
 * Streams a gpsd-style capture (`../shared/data/gpsd/*.log`) through the framer with comments
 * on: `#` lines are skipped (a `#` line inside an unfinished UBX/CASIC frame is frame data, as
 * gpsfake's lexer sees it) and `# Date: yyyy-mm-dd` headers are reported (the date of
 * time-only sentences). Memory stays bounded whatever the file holds: a run without `\n` is
 * cut at the framer's `maxRunBytes`. Pass a framer to read its counters afterwards.
 */
export async function* readCaptureFile(path: string, framer: Framer = new Framer({ comments: true })): AsyncGenerator<CaptureItem> {
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) yield* captureItems(framer.push(chunk));
  yield* captureItems(framer.end());
}

/** Framer items as capture items: `# Date:` comments become dates, other comments go. */
export function* captureItems(items: FramerItem[]): Generator<CaptureItem> {
  for (const item of items) {
    if (item.kind !== 'comment') yield item;
    else {
      const date = captureDate(item.text);
      if (date) yield { kind: 'date', date };
    }
  }
}

/** `# Date: 2019-3-14` → `2019-03-14`; undefined for any other line or an impossible date. */
export function captureDate(line: string): string | undefined {
  const m = /^#\s*Date:\s*(\d{4})-(\d{1,2})-(\d{1,2})/i.exec(line);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}
