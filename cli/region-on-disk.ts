/**
 * A region read from disk and resolved for a command: what `compile`, `check`, `verify`, `diff`
 * and `doc` do first when given a region directory (commands/region-compile.ts and
 * region-review.ts). Prints the diagnostics itself when the region does not resolve. And the
 * refusal of the commands that take one fabric.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Platform } from '../compiler/build/device-model.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { manifestFile, parseManifest, type Manifest } from '../compiler/render/manifest.js';
import type { Renderer } from '../compiler/render/render.js';
import { StageClock } from '../compiler/stages.js';
import { parseRegionManifest } from '../region/manifest.js';
import type { RegionModel } from '../region/region-model.js';
import { regionPlatforms } from '../region/render-region.js';
import { resolveRegion } from '../region/resolve-region.js';
import { isRegionBuild } from './build-dir.js';
import type { Io } from './io.js';
import { isRegionDir, readRegion } from './region-files.js';
import { printDiagnostics, type DiagnosticsContext } from './report-diagnostics.js';
import { createRenderer } from './templates.js';
import { UsageError } from './usage-error.js';

export const noContext: DiagnosticsContext = { root: undefined, sources: new Map() };

export interface RegionOnDisk {
  readonly region: RegionModel;
  /** Warnings of every stage so far. */
  readonly diagnostics: readonly Diagnostic[];
  readonly context: DiagnosticsContext;
  readonly renderer: Renderer;
}

/** Reads, resolves and checks a region; prints its diagnostics and returns 1 when it has errors. */
export function resolveRegionOnDisk(io: Io, path: string, options: { platform?: Platform | undefined; json: boolean }, clock: StageClock = new StageClock()): RegionOnDisk | number {
  const onDisk = clock.time('load', () => readRegion(path, io.cwd));
  const resolved = resolveRegion(onDisk.loaded, { platform: options.platform, clock });
  if (resolved.region === undefined) {
    printDiagnostics(io, resolved.diagnostics, onDisk.context, options.json, options.json ? { result: null } : {});
    return 1;
  }
  const region = resolved.region;
  const { renderer, missing } = clock.time('render', () => createRenderer(regionPlatforms(region)));
  if (missing.length > 0) throw new UsageError(`no templates for platform ${missing.join(', ')} in this version of clos`);
  return { region, diagnostics: resolved.diagnostics, context: onDisk.context, renderer };
}

/**
 * The fabric manifests of a region's build directory as read (`<fabric>/manifest.json`, by fabric
 * name, in the region manifest's order); undefined when its manifest.json is not a region's. They
 * record the `--platform` the region was compiled with, for `--check` and `diff` to compile it the
 * same way (review/output-platform.ts).
 */
export function regionBuildManifests(files: ReadonlyMap<string, { readonly content: string }>): Map<string, Manifest> | undefined {
  const text = files.get(manifestFile)?.content;
  const region = text === undefined ? undefined : parseRegionManifest(text);
  if (region === undefined || 'error' in region) return undefined;
  const manifests = new Map<string, Manifest>();
  for (const f of region.manifest.fabrics) {
    const fabric = files.get(f.manifest)?.content;
    const parsed = fabric === undefined ? undefined : parseManifest(fabric);
    if (parsed !== undefined && 'manifest' in parsed) manifests.set(f.name, parsed.manifest);
  }
  return manifests;
}

/**
 * `clos export containerlab` and `clos lab up` take one fabric: given a region (or a region's
 * build directory) they stop with a usage error that names a fabric to give instead. `takesBuild`
 * false (export reads intents only): a region's build directory names a fabric of the region's
 * intent, as its manifest records the fabric's directory beside region.yaml, not a build to give.
 */
export function refuseRegion(io: Io, input: string, command: string, takesBuild = true): void {
  const absolute = resolve(io.cwd, input);
  let example: string | undefined;
  if (isRegionDir(input, io.cwd)) {
    const { loaded } = readRegion(input, io.cwd);
    example = loaded.file?.fabrics[0]?.dir;
  } else if (existsSync(join(absolute, manifestFile)) && isRegionBuild(absolute)) {
    const parsed = parseRegionManifest(readFileSync(join(absolute, manifestFile), 'utf8'));
    const first = 'manifest' in parsed ? parsed.manifest.fabrics[0] : undefined;
    if (!takesBuild) {
      const intent = first === undefined ? '' : `, e.g. <region>/${first.directory} (the directory beside region.yaml)`;
      throw new UsageError(`'${input}' is a region's build directory; ${command} takes the intent of one of its fabrics, not a build${intent}`);
    }
    example = first?.name;
  } else {
    return;
  }
  throw new UsageError(`'${input}' is a region; ${command} takes one of its fabrics${example === undefined ? '' : `, e.g. ${join(input, example)}`}`);
}
