/**
 * The region stage: a loaded region (load-region.ts) → its fabrics resolved, one by one exactly as
 * `clos compile` resolves a fabric alone, then the rules across them (rules/). Pure; errors are
 * collected, not thrown. The region model is returned only when there are none: then every fabric
 * can be built, verified and rendered as on its own.
 *
 * The rules run on the fabrics that resolved even when another did not, so one run reports every
 * mistake it can know.
 */
import type { Platform } from '../compiler/build/device-model.js';
import { resolveIntent } from '../compiler/compile.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { defaultLoadLimits, type LoadLimits } from '../compiler/load/load-intent.js';
import { StageClock } from '../compiler/stages.js';
import type { LoadedRegion } from './load-region.js';
import { ownedPrefixes } from './owned-prefixes.js';
import type { FabricFacts, PlanBlock, RegionFabric, RegionModel } from './region-model.js';
import type { FabricModel } from '../compiler/resolve/fabric-model.js';
import { checkDeviceNames, checkFabricNames } from './rules/fabric-names.js';
import { checkPlanBlocks } from './rules/plan-blocks.js';
import { checkAggregatesAcross } from './rules/aggregates.js';
import { checkPrefixOverlap } from './rules/prefix-overlap.js';
import { checkLeafAsnsAcross, checkSpineAsns, checkSpineLeafAsnsAcross, firstByAsn } from './rules/spine-asns.js';
import { checkVrfs } from './rules/vrfs.js';

export interface ResolveRegionOptions {
  /** Overrides the platform of every device of every fabric (`--platform`). */
  readonly platform?: Platform | undefined;
  readonly limits?: LoadLimits;
  /** Times every fabric's load and resolve, and the rules (under `resolve`). */
  readonly clock?: StageClock;
}

export interface ResolvedRegion {
  /** Sorted: region.yaml's, every fabric's, and the rules' across them. */
  readonly diagnostics: readonly Diagnostic[];
  /** Present when there are no errors. */
  readonly region: RegionModel | undefined;
}

export function resolveRegion(loaded: LoadedRegion, options: ResolveRegionOptions = {}): ResolvedRegion {
  const clock = options.clock ?? new StageClock();
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const file = loaded.file;
  if (file === undefined) return { diagnostics: sortDiagnostics(diagnostics), region: undefined };
  const fabrics: RegionFabric[] = [];
  for (const { dir, sources } of loaded.fabrics) {
    if (sources.length === 0) continue; // its reading problems are reported already
    const resolved = resolveIntent(sources, { platform: options.platform, limits: options.limits ?? defaultLoadLimits, clock });
    diagnostics.push(...resolved.diagnostics);
    if (resolved.fabric !== undefined) fabrics.push(regionFabric(dir, resolved.fabric));
  }
  diagnostics.push(...clock.time('resolve', () => checkRegion(fabrics, file.plan)));
  const region = hasErrors(diagnostics) || fabrics.length !== file.fabrics.length ? undefined : { name: file.name, plan: file.plan, fabrics };
  return { diagnostics: sortDiagnostics(diagnostics), region };
}

/** A resolved fabric with the facts the rules read, from its intent: places are its intent spans. */
export function regionFabric(dir: string, fabric: FabricModel): RegionFabric {
  return {
    dir,
    name: fabric.name,
    fabric,
    prefixes: ownedPrefixes(fabric),
    devices: [...fabric.spines.map((s) => ({ name: s.name, key: `spine:${s.name}` })), ...fabric.leaves.map((l) => ({ name: l.name, key: `leaf:${l.name}` }))],
    vrfs: fabric.vrfs,
    networks: fabric.networks,
    spineAsns: [{ asn: fabric.settings.spineAsn, key: 'fabric.asn.spine' }],
    leafAsns: firstByAsn(fabric.leaves.map((l) => ({ asn: l.asn, name: l.name }))),
    accepts: fabric.vrfs.flatMap((v) => (v.external?.accept ?? []).filter((p) => p.length > 0).map((prefix) => ({ vrf: v.name, prefix, key: `vrf:${v.name}.accept` }))),
    aggregates: fabric.vrfs.flatMap((v) => (v.external?.aggregates ?? []).map((prefix) => ({ tenant: v.tenant, vrf: v.name, prefix, key: `vrf:${v.name}.advertise.${prefix.cidr}` }))),
    rtAsn: fabric.settings.rtAsn,
    rtAsnExplicit: fabric.provenance.get('fabric.evpn.rt_asn') !== undefined,
    at: (key) => ({ span: fabric.provenance.get(key) }),
  };
}

/** Every rule across the fabrics of a region. */
export function checkRegion(fabrics: readonly FabricFacts[], plan: readonly PlanBlock[]): Diagnostic[] {
  return [...checkFabricNames(fabrics), ...checkDeviceNames(fabrics), ...checkPrefixOverlap(fabrics), ...checkAggregatesAcross(fabrics), ...checkPlanBlocks(fabrics, plan), ...checkVrfs(fabrics), ...checkSpineAsns(fabrics), ...checkLeafAsnsAcross(fabrics), ...checkSpineLeafAsnsAcross(fabrics)];
}
