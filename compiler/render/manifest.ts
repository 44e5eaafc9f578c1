/**
 * `<out>/manifest.json`: what clos wrote — devices, platforms, every file with its sha256 — and the
 * verification settings, so `clos verify <dir>` can check a build without its intent. It is how
 * clos recognises a directory it may replace, and how `--check` finds stale files.
 */
import { createHash } from 'node:crypto';
import type { DeviceModel, Platform, Role } from '../build/device-model.js';
import type { RenderedFile } from './render.js';

export const manifestSchema = 'clos.manifest/1' as const;
export const manifestFile = 'manifest.json';

export interface ManifestDevice {
  readonly name: string;
  readonly role: Role;
  readonly platform: Platform;
  readonly files: readonly string[];
}

export interface Manifest {
  readonly schema: typeof manifestSchema;
  readonly fabric: string;
  readonly verify: { readonly hopLimit: number; readonly failures: number };
  readonly devices: readonly ManifestDevice[];
  /** Path relative to the output directory → sha256 of its content. */
  readonly files: Readonly<Record<string, string>>;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

export function buildManifest(
  fabric: string,
  verify: Manifest['verify'],
  devices: readonly DeviceModel[],
  files: readonly RenderedFile[],
): Manifest {
  const byDevice = new Map<string, string[]>();
  const hashes: Record<string, string> = {};
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hashes[f.path] = sha256(f.content);
    const device = f.path.slice(0, f.path.indexOf('/'));
    const list = byDevice.get(device) ?? [];
    list.push(f.path);
    byDevice.set(device, list);
  }
  return {
    schema: manifestSchema,
    fabric,
    verify,
    devices: devices.map((d) => ({ name: d.name, role: d.role, platform: d.platform, files: byDevice.get(d.name) ?? [] })),
    files: hashes,
  };
}

export function renderManifest(manifest: Manifest): RenderedFile {
  return { path: manifestFile, content: `${JSON.stringify(manifest, null, 2)}\n`, executable: false };
}

/** Reads a manifest back, or says why it is not one. */
export function parseManifest(text: string): { manifest: Manifest } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (value === null || typeof value !== 'object') return { error: 'not a JSON object' };
  const m = value as Partial<Manifest>;
  if (m.schema !== manifestSchema) return { error: `schema is not ${manifestSchema}` };
  if (typeof m.fabric !== 'string' || !Array.isArray(m.devices) || m.files === undefined || typeof m.files !== 'object') {
    return { error: 'missing fabric, devices or files' };
  }
  for (const path of Object.keys(m.files)) {
    if (!isSafeRelativePath(path)) return { error: `file path '${path}' leaves the output directory` };
  }
  return { manifest: m as Manifest };
}

/** A manifest path clos could have written: `<device>/<file>` or `manifest.json`, nothing else. */
export function isSafeRelativePath(path: string): boolean {
  return /^[a-z][a-z0-9-]{0,62}\/[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(path) && !path.includes('..');
}
