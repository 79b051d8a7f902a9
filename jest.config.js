/** @type {import('jest').Config} */
module.exports = {
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only: type-checking is its own step (`npm run build`), so the test loop stays fast.
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/scripts/jest-totals-reporter.js'],
  // Jest's default (CPUs - 1) is a single worker on our 2-CPU machines; many tests wait on the real app, terraform or
  // BIND in child processes, so two workers overlap that waiting (unit + snapshot loop: 17.7 s → 11.0 s, BENCHMARKS.md).
  maxWorkers: 2,
};
