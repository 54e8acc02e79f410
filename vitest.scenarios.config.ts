import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The heavy cluster scenarios (*.scenario.test.ts: hundreds of simulated trucks, three monitors,
 * broker crashes on a local 3-node cluster): minutes each, so a separate run,
 * scripts/cluster-scenarios.sh, rather than part of `npm test`.
 */
export default defineConfig({
  test: { ...base.test, include: ['**/*.scenario.test.ts'], exclude: ['node_modules/**', 'dist/**'], fileParallelism: false },
});
