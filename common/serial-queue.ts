/** Jobs that touch the same state, one at a time, in the order given; a failed job does not stop the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const run = this.tail.then(job, job);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every job given so far has ended. */
  settled(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
