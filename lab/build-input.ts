/**
 * The build a lab boots: a manifest and its files, compiled in memory from an intent or read from a
 * build directory (checked against the manifest's hashes, so a hand-edited or half-written build is
 * refused rather than booted). Only FRR builds can boot.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import { manifestFile, parseManifest, sha256, type Manifest } from '../compiler/render/manifest.js';

export interface LabBuild {
  readonly manifest: Manifest;
  /** Path relative to the build (`<device>/frr.conf`) → content; includes manifest.json. */
  readonly files: ReadonlyMap<string, string>;
  readonly models: readonly DeviceModel[];
}

/** The files every device of a lab needs. */
export const deviceFiles = ['model.json', 'frr.conf', 'interfaces.sh'] as const;

export function isBuildDir(path: string): boolean {
  return existsSync(join(path, manifestFile)) && statSync(path).isDirectory();
}

export function readBuildDir(dir: string, shown: string): { build: LabBuild } | { diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(join(dir, manifestFile), 'utf8');
  } catch (e) {
    return { diagnostics: [createDiagnostic(L.buildInvalid, {}, shown, e instanceof Error ? e.message : String(e))] };
  }
  const parsed = parseManifest(text);
  if ('error' in parsed) return { diagnostics: [createDiagnostic(L.buildInvalid, {}, shown, `manifest.json: ${parsed.error}`)] };
  const files = new Map<string, string>([[manifestFile, text]]);
  for (const [path, hash] of Object.entries(parsed.manifest.files)) {
    let content: string;
    try {
      content = readFileSync(join(dir, path), 'utf8');
    } catch {
      return { diagnostics: [createDiagnostic(L.buildInvalid, {}, shown, `${path} is missing; compile again`)] };
    }
    if (sha256(content) !== hash) return { diagnostics: [createDiagnostic(L.buildInvalid, {}, shown, `${path} differs from the manifest; compile again`)] };
    files.set(path, content);
  }
  return checkBuild(parsed.manifest, files, shown);
}

/** Checks a build (from disk or memory) is FRR and complete, and parses its device models. */
export function checkBuild(manifest: Manifest, files: ReadonlyMap<string, string>, shown: string): { build: LabBuild } | { diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const models: DeviceModel[] = [];
  // One diagnostic for every device that is not FRR, not one each: an EOS build has dozens.
  const notFrr = manifest.devices.filter((d) => d.platform !== 'frr');
  if (notFrr.length > 0) diagnostics.push(createDiagnostic(L.notFrr, {}, describeDevices(notFrr.map((d) => d.name)), notFrr.length, [...new Set(notFrr.map((d) => d.platform))].sort().join(' and ')));
  for (const device of manifest.devices) {
    if (device.platform !== 'frr') continue;
    const missing = deviceFiles.filter((f) => !files.has(`${device.name}/${f}`));
    if (missing.length > 0) {
      diagnostics.push(createDiagnostic(L.buildInvalid, { device: device.name }, shown, `${device.name} has no ${missing.join(', ')}`));
      continue;
    }
    try {
      const model = JSON.parse(files.get(`${device.name}/model.json`) ?? '') as DeviceModel;
      // Namespaces, cables and configs are found by the model's name (as verify <dir> requires).
      if (model.name === device.name) models.push(model);
      else diagnostics.push(createDiagnostic(L.buildInvalid, { device: device.name }, shown, `${device.name}/model.json names device '${model.name}'; compile again`));
    } catch (e) {
      diagnostics.push(createDiagnostic(L.buildInvalid, { device: device.name }, shown, `${device.name}/model.json: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  if (manifest.devices.length === 0) diagnostics.push(createDiagnostic(L.buildInvalid, {}, shown, 'it holds no devices'));
  return diagnostics.length > 0 ? { diagnostics } : { build: { manifest, files, models } };
}

/** `device 'a'`, `devices 'a' and 'b'`, `devices 'a', 'b', 'c' and 17 more`. */
export function describeDevices(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  if (quoted.length === 1) return `device ${quoted[0] ?? ''}`;
  const shown = quoted.length > 5 ? [...quoted.slice(0, 4), `${quoted.length - 4} more`] : quoted;
  return `devices ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}
