/**
 * `<out>/manifest.json`: what clos wrote — devices, platforms, every file with its sha256 — and the
 * verification settings, so `clos verify <dir>` can check a build without its intent. It is how
 * clos recognises a directory it may replace, and how `--check` finds stale files.
 */
import { createHash } from 'node:crypto';
import type { DeviceModel, Platform, Role } from '../build/device-model.js';
import type { RenderedFile } from './render.js';
import { mapList } from '../shared/lists.js';

export const manifestSchema = 'clos.manifest/1' as const;
export const manifestFile = 'manifest.json';

const platforms: readonly Platform[] = ['frr', 'eos', 'nxos'];

export interface ManifestDevice {
  readonly name: string;
  readonly role: Role;
  readonly platform: Platform;
  readonly files: readonly string[];
}

export interface Manifest {
  readonly schema: typeof manifestSchema;
  readonly fabric: string;
  /**
   * The `--platform` the directory was compiled with, or null: every device on the platform its
   * intent gives. Absent in manifests written before clos recorded it. `--check` and `diff` compile
   * the intent for the same platform, and refuse another (review/output-platform.ts).
   */
  readonly platform?: Platform | null;
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
  platform: Platform | null = null,
): Manifest {
  const builder = new ManifestBuilder(fabric, verify, devices, platform);
  for (const f of files) builder.add(f);
  return builder.finish();
}

/** Builds the manifest from files as they are rendered: each file is hashed once, then dropped. */
export class ManifestBuilder {
  private readonly hashes = new Map<string, string>();

  constructor(
    private readonly fabric: string,
    private readonly verify: Manifest['verify'],
    private readonly devices: readonly DeviceModel[],
    private readonly platform: Platform | null = null,
  ) {}

  add(file: RenderedFile): void {
    this.hashes.set(file.path, sha256(file.content));
  }

  /** A file hashed elsewhere (a render worker). */
  addHash(path: string, hash: string): void {
    this.hashes.set(path, hash);
  }

  finish(): Manifest {
    const byDevice = new Map<string, string[]>();
    const hashes: Record<string, string> = {};
    for (const path of [...this.hashes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      hashes[path] = this.hashes.get(path) ?? '';
      const device = path.slice(0, path.indexOf('/'));
      const list = byDevice.get(device) ?? [];
      list.push(path);
      byDevice.set(device, list);
    }
    return {
      schema: manifestSchema,
      fabric: this.fabric,
      platform: this.platform,
      verify: this.verify,
      devices: mapList(this.devices, (d) => ({ name: d.name, role: d.role, platform: d.platform, files: byDevice.get(d.name) ?? [] })),
      files: hashes,
    };
  }
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
  if (m.platform !== undefined && m.platform !== null && !platforms.includes(m.platform)) {
    return { error: `platform is not one of ${platforms.join(', ')} or null` };
  }
  for (const [i, d] of (m.devices as unknown[]).entries()) {
    const device = d as Partial<ManifestDevice> | null;
    if (device === null || typeof device !== 'object' || typeof device.name !== 'string' || !/^[a-z][a-z0-9-]{0,62}$/.test(device.name)) {
      return { error: `devices[${i}] is not a device with a name clos could have written` };
    }
    if (!platforms.some((p) => p === device.platform) || !Array.isArray(device.files) || !device.files.every((f) => typeof f === 'string')) {
      return { error: `device '${device.name}' lacks its platform or its list of files` };
    }
  }
  const names = new Set<string>();
  for (const { name } of m.devices as readonly ManifestDevice[]) {
    if (names.has(name)) return { error: `device '${name}' is listed twice` };
    names.add(name);
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
