/** Type-checking is done once by `tsc --noEmit` in `npm test`; jest only transpiles. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The cdk8s init template's own test, kept verbatim as a fixture, is not ours to run.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fixtures/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
    // secretlint ships ES modules only; Node.js loads them with require(), jest needs them as CommonJS.
    '/node_modules/@secretlint/.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@secretlint/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The apps import the package by name, as users do; under test that is the sources.
  moduleNameMapper: { '^cdk8s-prod$': '<rootDir>/src/index.ts' },
  testTimeout: 30000,
};
