/**
 * Handlebars, loaded on first use: a compile needs it only once the device models are built, and
 * loading it at start cost every command ~27 ms before the intent was read (bench/PROFILE.md,
 * round 3). Render workers load it while they wait for the fabric (render-worker.ts).
 */
import { createRequire } from 'node:module';
import type HandlebarsModule from 'handlebars';

let lib: typeof HandlebarsModule | undefined;

export function handlebars(): typeof HandlebarsModule {
  lib ??= createRequire(import.meta.url)('handlebars') as typeof HandlebarsModule;
  return lib;
}
