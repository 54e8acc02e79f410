import { describe, expect, it } from 'vitest';
import { defaultLogLevel } from './logger.js';

describe('defaultLogLevel', () => {
  it('is info in a pipe, a file or the journal, and warn on a terminal', () => {
    expect(defaultLogLevel({}, false)).toBe('info');
    expect(defaultLogLevel({}, true)).toBe('warn');
  });

  it('takes LOG_LEVEL when it names a level, on a terminal too', () => {
    expect(defaultLogLevel({ LOG_LEVEL: 'DEBUG' }, true)).toBe('debug');
    expect(defaultLogLevel({ LOG_LEVEL: 'info' }, true)).toBe('info');
    expect(defaultLogLevel({ LOG_LEVEL: 'loud' }, false)).toBe('info');
    expect(defaultLogLevel({ LOG_LEVEL: 'loud' }, true)).toBe('warn');
  });
});
