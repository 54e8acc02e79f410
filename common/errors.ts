/**
 * An error a user can act on: `message` says what happened, `hint` what to do.
 * CLIs print both and exit with `exitCode` instead of a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
