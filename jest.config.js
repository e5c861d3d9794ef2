// Test tiers are visible in file names: *.test.ts (unit, no I/O), *.int.test.ts (real Kafka,
// registry, PostgreSQL, fakes over TLS), test/e2e/*.test.ts (the whole pipeline as processes).
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };
const stackSetup = {
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
};

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/services/**/*.test.ts', '<rootDir>/infra/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/node_modules/', '/dist/'],
    },
    {
      ...common,
      ...stackSetup,
      displayName: 'int',
      testMatch: ['<rootDir>/services/**/*.int.test.ts', '<rootDir>/infra/**/*.int.test.ts', '<rootDir>/test/int/**/*.test.ts'],
    },
    {
      ...common,
      ...stackSetup,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
