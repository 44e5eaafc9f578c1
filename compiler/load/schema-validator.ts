/**
 * The intent schema's ajv validator, two ways that give the same function:
 *
 * - precompiled: `npm run build` writes ajv's standalone code for the schema to
 *   dist/compiler/load/fabric-validator.cjs (generate-validator.ts); loading it takes ~3 ms.
 * - compiled at run time with ajv, when that file is absent (the test suite runs the sources).
 *
 * Measured reason (bench/PROFILE.md, round 3): importing ajv and compiling the schema took ~80 ms
 * of every command's start, a quarter of the quickstart's compile and, on a thousand-leaf fabric,
 * time the render workers spend waiting. Both ways use ajvOptions below; generate-validator.test.ts
 * checks that the built file is what ajv generates now and that both validators report the same
 * errors on every fixture.
 */
import { createRequire } from 'node:module';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import { fabricSchema } from './schema-source.js';

/** ajv's options for the intent schema: every error, strict schema (a value may be of two types: `advertise`), errors carrying their schema. */
export const ajvOptions: Options = { allErrors: true, strict: true, verbose: true, allowUnionTypes: true };

/** The name of the precompiled validator, beside this module in dist/. */
export const precompiledFile = 'fabric-validator.cjs';

/** The precompiled validator of region.yaml (intent/schema/region.schema.json), made the same way. */
export const precompiledRegionFile = 'region-validator.cjs';

const require = createRequire(import.meta.url);

/** An ajv instance set up for the intent schema (its annotation keyword declared). */
export function intentAjv(options: Options = {}): Ajv {
  // Required here, not imported: commands that load the precompiled validator never load ajv.
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ ...ajvOptions, ...options });
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  return ajv;
}

/** The validator compiled now with ajv (of the fabric schema unless told). */
export function compileSchemaValidator(schema: object = fabricSchema): ValidateFunction {
  return intentAjv().compile(schema);
}

let bundled: ((file: string) => ValidateFunction | undefined) | undefined;

/**
 * The bundled CLI (cli/bundle.ts) carries both precompiled validators inside its one file and
 * gives them here, by file name; loadPrecompiledValidator then looks nowhere else.
 */
export function providePrecompiledValidators(load: (file: string) => ValidateFunction | undefined): void {
  bundled = load;
}

/** The precompiled validator; undefined when the build did not write it (running from sources). */
export function loadPrecompiledValidator(file: string = precompiledFile): ValidateFunction | undefined {
  if (bundled !== undefined) return bundled(file);
  try {
    return require(`./${file}`) as ValidateFunction;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}
