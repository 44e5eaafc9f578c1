/**
 * Compiling an intent in memory, for the tools that compare or reuse the output rather than write
 * it (`compile --check`, `diff`, `doc`, `lab up`, `export containerlab`, `compile` itself): intent
 * files → fabric and device models with a renderer for their platforms → every output file. Pure:
 * the caller reads the intent and hands over the templates (the CLI reads them from
 * `templates/<platform>/`).
 */
import type { DeviceModel, Platform } from './build/device-model.js';
import { compileIntent, renderOutput, type CompileOptions, type RenderedOutput } from './compile.js';
import { hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import type { IntentSource } from './load/load-intent.js';
import { Renderer, type PlatformTemplates } from './render/render.js';
import type { FabricModel } from './resolve/fabric-model.js';
import { StageClock } from './stages.js';

/** A platform's templates, or undefined when this version of clos has none. */
export type TemplateLoader = (platform: Platform) => PlatformTemplates | undefined;

/** An intent compiled to device models, ready to render: what a valid intent gives. */
export interface CompiledIntent {
  readonly fabric: FabricModel;
  readonly devices: readonly DeviceModel[];
  readonly renderer: Renderer;
  /** Warnings and information of every stage; never an error. */
  readonly diagnostics: readonly Diagnostic[];
}

export type CompileInMemoryResult =
  | { readonly compiled: CompiledIntent }
  | {
      readonly compiled: undefined;
      /** Every diagnostic of the run, errors included. */
      readonly diagnostics: readonly Diagnostic[];
      /** Platforms the devices use that have no templates (a usage problem, not an intent one). */
      readonly missingTemplates: readonly Platform[];
    };

export interface CompileInMemoryOptions extends CompileOptions {
  readonly templates: TemplateLoader;
}

/**
 * Intent → device models and a renderer for their platforms. Fails with every diagnostic when the
 * intent has an error, or with the platforms that have no templates. The renderer is made under the
 * clock's `render` stage.
 */
export function compileInMemory(sources: readonly IntentSource[], options: CompileInMemoryOptions): CompileInMemoryResult {
  const clock = options.clock ?? new StageClock();
  const result = compileIntent(sources, { ...options, clock });
  const { fabric, devices, diagnostics } = result;
  if (fabric === undefined || devices === undefined || hasErrors(diagnostics)) return { compiled: undefined, diagnostics, missingTemplates: [] };
  const { renderer, missing } = clock.time('render', () => createRenderer(devices.map((d) => d.platform), options.templates));
  if (missing.length > 0) return { compiled: undefined, diagnostics, missingTemplates: missing };
  return { compiled: { fabric, devices, renderer, diagnostics } };
}

/** Every output file in memory, manifest last, for the tools that compare or reuse them. */
export function renderInMemory(compiled: CompiledIntent): RenderedOutput {
  return renderOutput(compiled.fabric, compiled.devices, compiled.renderer);
}

/** A renderer for the platforms the devices use; lists the platforms that have no templates. */
export function createRenderer(platforms: Iterable<Platform>, load: TemplateLoader): { renderer: Renderer; missing: Platform[] } {
  const sets: PlatformTemplates[] = [];
  const missing: Platform[] = [];
  for (const p of new Set(platforms)) {
    const set = load(p);
    if (set === undefined) missing.push(p);
    else sets.push(set);
  }
  return { renderer: new Renderer(sets), missing };
}
