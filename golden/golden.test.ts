/**
 * Golden files: every example, compiled for every implemented platform (and as written when it
 * mixes platforms), must equal golden/<example>/<variant>/ byte for byte. `npm run golden:update`
 * rewrites them; read the diff before committing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExample, exampleNames, goldenDir, readTree, updatingGolden, variantsOf, writeTree } from '../test-helpers/examples.js';

describe('golden files', () => {
  for (const example of exampleNames()) {
    for (const variant of variantsOf(example)) {
      it(`${example} / ${variant.name}`, () => {
        const { files } = compileExample(example, variant.platform);
        const dir = join(goldenDir, example, variant.name);
        if (updatingGolden) writeTree(dir, files);
        const expected = readTree(dir);
        const actual = new Map(files.map((f) => [f.path, f.content]));
        expect([...actual.keys()].sort(), `files of ${example}/${variant.name} (run npm run golden:update and review the diff)`).toEqual([...expected.keys()].sort());
        for (const [path, content] of actual) {
          expect(content, `${example}/${variant.name}/${path} differs from its golden file`).toBe(expected.get(path));
        }
      });
    }
  }
});
