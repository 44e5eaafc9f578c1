import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'build/**', 'lab/**/*.lab.test.ts'],
    testTimeout: 60_000,
  },
});
