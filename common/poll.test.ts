import { describe, expect, it } from 'vitest';
import { DeadlineError, pollForState, pollUntil } from './poll.js';

describe('pollForState', () => {
  it('returns the value once the check is done, treating a throwing check as not done', async () => {
    let calls = 0;
    const value = await pollForState('the third call', 5_000, async () => {
      calls++;
      if (calls === 1) throw new Error('not yet reachable');
      return { done: calls === 3, value: calls, seen: `call ${calls}` };
    }, 1);
    expect(value).toBe(3);
  });

  it('fails after the deadline naming what it waited for and what it saw last', async () => {
    const failure = pollForState('a leader for partition 0', 30, async () => ({ done: false, value: undefined, seen: 'leader -1' }), 5);
    await expect(failure).rejects.toThrowError(DeadlineError);
    await expect(failure).rejects.toThrowError(/waited 30 ms for a leader for partition 0; last seen: leader -1/);
  });
});

describe('pollUntil', () => {
  it('returns the first truthy value of the probe', async () => {
    let calls = 0;
    expect(await pollUntil('the second call', () => ++calls === 2 && 'ready', { intervalMs: 1 })).toBe('ready');
  });

  it('fails at once when the probe throws, and after the deadline naming what it waited for', async () => {
    await expect(pollUntil('a probe that throws', () => { throw new Error('broken probe'); }, { timeoutMs: 5_000 })).rejects.toThrowError('broken probe');
    await expect(pollUntil('a state never reached', () => false, { timeoutMs: 20, intervalMs: 5, describe: () => 'depth 4' })).rejects.toThrowError(
      /waited 20 ms for a state never reached; last seen: depth 4/,
    );
  });
});
