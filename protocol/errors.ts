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

/**
 * A batch with more positions than the reader takes, found before they are read: the JSON
 * bounds check stops at the first position past the limit, the binary decoder at the count
 * in the header. The gateway answers 400 `invalid_batch`, as for any batch over the limit.
 */
export class TooManyPositionsError extends Error {
  constructor(
    readonly limit: number,
    /** The count the body announces, when it says (binary); a JSON body is not read past the limit. */
    readonly count?: number,
  ) {
    super(`batch has ${count ?? `more than ${limit}`} positions, at most ${limit} allowed: split it`);
    this.name = 'TooManyPositionsError';
  }
}
