import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bench/**/*.test.mjs',
      'packages/*/test/**/*.test.ts',
    ],
    setupFiles: ['src/test-setup.ts'],
    environment: 'node',
    // A guard against hangs, not a speed check: property tests at 10,000 cases take a while on 2 cores.
    testTimeout: 300_000,
  },
});
