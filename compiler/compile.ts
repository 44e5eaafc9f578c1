/**
 * The library entry: intent files → fabric model → device models → rendered files, each stage a
 * pure function returning its value and diagnostics (see architecture.md). The CLI reads files and
 * writes output; nothing here touches the file system or the process.
 */
import type { DeviceModel, Platform } from './build/device-model.js';
import { buildDeviceModels } from './build/build-devices.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { loadIntent, type IntentSource, type LoadLimits, defaultLoadLimits } from './load/load-intent.js';
import { validateIntent } from './load/validate-schema.js';
import type { FabricModel } from './resolve/fabric-model.js';
import { resolveFabric } from './resolve/resolve-fabric.js';
import { buildManifest, renderManifest, type Manifest } from './render/manifest.js';
import type { RenderedFile, Renderer } from './render/render.js';

export interface CompileOptions {
  /** Overrides the platform of every device (`--platform`). */
  readonly platform?: Platform | undefined;
  readonly limits?: LoadLimits;
}

export interface CompileTimings {
  load: number;
  resolve: number;
  build: number;
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Present when the intent is valid. */
  readonly fabric: FabricModel | undefined;
  readonly devices: readonly DeviceModel[] | undefined;
  readonly timings: CompileTimings;
}

/** Intent → device models. */
export function compileIntent(sources: readonly IntentSource[], options: CompileOptions = {}): CompileResult {
  const timings: CompileTimings = { load: 0, resolve: 0, build: 0 };
  let t = performance.now();
  const loaded = loadIntent(sources, options.limits ?? defaultLoadLimits);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (loaded.value === undefined) return done();
  const validated = validateIntent(loaded.value);
  diagnostics.push(...validated.diagnostics);
  timings.load = performance.now() - t;
  if (validated.value === undefined || hasErrors(diagnostics)) return done();
  t = performance.now();
  const resolved = resolveFabric(validated.value, loaded.value.index);
  diagnostics.push(...resolved.diagnostics);
  timings.resolve = performance.now() - t;
  if (resolved.value === undefined) return done();
  const fabric = options.platform === undefined ? resolved.value : overridePlatform(resolved.value, options.platform);
  t = performance.now();
  const devices = buildDeviceModels(fabric);
  timings.build = performance.now() - t;
  return { diagnostics: sortDiagnostics(diagnostics), fabric, devices, timings };

  function done(): CompileResult {
    return { diagnostics: sortDiagnostics(diagnostics), fabric: undefined, devices: undefined, timings };
  }
}

export function overridePlatform(fabric: FabricModel, platform: Platform): FabricModel {
  return {
    ...fabric,
    settings: { ...fabric.settings, platform },
    spines: fabric.spines.map((s) => ({ ...s, platform })),
    leaves: fabric.leaves.map((l) => ({ ...l, platform })),
  };
}

export interface RenderedOutput {
  readonly files: readonly RenderedFile[];
  readonly manifest: Manifest;
}

/** Device models → every output file, manifest last. */
export function renderOutput(fabric: FabricModel, devices: readonly DeviceModel[], renderer: Renderer): RenderedOutput {
  const files: RenderedFile[] = [];
  for (const device of devices) files.push(...renderer.render(device));
  const manifest = buildManifest(fabric.name, { hopLimit: fabric.settings.hopLimit, failures: fabric.settings.failures }, devices, files);
  files.push(renderManifest(manifest));
  return { files, manifest };
}
