/**
 * The change impact of a region: each fabric's change impact (change-impact.ts) — fabrics matched
 * by name, one that exists on one side only is wholly added or removed — the blocks of the plan
 * that are added, removed or changed (both sides know them: region.yaml, or the region manifest of
 * a build directory), and, when both sides were compiled from their intent, the prefixes of the
 * address plan that appear or disappear. Text lists the fabrics first, then the plan, then each
 * changed fabric's impact as `clos diff` prints it for a fabric; JSON is `clos.region-diff/1` with
 * each fabric's `clos.diff/1` document.
 */
import { escapeControls } from '../compiler/diagnostics/format.js';
import { checkedPrefix, prefixesOverlap } from '../compiler/shared/ipv4.js';
import { kindTitles } from '../region/owned-prefixes.js';
import type { RegionManifest } from '../region/manifest.js';
import { layOutPlan } from '../region/plan.js';
import type { PlanEntry, PlanPurpose, RegionModel } from '../region/region-model.js';
import type { RegionOutput } from '../region/render-region.js';
import { computeImpact, sideFromOutput, type ChangeImpact, type CompiledSide, type ImpactOptions } from './change-impact.js';
import { formatImpactText, impactToJson, type FormatImpactOptions } from './format-impact.js';

export const regionDiffSchema = 'clos.region-diff/1' as const;

/** A block of the plan as region.yaml and the region manifest write it. */
export interface PlanBlockText {
  /** Canonical `a.b.c.d/n`. */
  readonly prefix: string;
  readonly for: PlanPurpose;
}

/** One side of a region: each fabric's compiled side, the plan's blocks, and its prefixes when compiled from intent. */
export interface RegionSide {
  readonly label: string;
  /** In the region's order. */
  readonly fabrics: readonly { readonly name: string; readonly side: CompiledSide }[];
  /** The plan's blocks: from region.yaml, or from a build directory's region manifest. */
  readonly blocks: readonly PlanBlockText[];
  /** Every prefix of the plan (region/plan.ts); undefined for a directory (its manifest does not list the prefixes). */
  readonly plan: readonly PlanEntry[] | undefined;
}

/** A region compiled in memory (region/render-region.ts) as one side: every fabric, and the plan. */
export function regionSide(label: string, region: RegionModel, output: RegionOutput): RegionSide {
  return {
    label,
    fabrics: output.fabrics.map((f) => ({ name: f.fabric.name, side: sideFromOutput(label, f.files, f.devices, f.fabric.fabric.settings) })),
    blocks: region.plan.map((b) => ({ prefix: b.prefix.cidr, for: b.for })),
    plan: layOutPlan(region).blocks.flatMap((b) => b.entries),
  };
}

/** The plan's blocks a region manifest records (parseRegionManifest checked each), with canonical prefixes. */
export function blocksOfManifest(manifest: RegionManifest): PlanBlockText[] {
  return manifest.plan.map((b) => ({ prefix: checkedPrefix(b.prefix).cidr, for: b.for }));
}

/** A plan block that is in both sides but differs: its prefix (widened, narrowed or moved), its purpose, or both. */
export interface PlanBlockChange {
  readonly before: PlanBlockText;
  readonly after: PlanBlockText;
}

export interface PlanBlockChanges {
  readonly added: readonly PlanBlockText[];
  readonly removed: readonly PlanBlockText[];
  readonly changed: readonly PlanBlockChange[];
  readonly unchanged: number;
}

export interface FabricImpact {
  readonly name: string;
  readonly status: 'changed' | 'added' | 'removed' | 'unchanged';
  /** Undefined when unchanged: its files are the same on both sides. */
  readonly impact: ChangeImpact | undefined;
}

export interface RegionImpact {
  readonly before: string;
  readonly after: string;
  readonly fabrics: readonly FabricImpact[];
  readonly blocks: PlanBlockChanges;
  /** Undefined when either side's prefixes are not known (a build directory). */
  readonly plan: { readonly added: readonly PlanEntry[]; readonly removed: readonly PlanEntry[] } | undefined;
}

export function computeRegionImpact(before: RegionSide, after: RegionSide, options: ImpactOptions = {}): RegionImpact {
  const beforeByName = new Map(before.fabrics.map((f) => [f.name, f.side]));
  const afterNames = new Set(after.fabrics.map((f) => f.name));
  const names = [...after.fabrics.map((f) => f.name), ...before.fabrics.map((f) => f.name).filter((n) => !afterNames.has(n))];
  const afterByName = new Map(after.fabrics.map((f) => [f.name, f.side]));
  const fabrics = names.map((name): FabricImpact => {
    const a = beforeByName.get(name);
    const b = afterByName.get(name);
    if (a !== undefined && b !== undefined && sameFiles(a, b)) return { name, status: 'unchanged', impact: undefined };
    const empty = (label: string): CompiledSide => ({ label, files: new Map(), devices: [], verify: undefined });
    const impact = computeImpact(a ?? empty(before.label), b ?? empty(after.label), options);
    return { name, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', impact };
  });
  const plan = before.plan !== undefined && after.plan !== undefined ? comparePlans(before.plan, after.plan) : undefined;
  return { before: before.label, after: after.label, fabrics, blocks: compareBlocks(before.blocks, after.blocks), plan };
}

/**
 * Blocks matched by prefix; one whose prefix is on one side only is matched with an overlapping
 * block of the same purpose on the other (`10.0.0.0/8` → `10.0.0.0/9` is one block narrowed, not
 * one removed and one added); what is left is added or removed. Each list is in address order.
 */
export function compareBlocks(before: readonly PlanBlockText[], after: readonly PlanBlockText[]): PlanBlockChanges {
  const byAddress = (a: PlanBlockText, b: PlanBlockText): number => checkedPrefix(a.prefix).base - checkedPrefix(b.prefix).base || checkedPrefix(a.prefix).length - checkedPrefix(b.prefix).length;
  const afterByPrefix = new Map(after.map((b) => [b.prefix, b]));
  const beforePrefixes = new Set(before.map((b) => b.prefix));
  const changed: PlanBlockChange[] = [];
  const gone: PlanBlockText[] = [];
  let unchanged = 0;
  for (const b of before) {
    const same = afterByPrefix.get(b.prefix);
    if (same === undefined) gone.push(b);
    else if (same.for === b.for) unchanged++;
    else changed.push({ before: b, after: same });
  }
  const fresh = after.filter((b) => !beforePrefixes.has(b.prefix)).sort(byAddress);
  const removed: PlanBlockText[] = [];
  for (const b of gone.sort(byAddress)) {
    const i = fresh.findIndex((a) => a.for === b.for && prefixesOverlap(checkedPrefix(a.prefix), checkedPrefix(b.prefix)));
    const match = fresh[i];
    if (match === undefined) {
      removed.push(b);
      continue;
    }
    changed.push({ before: b, after: match });
    fresh.splice(i, 1);
  }
  return { added: fresh, removed, changed: changed.sort((x, y) => byAddress(x.before, y.before)), unchanged };
}

function sameFiles(a: CompiledSide, b: CompiledSide): boolean {
  if (a.files.size !== b.files.size) return false;
  for (const [path, content] of a.files) if (b.files.get(path) !== content) return false;
  return true;
}

function entryKey(e: PlanEntry): string {
  return `${e.prefix.cidr}\u0000${e.fabric}\u0000${e.kind}\u0000${e.owner}\u0000${e.tenant ?? ''}\u0000${e.vrf ?? ''}`;
}

function comparePlans(before: readonly PlanEntry[], after: readonly PlanEntry[]): { added: PlanEntry[]; removed: PlanEntry[] } {
  const a = new Set(before.map(entryKey));
  const b = new Set(after.map(entryKey));
  return { added: after.filter((e) => !a.has(entryKey(e))), removed: before.filter((e) => !b.has(entryKey(e))) };
}

function describeEntry(e: PlanEntry): string {
  const vrf = e.tenant === undefined ? '' : `, VRF ${e.tenant}/${e.vrf ?? ''}`;
  const what = e.tenant === undefined ? kindTitles[e.kind] : `${kindTitles[e.kind]} (${e.owner}${vrf})`;
  return `${e.prefix.cidr}  ${e.fabric}  ${what}`;
}

export function formatRegionImpactText(impact: RegionImpact, options: FormatImpactOptions): string {
  const paint = (op: '+' | '-' | ' ' | 'title', text: string): string => (options.paint ?? ((_op, t) => t))(op, escapeControls(text));
  const count = (s: FabricImpact['status']): number => impact.fabrics.filter((f) => f.status === s).length;
  const out: string[] = [paint('title', `Region change impact: ${impact.before} → ${impact.after}`), ''];
  out.push(paint('title', `Fabrics: ${count('changed')} changed, ${count('added')} added, ${count('removed')} removed, ${count('unchanged')} unchanged`));
  const width = Math.max(0, ...impact.fabrics.map((f) => f.name.length));
  for (const f of impact.fabrics) {
    const devices = f.impact === undefined ? '' : `  ${f.impact.devices.length} device${f.impact.devices.length === 1 ? '' : 's'} changed, added or removed; verification: ${introduced(f.impact)} introduced, ${fixed(f.impact)} fixed`;
    out.push(escapeControls(`  ${f.name.padEnd(width)}  ${f.status.padEnd(9)}${devices}`.trimEnd()));
  }
  out.push('');
  const blocks = impact.blocks;
  out.push(paint('title', `Plan blocks: ${blocks.changed.length} changed, ${blocks.added.length} added, ${blocks.removed.length} removed, ${blocks.unchanged} unchanged`));
  for (const b of blocks.removed) out.push(paint('-', `  - ${b.prefix}  ${b.for}`));
  for (const b of blocks.added) out.push(paint('+', `  + ${b.prefix}  ${b.for}`));
  for (const c of blocks.changed) out.push(paint(' ', `  ~ ${describeBlockChange(c)}`));
  if (impact.plan === undefined) {
    out.push("Address plan: prefixes not compared (a build directory's region manifest records the plan's blocks, not the prefixes the fabrics own)");
  } else {
    out.push(paint('title', `Address plan: ${impact.plan.added.length} prefix${impact.plan.added.length === 1 ? '' : 'es'} added, ${impact.plan.removed.length} removed`));
    for (const e of impact.plan.removed) out.push(paint('-', `  - ${describeEntry(e)}`));
    for (const e of impact.plan.added) out.push(paint('+', `  + ${describeEntry(e)}`));
  }
  for (const f of impact.fabrics) {
    if (f.impact === undefined) continue;
    out.push('', paint('title', `##### fabric ${f.name} (${f.status})`), '', formatImpactText(f.impact, options).trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** `10.0.0.0/8 → 10.0.0.0/9  tenants`, `10.0.0.0/8  tenants → infrastructure`. */
function describeBlockChange(c: PlanBlockChange): string {
  const prefix = c.before.prefix === c.after.prefix ? c.before.prefix : `${c.before.prefix} → ${c.after.prefix}`;
  const purpose = c.before.for === c.after.for ? c.before.for : `${c.before.for} → ${c.after.for}`;
  return `${prefix}  ${purpose}`;
}

function introduced(i: ChangeImpact): number {
  return i.verification.ran ? i.verification.introduced.length : 0;
}

function fixed(i: ChangeImpact): number {
  return i.verification.ran ? i.verification.fixed.length : 0;
}

export function regionImpactToJson(impact: RegionImpact, options: { stat: boolean; root?: string | undefined }): Record<string, unknown> {
  const entry = (e: PlanEntry): Record<string, unknown> => ({ prefix: e.prefix.cidr, fabric: e.fabric, kind: e.kind, purpose: e.purpose, tenant: e.tenant ?? null, vrf: e.vrf ?? null, owner: e.owner });
  return {
    schema: regionDiffSchema,
    before: impact.before,
    after: impact.after,
    fabrics: impact.fabrics.map((f) => ({ name: f.name, status: f.status, impact: f.impact === undefined ? null : impactToJson(f.impact, options) })),
    planBlocks: impact.blocks,
    plan: impact.plan === undefined ? null : { added: impact.plan.added.map(entry), removed: impact.plan.removed.map(entry) },
  };
}
