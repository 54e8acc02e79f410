import { BatchFormatError, JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { parseJsonBatch } from '../protocol/json-batch.js';
import type { PositionBatch } from '../protocol/position.js';

export type BatchEncoding = 'json';

/** The encoding a Content-Type names (parameters such as charset ignored), or undefined → 415. */
export function batchEncodingOf(contentType: string | undefined): BatchEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === JSON_CONTENT_TYPE) return 'json';
  return undefined;
}

export const ACCEPTED_CONTENT_TYPES = [JSON_CONTENT_TYPE];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** @throws BatchFormatError when the body is not one well-formed batch. */
export function decodeBatch(_encoding: BatchEncoding, body: Buffer): PositionBatch {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new BatchFormatError('the JSON body is not valid UTF-8');
  }
  return parseJsonBatch(text);
}
