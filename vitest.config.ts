import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores: two files at a time. Each file has its own database, key prefix and Mongo db.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
    // `vitest run` runs both projects once; `vitest run --project unit` (npm run test:unit) only the first.
    projects: [
      {
        // Pure rules, tested beside the files they test: no database, Redis, Mongo or built client.
        extends: true,
        test: { name: 'unit', include: ['server/**/*.test.ts', 'workers/**/*.test.ts', 'db/**/*.test.ts', 'client/src/**/*.test.ts'] },
      },
      {
        // Integration tests by module (tests/integration/<module>/) and browser tests.
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          // Starts the MongoDB test double when MONGO_URL is unset and checks MariaDB/Redis are up.
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
