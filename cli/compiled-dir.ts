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
import { compareText } from '../review/compare-output.js';
import type { VerifySettings } from '../review/findings.js';
import { listFiles } from './output-dir.js';
import { isRegionManifest, regionManifestSchema } from '../region/manifest.js';

/** A directory `clos compile` wrote: its files, its manifest, device models from each `<device>/model.json`, and its files that are not what the manifest records. */
export function readCompiledDirectory(shown: string, dir: string, label: string = shown): (CompiledSide & { readonly manifest: Manifest }) | { readonly diagnostic: Diagnostic } {
  const files = new Map<string, string>();
  for (const path of listFiles(dir)) files.set(path, readFileSync(join(dir, path), 'utf8'));
  const manifestText = files.get(manifestFile);
  const fail = (reason: string): { diagnostic: Diagnostic } => ({ diagnostic: createDiagnostic(R.againstNotCompiled, {}, shown, reason) });
  if (manifestText === undefined) return fail(`it has no ${manifestFile}`);
  const parsed = parseManifest(manifestText);
  if ('error' in parsed) {
    if (isRegionManifest(parseJsonOrUndefined(manifestText))) return fail(`it holds a region's build, not a fabric's (its ${manifestFile} is ${regionManifestSchema}); compare a fabric's intent with the fabric's directory in it, ${join(shown, '<fabric>')}, or the region's intent with it`);
    return fail(`${manifestFile}: ${parsed.error}`);
  }
  // The devices the manifest lists, and any other directory holding a model.json (as `clos verify
  // <dir>` reads a build, cli/build-dir.ts): a device left out of a hand-edited manifest is still
  // verified, so the verification delta does not count its findings as fixed.
  const names = new Set(parsed.manifest.devices.map((d) => d.name));
  for (const path of [...files.keys()].sort(compareText)) {
    const slash = path.indexOf('/');
    if (path.slice(slash + 1) === 'model.json' && /^[a-z][a-z0-9-]{0,62}$/.test(path.slice(0, slash))) names.add(path.slice(0, slash));
  }
  const devices: DeviceModel[] = [];
  for (const name of names) {
    const path = `${name}/model.json`;
    const text = files.get(path);
    if (text === undefined) continue; // its files are still compared; the model's entities are not
    // Checked as `clos verify <dir>` checks it (shape, and the defaults of fields an older clos did
    // not write): a model edited by hand into another shape is refused here, not met by the impact.
    const read = parseDeviceModel(text, path);
    if ('diagnostic' in read) return fail(read.diagnostic.message.replace(/^'([^']*)'/, '$1'));
    // A device's files are found by its name: a model named for another device would be compared with that device's files.
    if (read.model.name !== name) return fail(`${path} is not a valid device model: model.name should be '${name}', the name of its directory, not '${read.model.name}'`);
    devices.push(read.model);
  }
  // Settings of another type than clos writes are not settings: the side says nothing, as an older manifest.
  const v: unknown = (parsed.manifest as { verify?: unknown }).verify;
  const verify =
    v !== null && typeof v === 'object' && Number.isInteger((v as VerifySettings).hopLimit) && Number.isInteger((v as VerifySettings).failures) ? { hopLimit: (v as VerifySettings).hopLimit, failures: (v as VerifySettings).failures } : undefined;
  return { label, files, devices, verify, manifest: parsed.manifest, recordedFiles: checkRecordedFiles(files, parsed.manifest) };
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
