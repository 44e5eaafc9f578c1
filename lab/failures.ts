/**
 * `clos lab fail` and `restore`: taking a spine, a leaf-spine link or a leaf down and back. A link
 * is down when both its ends are administratively down (the kernel drops carrier, zebra withdraws
 * the connected route and bgpd drops the session at once); a spine is down when all its links are,
 * so its leaves see what they would see if it lost power. A leaf is down when all its links are,
 * its server ports included, so a dual-homed server's bond loses that member as it would if the
 * leaf lost power. A failed device's daemons keep running, isolated, so `restore` brings it back
 * in seconds with its configuration intact.
 *
 * Only a leaf with a multihomed server (its bond or its ports on another leaf too) may fail: that
 * is what the failure proves. Its single-homed servers go down with it, and the probes that would
 * involve them are reported as not run.
 */
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LabDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import type { LabContext } from './context.js';
import { describeFailure, mapLimit, type Runner } from './exec.js';
import type { LabPlan } from './plan.js';
import { handOffLinkChanges } from './outside.js';
import { readLabModels, type LabState } from './state.js';
import { buildTopology, failedLeaves, isolatedLeaves, noFailures, type Failures, type LabLink, type Topology } from './topology.js';

export type FailTarget =
  | { readonly kind: 'spine'; readonly spine: string }
  | { readonly kind: 'link'; readonly link: LabLink }
  | { readonly kind: 'leaf'; readonly leaf: string }
  /** Every uplink of a leaf, its server ports left up: the leaf must take its segments down itself. */
  | { readonly kind: 'uplinks'; readonly leaf: string };

/**
 * Leaves with a multihomed server: one whose bond, or whose ports, reach another leaf too. Failing
 * one of them proves the server survives its leaf.
 */
export function multihomedLeaves(topology: Topology): string[] {
  const leavesOf = new Map<string, Set<string>>();
  for (const leaf of topology.leaves) {
    const m = topology.devices.get(leaf);
    for (const p of m?.interfaces.servers ?? []) {
      if (p.bond === 'none') continue;
      leavesOf.set(p.server, (leavesOf.get(p.server) ?? new Set()).add(leaf));
    }
  }
  const out = new Set<string>();
  for (const leaves of leavesOf.values()) if (leaves.size > 1) for (const l of leaves) out.add(l);
  return topology.leaves.filter((l) => out.has(l));
}

/** A spine or leaf name, or a link as `<device>:<interface>` (either end) or `<leaf>:<spine>` / `<spine>:<leaf>`. */
export function parseTarget(topology: Topology, lab: string, text: string): { target: FailTarget } | { diagnostic: Diagnostic } {
  const device = topology.devices.get(text);
  if (device !== undefined) {
    if (device.role === 'leaf') {
      if (!multihomedLeaves(topology).includes(text)) return { diagnostic: createDiagnostic(L.leafTarget, { device: text }, text) };
      return { target: { kind: 'leaf', leaf: text } };
    }
    return { target: { kind: 'spine', spine: text } };
  }
  const at = text.indexOf(':');
  if (at > 0) {
    const a = text.slice(0, at);
    const b = text.slice(at + 1);
    if (b === 'uplinks' && topology.devices.get(a)?.role === 'leaf') {
      if (!multihomedLeaves(topology).includes(a)) return { diagnostic: createDiagnostic(L.leafTarget, { device: a }, a) };
      return { target: { kind: 'uplinks', leaf: a } };
    }
    const link = topology.links.find(
      (l) =>
        (l.leaf === a && (l.leafInterface === b || l.spine === b)) ||
        (l.spine === a && (l.spineInterface === b || l.leaf === b)),
    );
    if (link !== undefined) return { target: { kind: 'link', link } };
  }
  return { diagnostic: createDiagnostic(L.unknownTarget, {}, text, lab) };
}

export function targetLabel(target: FailTarget): string {
  return target.kind === 'spine' ? target.spine : target.kind === 'leaf' ? target.leaf : target.kind === 'uplinks' ? `every uplink of ${target.leaf}` : `link ${target.link.key}`;
}

export function addFailure(failures: Failures, target: FailTarget): Failures {
  if (target.kind === 'spine') return failures.spines.includes(target.spine) ? failures : { ...failures, spines: [...failures.spines, target.spine].sort() };
  if (target.kind === 'leaf') return (failures.leaves ?? []).includes(target.leaf) ? failures : { ...failures, leaves: [...(failures.leaves ?? []), target.leaf].sort() };
  if (target.kind === 'uplinks') return isolatedLeaves(failures).includes(target.leaf) ? failures : { ...failures, isolated: [...isolatedLeaves(failures), target.leaf].sort() };
  return failures.links.includes(target.link.key) ? failures : { ...failures, links: [...failures.links, target.link.key].sort() };
}

export function removeFailure(failures: Failures, target: FailTarget): Failures {
  if (target.kind === 'spine') return { ...failures, spines: failures.spines.filter((s) => s !== target.spine) };
  if (target.kind === 'leaf' || target.kind === 'uplinks') {
    const leaves = (failures.leaves ?? []).filter((l) => target.kind !== 'leaf' || l !== target.leaf);
    const isolated = isolatedLeaves(failures).filter((l) => target.kind !== 'uplinks' || l !== target.leaf);
    const rest = { spines: failures.spines, links: failures.links };
    return { ...rest, ...(leaves.length === 0 ? {} : { leaves }), ...(isolated.length === 0 ? {} : { isolated }) };
  }
  return { ...failures, links: failures.links.filter((l) => l !== target.link.key) };
}

export function isFailed(failures: Failures, target: FailTarget): boolean {
  if (target.kind === 'leaf') return (failures.leaves ?? []).includes(target.leaf);
  if (target.kind === 'uplinks') return isolatedLeaves(failures).includes(target.leaf);
  return target.kind === 'spine' ? failures.spines.includes(target.spine) : failures.links.includes(target.link.key);
}

export function linkIsDown(failures: Failures, link: LabLink): boolean {
  return failures.spines.includes(link.spine) || failures.links.includes(link.key) || failedLeaves(failures).includes(link.leaf);
}

/** `ip link set` lines per namespace that take the fabric from one set of failures to another. */
export function planLinkChanges(topology: Topology, plan: LabPlan, from: Failures, to: Failures): Map<string, string[]> {
  const nsOf = new Map(plan.devices.map((d) => [d.name, d.namespace]));
  const changes = new Map<string, string[]>();
  const add = (device: string, line: string): void => {
    const ns = nsOf.get(device);
    if (ns !== undefined) changes.set(ns, [...(changes.get(ns) ?? []), line]);
  };
  for (const link of topology.links) {
    const before = linkIsDown(from, link);
    const after = linkIsDown(to, link);
    if (before === after) continue;
    const state = after ? 'down' : 'up';
    add(link.spine, `link set dev ${link.spineInterface} ${state}`);
    add(link.leaf, `link set dev ${link.leafInterface} ${state}`);
  }
  // A failed leaf's server ports: the leaf end down drops the carrier at the server's end. (An
  // isolated leaf keeps them: only its uplinks are down, through linkIsDown above.)
  for (const leaf of topology.leaves) {
    const before = (from.leaves ?? []).includes(leaf);
    const after = (to.leaves ?? []).includes(leaf);
    if (before === after) continue;
    const ns = nsOf.get(leaf);
    for (const v of plan.veths) if (v.kind !== 'fabric' && v.a.namespace === ns) add(leaf, `link set dev ${v.a.name} ${after ? 'down' : 'up'}`);
  }
  return changes;
}

export async function applyLinkChanges(run: Runner, changes: Map<string, string[]>, jobs: number): Promise<string[]> {
  const errors = await mapLimit([...changes], jobs, async ([ns, lines]) => {
    const r = await run('ip', ['-n', ns, '-batch', '-'], { input: lines.map((l) => `${l}\n`).join('') });
    return r.code === 0 ? undefined : `${ns}: ${describeFailure('ip link set', r)}`;
  });
  return errors.filter((e) => e !== undefined);
}

/**
 * `lab fail <target>` / `lab restore [target]`: applies the change and records it, so `lab test`
 * expects the degraded fabric. Restore without a target brings everything back.
 */
export async function changeFailures(
  ctx: LabContext,
  state: LabState,
  action: 'fail' | 'restore',
  text: string | undefined,
): Promise<{ failures: Failures | undefined; diagnostics: Diagnostic[] }> {
  const topology = buildTopology(readLabModels(ctx.store, state));
  const diagnostics: Diagnostic[] = [];
  let next = noFailures;
  if (text !== undefined) {
    const parsed = parseTarget(topology, state.lab, text);
    if ('diagnostic' in parsed) return { failures: undefined, diagnostics: [parsed.diagnostic] };
    const already = isFailed(state.failures, parsed.target);
    if (action === 'fail' && already) diagnostics.push(createDiagnostic(L.alreadyFailed, {}, targetLabel(parsed.target)));
    if (action === 'restore' && !already) diagnostics.push(createDiagnostic(L.notFailed, {}, targetLabel(parsed.target)));
    next = action === 'fail' ? addFailure(state.failures, parsed.target) : removeFailure(state.failures, parsed.target);
  }
  const changes = planLinkChanges(topology, state.plan, state.failures, next);
  // Restoring everything also brings back hand-off links an interrupted `lab test` left down.
  if (action === 'restore' && text === undefined) {
    for (const { router } of state.plan.externalRouters) {
      for (const [ns, lines] of handOffLinkChanges(state.plan, { router: router.name }, 'up')) changes.set(ns, [...(changes.get(ns) ?? []), ...lines]);
      for (const border of new Set(router.links.map((l) => l.border))) {
        for (const [ns, lines] of handOffLinkChanges(state.plan, { border }, 'up')) changes.set(ns, [...(changes.get(ns) ?? []), ...lines]);
      }
    }
  }
  const errors = await applyLinkChanges(ctx.run, changes, ctx.jobs);
  if (errors.length > 0) return { failures: undefined, diagnostics: [...diagnostics, createDiagnostic(L.stepFailed, {}, `lab ${action}`, errors.join('; '))] };
  ctx.store.write({ ...state, failures: next });
  return { failures: next, diagnostics };
}
