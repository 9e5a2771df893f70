import { defineConfig } from 'vitest/config';

// Browser journeys: each file starts its own server and Chromium; one file at a time keeps 2 cores sane.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
