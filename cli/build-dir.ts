/**
 * Reads a clos output directory for `clos verify`: its manifest (for the verify settings and the
 * device list) and every `<device>/model.json`, as written or as hand-edited since.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O, VerifyDiagnostics as V } from '../compiler/diagnostics/catalogue/index.js';
import { manifestFile, parseManifest, type Manifest } from '../compiler/render/manifest.js';
import { listFiles } from './output-dir.js';
import { parseDeviceModel } from '../verify/read-model.js';
import { defaultVerifySettings, type VerifyReport, type VerifySettings } from '../verify/types.js';
import { verifyFabric, withRenderedFiles } from '../verify/verify.js';
import { sha256Bytes } from '../verify/rendered-files.js';
import { BuildComparer, readBytes } from './build-check.js';
import { isRegionManifest } from '../region/manifest.js';

export interface BuildOnDisk {
  readonly devices: readonly DeviceModel[];
  readonly settings: VerifySettings;
  readonly diagnostics: readonly Diagnostic[];
  /** The manifest, and every file of the directory by its relative path (undefined when the manifest is unreadable). */
  readonly manifest?: Manifest;
  readonly files?: ReadonlyMap<string, string>;
  /** Compares the devices' files with what their models render to (build-check.ts), from when the device names were known. */
  readonly comparer?: BuildComparer;
}

/**
 * Verifies a build directory as read: its models, and its files against its manifest and against
 * what each model renders to (the Rendered files check), compared while the model checks run.
 */
export async function verifyBuild(build: BuildOnDisk, overrides: Partial<VerifySettings> = {}): Promise<VerifyReport> {
  const report = verifyFabric({ devices: build.devices, settings: { ...build.settings, ...overrides } });
  const { manifest, files, comparer } = build;
  if (manifest === undefined || files === undefined || comparer === undefined) return report;
  const t = performance.now();
  const compared = await comparer.finish(build.devices);
  const hash = (path: string): string | undefined => {
    const bytes = files.has(path) ? readBytes(join(comparer.dir, path)) : undefined;
    return bytes === undefined ? undefined : sha256Bytes(bytes);
  };
  return withRenderedFiles(report, { manifest, compared, has: (path) => files.has(path), hash }, performance.now() - t);
}

/** Stops comparing a build's files: for a build that is not verified (its models do not read). */
export async function discardBuild(build: BuildOnDisk): Promise<void> {
  await build.comparer?.stop();
}

export function isBuildDir(dir: string): boolean {
  return existsSync(join(dir, manifestFile)) && statSync(dir).isDirectory();
}

/** A region's build directory: its manifest.json is a region manifest (region/manifest.ts). */
export function isRegionBuild(dir: string): boolean {
  try {
    return isRegionManifest(JSON.parse(readFileSync(join(dir, manifestFile), 'utf8')));
  } catch {
    return false;
  }
}

/**
 * `shown` is the directory as the user typed it, for messages. `workers` threads start comparing
 * the files (build-check.ts) once the device names are known, while this thread reads the models;
 * with none, verifyBuild compares them on this thread.
 */
export function readBuildDir(dir: string, shown: string, workers = 0): BuildOnDisk {
  const diagnostics: Diagnostic[] = [];
  const manifestPath = join(shown, manifestFile);
  const parsed = parseManifest(readFileSync(join(dir, manifestFile), 'utf8'));
  if ('error' in parsed) return { devices: [], settings: defaultVerifySettings, diagnostics: [createDiagnostic(O.manifestInvalid, {}, manifestPath, parsed.error)] };
  const manifest = parsed.manifest;
  let settings = defaultVerifySettings;
  const v = (manifest as { verify?: unknown }).verify;
  if (v !== null && typeof v === 'object' && typeof (v as VerifySettings).hopLimit === 'number' && typeof (v as VerifySettings).failures === 'number') {
    settings = { hopLimit: (v as VerifySettings).hopLimit, failures: (v as VerifySettings).failures };
  } else {
    diagnostics.push(createDiagnostic(V.verifySettingsMissing, {}, manifestPath, settings.hopLimit, settings.failures));
  }
  const names = new Set<string>(manifest.devices.map((d) => d.name));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(dir, entry.name, 'model.json'))) names.add(entry.name);
  }
  const sorted = [...names].sort();
  const comparer = BuildComparer.start(dir, sorted, workers);
  const devices: DeviceModel[] = [];
  for (const name of sorted) {
    const path = join(shown, name, 'model.json');
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(name) || !existsSync(join(dir, name, 'model.json'))) {
      diagnostics.push(createDiagnostic(V.modelMissing, { device: name }, name, path));
      continue;
    }
    const result = parseDeviceModel(readFileSync(join(dir, name, 'model.json'), 'utf8'), path);
    if ('diagnostic' in result) diagnostics.push(result.diagnostic);
    // A device's files are found by its name (`<name>/frr.conf`): a model named for another
    // device would be compared with that device's files, and two models would share one name.
    else if (result.model.name !== name) diagnostics.push(createDiagnostic(V.modelInvalid, { device: name }, path, `model.name should be '${name}', the name of its directory, not '${result.model.name}'`));
    else devices.push(result.model);
  }
  return { devices, settings, diagnostics, manifest, files: new FilesOnDisk(dir, listFiles(dir)), comparer };
}

/**
 * Every file of a build directory by its relative path, read when asked for and not kept: a
 * thousand-leaf build holds ~460 MB of text, which held in memory at once made `clos verify <dir>`
 * peak at 1.2 GB and spend a fifth of its time collecting garbage (bench/PROFILE.md, round 4).
 * A file that cannot be read (removed since the directory was listed) reads as undefined.
 */
class FilesOnDisk implements ReadonlyMap<string, string> {
  private readonly paths: ReadonlySet<string>;

  constructor(
    private readonly dir: string,
    paths: readonly string[],
  ) {
    this.paths = new Set(paths);
  }

  get size(): number {
    return this.paths.size;
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  get(path: string): string | undefined {
    if (!this.paths.has(path)) return undefined;
    try {
      return readFileSync(join(this.dir, path), 'utf8');
    } catch {
      return undefined;
    }
  }

  *keys(): MapIterator<string> {
    yield* this.paths;
  }

  *values(): MapIterator<string> {
    for (const [, text] of this.entries()) yield text;
  }

  *entries(): MapIterator<[string, string]> {
    for (const path of this.paths) {
      const text = this.get(path);
      if (text !== undefined) yield [path, text];
    }
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [path, text] of this.entries()) callback(text, path, this);
  }
}
