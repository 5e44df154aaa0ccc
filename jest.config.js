/** Two projects: unit specs beside the code (no servers), integration suites under test/ (real PostgreSQL and Temporal). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

module.exports = {
  // Integration suites wait on real servers and workflows; they poll, they never assert on timing.
  testTimeout: 300_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/apps', '<rootDir>/libs'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
      // Each suite gets a database of its own, copied from the migrated template.
      setupFilesAfterEnv: ['<rootDir>/test/setup/own-database.ts'],
    },
  ],
};
