import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A Node built-in loaded on first use, for the agent's rare paths (an https gateway, a new
 * buffer's epoch, a CA file): every built-in loaded costs the long-running agent RSS (its
 * code and the pages of node it touches), and `import` loads it at start whether used or not.
 */
export function lazyBuiltin<T>(name: `node:${string}`): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
