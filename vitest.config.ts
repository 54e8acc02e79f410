import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // The cluster scenarios take minutes each: scripts/cluster-scenarios.sh runs them (vitest.scenarios.config.ts).
    exclude: ['node_modules/**', 'dist/**', '**/*.scenario.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two test files at a time: most of a file's time is spent waiting on Kafka, PTYs and
    // simulated clocks, and the suite must hold on a loaded machine anyway (CI stays under 20 min).
    maxWorkers: 2,
    minWorkers: 1,
  },
});
