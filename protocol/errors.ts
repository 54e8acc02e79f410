/**
 * A batch body that cannot be read as a batch: malformed JSON, wrong types, unknown
 * fields, truncated or corrupt binary. The gateway answers 400 with `message` and
 * `details` (for JSON: one entry per offending path).
 */
export class BatchFormatError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'BatchFormatError';
  }
}
