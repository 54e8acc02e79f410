import { BatchFormatError, TooManyPositionsError } from '../protocol/errors.js';

/** How much a JSON body may hold before JSON.parse is allowed to build it. */
export interface JsonBatchBounds {
  /** Deepest nesting: a batch is 3 levels (batch, positions, position); a 4th lets a field of the wrong type (an object) be named. */
  maxDepth: number;
  /** Elements of the `positions` array. */
  maxPositions: number;
  /** Values of any kind (objects, arrays, strings, numbers, literals) in the whole body. */
  maxValues: number;
}

/** A body over its bounds: `stoppedAt` is the byte where the check stopped reading. */
export class JsonBoundsError extends BatchFormatError {
  constructor(
    message: string,
    readonly stoppedAt: number,
  ) {
    super(message);
    this.name = 'JsonBoundsError';
  }
}

/** `TooManyPositionsError` with the byte where the check stopped reading. */
export class JsonTooManyPositionsError extends TooManyPositionsError {
  constructor(
    limit: number,
    readonly stoppedAt: number,
  ) {
    super(limit);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const POSITIONS_KEY = Buffer.from('"positions"');

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index of the quote closing the string opened at `open` (escapes skipped), or the body's length. */
function stringEnd(body: Buffer, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = body.indexOf(QUOTE, from);
    if (quote < 0) return body.length;
    let backslashes = 0;
    while (body[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/**
 * One pass over the raw bytes before JSON.parse builds anything: refuses a body nested
 * deeper, or holding more positions or values, than a batch can, and stops reading at the
 * first byte past a limit, so a hostile body costs only the bytes up to there. Syntax is left
 * to JSON.parse: on any prefix that is valid JSON these counts are exact, and JSON.parse
 * stops at the first byte that is not, so it never builds more than this allowed.
 * @throws JsonBoundsError (depth, values) or JsonTooManyPositionsError.
 */
export function checkJsonBatchBounds(body: Buffer, bounds: JsonBatchBounds): void {
  /** The open containers' opening bytes, innermost last (at most maxDepth). */
  const open: number[] = [];
  let values = 0;
  let positions = 0;
  /** The array open at depth 2 is the batch's `positions`. */
  let inPositions = false;
  /** At depth 1: the last key was "positions" and its value has not begun. */
  let afterPositionsKey = false;
  /** Start and end of the last string read at depth 1 (a key, once a colon follows). */
  let stringAt = -1;
  let stringEndAt = -1;
  /** The next non-whitespace byte starts a value that is an array element (or the body itself). */
  let expectElement = true;
  // The loop only breaks, and the error is thrown after it: a throw inside would deoptimise the loop for every later body.
  let over: 'values' | 'positions' | 'depth' | undefined;
  let i = 0;
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (isWhitespace(c)) continue;
    if (expectElement) {
      expectElement = false;
      if (c !== CLOSE_ARRAY) {
        if (++values > bounds.maxValues) {
          over = 'values';
          break;
        }
        if (inPositions && open.length === 2 && ++positions > bounds.maxPositions) {
          over = 'positions';
          break;
        }
      }
    }
    if (c === QUOTE) {
      const end = stringEnd(body, i);
      if (open.length === 1) {
        stringAt = i;
        stringEndAt = end;
      }
      i = end;
      afterPositionsKey = false;
    } else if (c === COLON) {
      if (++values > bounds.maxValues) {
        over = 'values';
        break;
      }
      afterPositionsKey = open.length === 1 && stringEndAt - stringAt + 1 === POSITIONS_KEY.length && body.compare(POSITIONS_KEY, 0, POSITIONS_KEY.length, stringAt, stringEndAt + 1) === 0;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (open.length >= bounds.maxDepth) {
        over = 'depth';
        break;
      }
      if (c === OPEN_ARRAY && afterPositionsKey) {
        inPositions = true;
        positions = 0;
      }
      open.push(c);
      expectElement = c === OPEN_ARRAY;
      afterPositionsKey = false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (open.length === 2) inPositions = false;
      open.pop();
      afterPositionsKey = false;
    } else if (c === COMMA) {
      expectElement = open[open.length - 1] === OPEN_ARRAY;
      afterPositionsKey = false;
    } else {
      // A literal (number, true, false, null) or a byte JSON.parse will reject.
      afterPositionsKey = false;
    }
  }
  if (over === 'positions') throw new JsonTooManyPositionsError(bounds.maxPositions, i);
  if (over === 'values') {
    throw new JsonBoundsError(`the JSON holds more than ${bounds.maxValues} values (stopped at byte ${i}): more than a batch of ${bounds.maxPositions} positions has`, i);
  }
  if (over === 'depth') {
    throw new JsonBoundsError(`the JSON nests deeper than ${bounds.maxDepth} levels (stopped at byte ${i}): a batch is {"epoch", "positions": [{position}, …]}`, i);
  }
}
