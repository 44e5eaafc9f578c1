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
import { ManifestBuilder, renderManifest, type Manifest } from './render/manifest.js';
import type { RenderedFile, Renderer } from './render/render.js';
import { StageClock, type StageTimings } from './stages.js';

export interface CompileOptions {
  /** Overrides the platform of every device (`--platform`). */
  readonly platform?: Platform | undefined;
  readonly limits?: LoadLimits;
  /** Times the stages (see stages.ts); default a clock of this call's own. */
  readonly clock?: StageClock;
  /**
   * Called with the resolved fabric before the device models are built, so a caller can start
   * work that needs only the fabric (the CLI's render workers build their own share of devices).
   */
  readonly onResolved?: (fabric: FabricModel) => void;
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Present when the intent is valid. */
  readonly fabric: FabricModel | undefined;
  readonly devices: readonly DeviceModel[] | undefined;
  /** The clock's timings after this call (load, resolve, build). */
  readonly timings: StageTimings;
}

/** Intent → device models. */
export function compileIntent(sources: readonly IntentSource[], options: CompileOptions = {}): CompileResult {
  const clock = options.clock ?? new StageClock();
  const resolved = resolveIntent(sources, { ...options, clock });
  const fabric = resolved.fabric;
  if (fabric === undefined) return { ...resolved, devices: undefined };
  options.onResolved?.(fabric);
  const devices = clock.time('build', () => buildDeviceModels(fabric));
  return { diagnostics: resolved.diagnostics, fabric, devices, timings: clock.timings() };
}

/**
 * Intent → fabric model (load, schema, resolve, and `--platform`), without the device models: what
 * a region resolves of each of its fabrics before its rules across them run (region/).
 */
export function resolveIntent(sources: readonly IntentSource[], options: Omit<CompileOptions, 'onResolved'> = {}): Omit<CompileResult, 'devices'> {
  const clock = options.clock ?? new StageClock();
  const loaded = clock.time('load', () => loadIntent(sources, options.limits ?? defaultLoadLimits));
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const intent = loaded.value;
  if (intent === undefined) return done(undefined);
  const validated = clock.time('load', () => validateIntent(intent));
  const loadFailed = hasErrors(diagnostics);
  diagnostics.push(...validated.diagnostics);
  // With schema errors only inside list items, the rest is still resolved: one run reports
  // everything that can be known (validate-schema.ts, WellFormedPart).
  const typed = validated.value ?? validated.wellFormed?.value;
  if (typed === undefined || loadFailed) return done(undefined);
  // The platform override is applied while resolving: which VLANs may clash depends on what each
  // platform renders.
  const resolved = clock.time('resolve', () => resolveFabric(typed, intent.index, options.platform, validated.wellFormed?.dropped));
  diagnostics.push(...resolved.diagnostics);
  // A fabric only when everything is well-formed and resolved without an error.
  return done(resolved.value === undefined || hasErrors(diagnostics) ? undefined : resolved.value);

  function done(fabric: FabricModel | undefined): Omit<CompileResult, 'devices'> {
    return { diagnostics: sortDiagnostics(diagnostics), fabric, timings: clock.timings() };
  }
}

export interface RenderedOutput {
  readonly files: readonly RenderedFile[];
  readonly manifest: Manifest;
}

/**
 * Device models → every output file, one device at a time, the manifest last. Lazy: a consumer
 * that writes each file as it comes (the CLI) holds one device's text in memory, not the whole
 * fabric's. `manifest` receives every file as it passes; `finish()` it for the Manifest value.
 */
export function* renderFiles(
  fabric: FabricModel,
  devices: readonly DeviceModel[],
  renderer: Renderer,
  manifest: ManifestBuilder = newManifest(fabric, devices),
): Generator<RenderedFile, void, undefined> {
  for (const device of devices) {
    for (const file of renderer.render(device)) {
      manifest.add(file);
      yield file;
    }
  }
  yield renderManifest(manifest.finish());
}

export function newManifest(fabric: FabricModel, devices: readonly DeviceModel[]): ManifestBuilder {
  return new ManifestBuilder(fabric.name, { hopLimit: fabric.settings.hopLimit, failures: fabric.settings.failures }, devices, fabric.platformOverride ?? null);
}

/** Device models → every output file in memory, manifest last. */
export function renderOutput(fabric: FabricModel, devices: readonly DeviceModel[], renderer: Renderer): RenderedOutput {
  const manifest = newManifest(fabric, devices);
  const files = [...renderFiles(fabric, devices, renderer, manifest)];
  return { files, manifest: manifest.finish() };
}
