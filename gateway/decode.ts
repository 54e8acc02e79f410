import { BINARY_CONTENT_TYPE, BatchFormatError, JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { decodeBinaryBatch } from '../protocol/binary-batch.js';
import { parseJsonBatch } from '../protocol/json-batch.js';
import type { PositionBatch } from '../protocol/position.js';
import { checkJsonBatchBounds, type JsonBatchBounds } from './json-bounds.js';

export type BatchEncoding = 'json' | 'binary';

export const ACCEPTED_CONTENT_TYPES = [JSON_CONTENT_TYPE, BINARY_CONTENT_TYPE];

/** The encoding a Content-Type names (parameters such as charset ignored), or undefined → 415. */
export function batchEncodingOf(contentType: string | undefined): BatchEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === JSON_CONTENT_TYPE) return 'json';
  if (type === BINARY_CONTENT_TYPE) return 'binary';
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a body within `bounds`: a binary body's announced count and a JSON body's depth,
 * positions and values are checked before the positions are built.
 * @throws BatchFormatError when the body is not one well-formed batch.
 * @throws TooManyPositionsError when it holds more than `bounds.maxPositions`.
 */
export function decodeBatch(encoding: BatchEncoding, body: Buffer, bounds: JsonBatchBounds): PositionBatch {
  if (encoding === 'binary') return decodeBinaryBatch(body, { maxPositions: bounds.maxPositions });
  checkJsonBatchBounds(body, bounds);
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new BatchFormatError('the JSON body is not valid UTF-8');
  }
  return parseJsonBatch(text);
}
