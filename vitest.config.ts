import { defineConfig } from 'vitest/config';

// Unit and integration tests on PGlite; with TEST_DATABASE_URL the integration suite runs again on PostgreSQL
// (project "postgres"). Browser journeys live in e2e/ with their own config.
const projects = [
  {
    test: {
      name: 'pglite',
      include: ['server/**/*.test.ts', 'contracts/**/*.test.ts'],
      env: { LINLI_TEST_DB: 'pglite' },
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
];
if (process.env.TEST_DATABASE_URL) {
  projects.push({
    test: {
      name: 'postgres',
      include: ['server/**/*.test.ts'],
      // The CLI test drives the embedded database itself; running it twice proves nothing more.
      exclude: ['server/cli.test.ts', '**/node_modules/**'],
      env: { LINLI_TEST_DB: 'postgres' },
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // @ts-expect-error globalSetup is a valid project option
      globalSetup: ['server/test/pg-global-setup.ts'],
    },
  });
}

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects,
  },
});
