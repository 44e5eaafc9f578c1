// `npm run test:lab`: boots fabrics in network namespaces with real FRR (root needed). Kept out of
// `npm test`, which must run anywhere; .ci/run runs both.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lab/**/*.lab.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'build/**'],
    // One lab at a time: they would compete for two cores and skew convergence.
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
