/**
 * The output of a region, and its manifest:
 *
 *     <out>/manifest.json                  the region manifest (this module, `clos.region/1`)
 *     <out>/<fabric>/manifest.json         each fabric's manifest, as compiling it alone writes it
 *     <out>/<fabric>/<device>/...          each fabric's files, byte for byte as compiled alone
 *
 * The region manifest names the region, lists its fabrics (name, directory in the region, where
 * their manifest is and its sha256, which covers every file of the fabric) and the plan. It is how
 * clos recognises a region's output: to replace it atomically, to `--check` it, to diff and verify
 * it without the intent. Each `<out>/<fabric>/` is a complete fabric output of its own: `clos
 * verify <out>/az1` and `clos diff <region>/az1 --against <out>/az1` work on it as on any other.
 */
import { manifestFile, sha256 } from '../compiler/render/manifest.js';
import type { RenderedFile } from '../compiler/render/render.js';
import { checkedPrefix, parseCidr, prefixesOverlap } from '../compiler/shared/ipv4.js';
import { planPurposes, type PlanPurpose, type RegionModel } from './region-model.js';

export const regionManifestSchema = 'clos.region/1' as const;

export interface RegionManifestFabric {
  /** The fabric's name: its files are under `<name>/`. */
  readonly name: string;
  /** Its intent directory beside region.yaml. */
  readonly directory: string;
  /** `<name>/manifest.json` */
  readonly manifest: string;
  /** sha256 of that manifest, whose hashes cover every file of the fabric. */
  readonly sha256: string;
}

export interface RegionManifest {
  readonly schema: typeof regionManifestSchema;
  readonly region: string;
  readonly fabrics: readonly RegionManifestFabric[];
  readonly plan: readonly { readonly prefix: string; readonly for: PlanPurpose }[];
}

/** The region manifest, from each fabric's manifest as written (`<fabric>/manifest.json`, in region order). */
export function buildRegionManifest(region: RegionModel, fabricManifests: readonly RenderedFile[]): RegionManifest {
  return {
    schema: regionManifestSchema,
    region: region.name,
    fabrics: region.fabrics.map((f) => {
      const path = `${f.fabric.name}/${manifestFile}`;
      const file = fabricManifests.find((m) => m.path === path);
      if (file === undefined) throw new Error(`internal error: no manifest for fabric ${f.fabric.name}`);
      return { name: f.fabric.name, directory: f.dir, manifest: path, sha256: sha256(file.content) };
    }),
    plan: region.plan.map((b) => ({ prefix: b.prefix.cidr, for: b.for })),
  };
}

export function renderRegionManifest(manifest: RegionManifest): RenderedFile {
  return { path: manifestFile, content: `${JSON.stringify(manifest, null, 2)}\n`, executable: false };
}

/** Tells a region manifest from a fabric's (both are `manifest.json`) without parsing all of it twice. */
export function isRegionManifest(value: unknown): boolean {
  return value !== null && typeof value === 'object' && (value as { schema?: unknown }).schema === regionManifestSchema;
}

/** Reads a region manifest back, or says why it is not one. */
export function parseRegionManifest(text: string): { manifest: RegionManifest } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (!isRegionManifest(value)) return { error: `schema is not ${regionManifestSchema}` };
  const m = value as Partial<RegionManifest>;
  if (typeof m.region !== 'string' || !Array.isArray(m.fabrics) || !Array.isArray(m.plan)) return { error: 'missing region, fabrics or plan' };
  for (const f of m.fabrics as unknown[]) {
    const fabric = f as Partial<RegionManifestFabric> | null;
    if (fabric === null || typeof fabric !== 'object' || typeof fabric.name !== 'string' || !/^[a-z][a-z0-9-]{0,30}$/.test(fabric.name)) {
      return { error: 'a fabric without a valid name' };
    }
    if (fabric.manifest !== `${fabric.name}/${manifestFile}` || typeof fabric.sha256 !== 'string') return { error: `fabric '${fabric.name}': manifest must be '${fabric.name}/${manifestFile}' with its sha256` };
  }
  const names = new Set<string>();
  for (const { name } of m.fabrics as readonly RegionManifestFabric[]) {
    if (names.has(name)) return { error: `fabric '${name}' is listed twice` };
    names.add(name);
  }
  // The plan is read back by `clos verify <dir>` and `clos diff --against <dir>`: a block must be one.
  for (const b of m.plan as unknown[]) {
    const block = b as Partial<RegionManifest['plan'][number]> | null;
    if (block === null || typeof block !== 'object' || typeof block.prefix !== 'string' || parseCidr(block.prefix) === undefined || !planPurposes.some((p) => p === block.for)) {
      return { error: `a plan block that is not { prefix: <a.b.c.d/n>, for: ${planPurposes.join(' | ')} }` };
    }
  }
  // As region.yaml's own rules leave them (CLOS4002, CLOS4003): the rules place each prefix in
  // one block by a search over the sorted blocks, which overlapping blocks would mislead.
  const blocks = (m.plan as RegionManifest['plan']).map((b) => ({ text: b.prefix, prefix: checkedPrefix(b.prefix) }));
  const host = blocks.find((b) => b.prefix.cidr !== b.text);
  if (host !== undefined) return { error: `plan block ${host.text} has host bits set (${host.prefix.cidr})` };
  blocks.sort((a, b) => a.prefix.base - b.prefix.base || a.prefix.length - b.prefix.length);
  for (let i = 1; i < blocks.length; i++) {
    const [before, block] = [blocks[i - 1], blocks[i]];
    if (before !== undefined && block !== undefined && prefixesOverlap(before.prefix, block.prefix)) return { error: `plan blocks ${before.text} and ${block.text} overlap` };
  }
  return { manifest: m as RegionManifest };
}
