/**
 * Compiles the example intents in-process for golden tests and tools: every example under
 * intent/examples/, for every platform that has templates, plus the intent's own platforms when it
 * mixes them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceModel, Platform } from '../compiler/build/device-model.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import { compileIntent, renderOutput } from '../compiler/compile.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic } from '../compiler/diagnostics/format.js';
import type { RenderedFile } from '../compiler/render/render.js';
import { readIntent } from '../cli/intent-files.js';
import { allPlatforms, createRenderer, loadPlatformTemplates } from '../cli/templates.js';
import { listFiles } from '../cli/output-dir.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const examplesDir = join(repoRoot, 'intent', 'examples');
export const goldenDir = join(repoRoot, 'golden');

/** The fabric examples (every directory of intent/examples but the regions). */
export function exampleNames(): string[] {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !existsSync(join(examplesDir, e.name, 'region.yaml')))
    .map((e) => e.name)
    .sort();
}

/** The region examples: directories of intent/examples holding a region.yaml. */
export function regionExampleNames(): string[] {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(examplesDir, e.name, 'region.yaml')))
    .map((e) => e.name)
    .sort();
}

/** Platforms with templates in this checkout. */
export function implementedPlatforms(): Platform[] {
  return allPlatforms.filter((p) => loadPlatformTemplates(p) !== undefined);
}

/** A golden variant: `frr`, `eos`, `nxos` (every device rendered for it) or `mixed` (as the intent says). */
export interface Variant {
  readonly name: string;
  readonly platform: Platform | undefined;
}

/** An example's fabric model and device models, compiled in memory (with `platform` for every device when given). */
export function exampleModels(example: string, platform?: Platform): { fabric: FabricModel; devices: readonly DeviceModel[] } {
  const onDisk = readIntent(join(examplesDir, example), repoRoot);
  const result = compileIntent(onDisk.sources, { platform });
  const problems = [...onDisk.diagnostics, ...result.diagnostics];
  if (result.fabric === undefined || result.devices === undefined || hasErrors(problems)) {
    throw new Error(`example ${example} does not compile:\n${problems.map((d) => formatDiagnostic(d, { color: false })).join('\n')}`);
  }
  return { fabric: result.fabric, devices: result.devices };
}

export function compileExample(example: string, platform: Platform | undefined): { files: readonly RenderedFile[]; platforms: Set<Platform> } {
  const { fabric, devices } = exampleModels(example, platform);
  const platforms = new Set(devices.map((d) => d.platform));
  const { renderer, missing } = createRenderer(platforms);
  if (missing.length > 0) throw new Error(`no templates for ${missing.join(', ')}`);
  return { files: renderOutput(fabric, devices, renderer).files, platforms };
}

export function variantsOf(example: string): Variant[] {
  const implemented = implementedPlatforms();
  const variants: Variant[] = implemented.map((p) => ({ name: p, platform: p }));
  const own = compileExampleIfPossible(example);
  if (own !== undefined && own.size > 1 && [...own].every((p) => implemented.includes(p))) variants.push({ name: 'mixed', platform: undefined });
  return variants;
}

function compileExampleIfPossible(example: string): Set<Platform> | undefined {
  const onDisk = readIntent(join(examplesDir, example), repoRoot);
  const result = compileIntent(onDisk.sources);
  return result.devices === undefined ? undefined : new Set(result.devices.map((d) => d.platform));
}

/** Reads a golden directory as path → content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const f of listFiles(dir)) out.set(f, readFileSync(join(dir, f), 'utf8'));
  return out;
}

export function writeTree(dir: string, files: readonly { path: string; content: string }[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const target = join(dir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
}

export const updatingGolden = process.env['CLOS_GOLDEN_UPDATE'] === '1';
