// Two projects: fast unit specs beside the code (tools/ included, and e2e/docs: the documents against the code), and integration tests against the real
// Postgres and Kafka (started once by the global setup, run one file at a time; examples/ included, each example run against the real services).
const preset = require('./jest.preset');

module.exports = {
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs}/**/src/**/*.spec.ts',
        '<rootDir>/e2e/**/*.spec.ts',
        '<rootDir>/tools/**/*.spec.js',
      ],
    },
    {
      ...preset,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{apps,libs}/**/test/**/*.test.ts',
        '<rootDir>/e2e/**/*.test.ts',
        '<rootDir>/examples/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.js',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.js',
      setupFiles: ['reflect-metadata', '<rootDir>/libs/testing/src/jest/setup-env.js'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/timeouts.js'],
    },
  ],
};
