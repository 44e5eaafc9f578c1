/**
 * The precompiled intent validator (schema-validator.ts): the file `npm run build` wrote is what
 * ajv generates from the schema now, and it reports exactly the errors the validator compiled at
 * run time reports, on every example and every invalid fixture. `npm test` builds first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readIntent } from '../../cli/intent-files.js';
import { regionValidatorSource, validatorSource } from './generate-validator.js';
import { loadIntent } from './load-intent.js';
import { compileSchemaValidator, loadPrecompiledValidator, precompiledFile, precompiledRegionFile } from './schema-validator.js';
import { regionSchema } from './schema-source.js';
import { parseYamlFile } from './parse-yaml.js';
import { SourceIndex } from './source-index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = join(root, 'dist', 'compiler', 'load', precompiledFile);

function intents(): string[] {
  const examples = join(root, 'intent', 'examples');
  const invalid = join(root, 'compiler', 'fixtures', 'invalid');
  return [
    ...readdirSync(examples).map((n) => join(examples, n)),
    ...readdirSync(invalid, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(invalid, e.name)),
  ];
}

describe('the precompiled intent validator', () => {
  it('is the code ajv generates from the schema now', () => {
    expect(existsSync(built), `${built} is missing: run npm run build (npm test does)`).toBe(true);
    expect(readFileSync(built, 'utf8')).toBe(validatorSource());
  });

  it('reports the same errors as the validator compiled at run time', () => {
    const precompiled = createRequire(import.meta.url)(built) as ValidateFunction;
    const compiled = compileSchemaValidator();
    let checked = 0;
    let invalid = 0;
    for (const path of intents()) {
      const raw = loadIntent(readIntent(path, root).sources).value?.raw;
      if (raw === undefined) continue; // a load-stage fixture: the schema never sees it
      const a = precompiled(raw);
      const b = compiled(raw);
      expect(a, path).toBe(b);
      expect(JSON.stringify(precompiled.errors ?? null), path).toBe(JSON.stringify(compiled.errors ?? null));
      checked++;
      if (!a) invalid++;
    }
    expect(checked).toBeGreaterThan(80);
    expect(invalid).toBeGreaterThan(20);
  });

  it('of region.yaml is the code ajv generates from its schema now, with the same errors', () => {
    const builtRegion = join(root, 'dist', 'compiler', 'load', precompiledRegionFile);
    expect(existsSync(builtRegion), `${builtRegion} is missing: run npm run build (npm test does)`).toBe(true);
    expect(readFileSync(builtRegion, 'utf8')).toBe(regionValidatorSource());
    const precompiled = createRequire(import.meta.url)(builtRegion) as ValidateFunction;
    const compiled = compileSchemaValidator(regionSchema);
    const files = intents()
      .map((dir) => join(dir, 'region.yaml'))
      .filter((f) => existsSync(f));
    let invalid = 0;
    for (const file of files) {
      const raw = parseYamlFile('region.yaml', readFileSync(file, 'utf8'), new SourceIndex()).value;
      const a = precompiled(raw);
      expect(a, file).toBe(compiled(raw));
      expect(JSON.stringify(precompiled.errors ?? null), file).toBe(JSON.stringify(compiled.errors ?? null));
      if (!a) invalid++;
    }
    expect(files.length).toBeGreaterThan(10);
    expect(invalid).toBeGreaterThan(0);
  });

  it('is not found when running from sources, so the validator is compiled', () => {
    // Vitest runs compiler/load/schema-validator.ts, beside which no build output lies.
    expect(loadPrecompiledValidator()).toBeUndefined();
  });
});
