/**
 * Golden files: every example, compiled for every implemented platform (and as written when it
 * mixes platforms), must equal golden/<example>/<variant>/ byte for byte. A region example
 * (region.yaml) is compiled whole: golden/<example>/<variant>/<fabric>/... and the region
 * manifest. `npm run golden:update` rewrites them; read the diff before committing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExample, exampleNames, goldenDir, implementedPlatforms, readTree, regionExampleNames, updatingGolden, variantsOf, writeTree } from '../test-helpers/examples.js';
import { compileRegionExample } from '../test-helpers/regions.js';
import type { RenderedFile } from '../compiler/render/render.js';
import { regionPlatforms } from '../region/render-region.js';

describe('golden files', () => {
  for (const example of exampleNames()) {
    for (const variant of variantsOf(example)) {
      it(`${example} / ${variant.name}`, () => {
        const { files } = compileExample(example, variant.platform);
        expectGoldenTree(example, variant.name, files);
      });
    }
  }
  for (const example of regionExampleNames()) {
    const own = regionPlatforms(compileRegionExample(example, example).region);
    const variants = [...implementedPlatforms().map((p) => ({ name: p, platform: p })), ...(own.length > 1 ? [{ name: 'mixed', platform: undefined }] : [])];
    for (const variant of variants) {
      it(`${example} (region) / ${variant.name}`, () => {
        expectGoldenTree(example, variant.name, compileRegionExample(example, example, [], variant.platform).output.files);
      });
    }
  }
});

function expectGoldenTree(example: string, variant: string, files: readonly RenderedFile[]): void {
  const dir = join(goldenDir, example, variant);
  if (updatingGolden) writeTree(dir, files);
  const expected = readTree(dir);
  const actual = new Map(files.map((f) => [f.path, f.content]));
  expect([...actual.keys()].sort(), `files of ${example}/${variant} (run npm run golden:update and review the diff)`).toEqual([...expected.keys()].sort());
  for (const [path, content] of actual) {
    expect(content, `${example}/${variant}/${path} differs from its golden file`).toBe(expected.get(path));
  }
}
