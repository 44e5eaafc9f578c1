/**
 * Reads a directory `clos compile` wrote as one side of a change impact (`clos diff --against
 * <dir>`): every file, and the device models of the devices its manifest lists. A region's build
 * directory is read fabric by fabric, each `<out>/<fabric>/` as one such directory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { parseDeviceModel } from '../verify/read-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { ReviewDiagnostics as R } from '../compiler/diagnostics/catalogue/index.js';
import { manifestFile, parseManifest, type Manifest } from '../compiler/render/manifest.js';
import type { CompiledSide } from '../review/change-impact.js';
import { checkRecordedFiles } from '../review/manifest-review.js';
import { listFiles } from './output-dir.js';

/** A directory `clos compile` wrote: its files, its manifest, device models from each `<device>/model.json`, and its files that are not what the manifest records. */
export function readCompiledDirectory(shown: string, dir: string, label: string = shown): (CompiledSide & { readonly manifest: Manifest }) | { readonly diagnostic: Diagnostic } {
  const files = new Map<string, string>();
  for (const path of listFiles(dir)) files.set(path, readFileSync(join(dir, path), 'utf8'));
  const manifestText = files.get(manifestFile);
  const fail = (reason: string): { diagnostic: Diagnostic } => ({ diagnostic: createDiagnostic(R.againstNotCompiled, {}, shown, reason) });
  if (manifestText === undefined) return fail(`it has no ${manifestFile}`);
  const parsed = parseManifest(manifestText);
  if ('error' in parsed) return fail(`${manifestFile}: ${parsed.error}`);
  const devices: DeviceModel[] = [];
  for (const d of parsed.manifest.devices) {
    const text = files.get(`${d.name}/model.json`);
    if (text === undefined) continue; // its files are still compared; the model's entities are not
    // Checked as `clos verify <dir>` checks it (shape, and the defaults of fields an older clos did
    // not write): a model edited by hand into another shape is refused here, not met by the impact.
    const read = parseDeviceModel(text, `${d.name}/model.json`);
    if ('diagnostic' in read) return fail(read.diagnostic.message.replace(/^'([^']*)'/, '$1'));
    devices.push(read.model);
  }
  return { label, files, devices, verify: parsed.manifest.verify, manifest: parsed.manifest, recordedFiles: checkRecordedFiles(files, parsed.manifest) };
}
