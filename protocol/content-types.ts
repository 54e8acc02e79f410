/** `Content-Type` of the JSON batch body (schema: protocol/batch.schema.json). */
export const JSON_CONTENT_TYPE = 'application/json';
/** `Content-Type` of the compact binary batch body (spec: protocol/BINARY.md). */
export const BINARY_CONTENT_TYPE = 'application/vnd.telematics.positions+binary';

export { BatchFormatError } from './errors.js';
