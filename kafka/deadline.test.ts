import { describe, expect, it } from 'vitest';
import { DeadlineError, pollUntil } from './deadline.js';

describe('pollUntil', () => {
  it('returns the value once the check is done, treating a throwing check as not done', async () => {
    let calls = 0;
    const value = await pollUntil('the third call', 5_000, async () => {
      calls++;
      if (calls === 1) throw new Error('not yet reachable');
      return { done: calls === 3, value: calls, seen: `call ${calls}` };
    }, 1);
    expect(value).toBe(3);
  });

  it('fails after the deadline naming what it waited for and what it saw last', async () => {
    const failure = pollUntil('a leader for partition 0', 30, async () => ({ done: false, value: undefined, seen: 'leader -1' }), 5);
    await expect(failure).rejects.toThrowError(DeadlineError);
    await expect(failure).rejects.toThrowError(/waited 30 ms for a leader for partition 0; last seen: leader -1/);
  });
});
