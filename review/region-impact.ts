/**
 * The change impact of a region: each fabric's change impact (change-impact.ts) — fabrics matched
 * by name, one that exists on one side only is wholly added or removed — and, when both sides were
 * compiled from their intent, the prefixes of the address plan that appear or disappear. Text
 * lists the fabrics first, then the plan, then each changed fabric's impact as `clos diff` prints
 * it for a fabric; JSON is `clos.region-diff/1` with each fabric's `clos.diff/1` document.
 */
import { escapeControls } from '../compiler/diagnostics/format.js';
import { kindTitles } from '../region/owned-prefixes.js';
import { layOutPlan } from '../region/plan.js';
import type { PlanEntry, RegionModel } from '../region/region-model.js';
import type { RegionOutput } from '../region/render-region.js';
import { computeImpact, sideFromOutput, type ChangeImpact, type CompiledSide, type ImpactOptions } from './change-impact.js';
import { formatImpactText, impactToJson, type FormatImpactOptions } from './format-impact.js';

export const regionDiffSchema = 'clos.region-diff/1' as const;

/** One side of a region: each fabric's compiled side, and the plan when it was compiled from intent. */
export interface RegionSide {
  readonly label: string;
  /** In the region's order. */
  readonly fabrics: readonly { readonly name: string; readonly side: CompiledSide }[];
  /** Every prefix of the plan (region/plan.ts); undefined for a directory (its plan is not known). */
  readonly plan: readonly PlanEntry[] | undefined;
}

/** A region compiled in memory (region/render-region.ts) as one side: every fabric, and the plan. */
export function regionSide(label: string, region: RegionModel, output: RegionOutput): RegionSide {
  return {
    label,
    fabrics: output.fabrics.map((f) => ({ name: f.fabric.name, side: sideFromOutput(label, f.files, f.devices, f.fabric.fabric.settings) })),
    plan: layOutPlan(region).blocks.flatMap((b) => b.entries),
  };
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
  /** Undefined when either side's plan is not known. */
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
  return { before: before.label, after: after.label, fabrics, plan };
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
  if (impact.plan === undefined) {
    out.push('Address plan: not compared (one side is a directory, whose plan is not known)');
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
    plan: impact.plan === undefined ? null : { added: impact.plan.added.map(entry), removed: impact.plan.removed.map(entry) },
  };
}
