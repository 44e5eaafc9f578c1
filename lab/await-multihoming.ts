/**
 * Reading the bonds and Ethernet segments of a running lab, bounded: every bonded server's
 * `/proc/net/bonding/bond0` and every segment leaf's `show evpn es json`, re-read until every
 * multihoming check passes or the time is up (LACP needs a few fast-rate PDUs, 1 s apart, and a
 * segment its type-1 and type-4 routes from the other leaf). The checks themselves are pure, in
 * `checks/multihoming.ts`.
 */
import type { LabCheck } from './check.js';
import { checkBond, checkDesignatedForwarders, checkSegment, checkSegmentTakenDown, parseBondingProc, parseEvpnEs, planMultihoming, type BondState, type EsEntry } from './checks/multihoming.js';
import type { LabContext } from './context.js';
import { describeFailure, mapLimit, sleep } from './exec.js';
import { hostBondName, type LabPlan } from './plan.js';
import { failedLeaves, isolatedLeaves, type Failures, type Topology } from './topology.js';
import { vtyshCommand } from './frr-install.js';

export interface MultihomingResult {
  readonly checks: readonly LabCheck[];
  readonly seconds: number;
}

export async function awaitMultihoming(ctx: LabContext, plan: LabPlan, topology: Topology, failures: Failures, timeoutSeconds: number): Promise<MultihomingResult> {
  const start = ctx.now();
  const expected = planMultihoming(plan, topology);
  if (expected.bonds.length + expected.segments.length === 0) return { checks: [], seconds: 0 };
  const down = failedLeaves(failures);
  // A failed leaf's own view of its segments is not checked: its links are down, it serves no one.
  const segments = expected.segments.filter((s) => !down.includes(s.leaf));
  const leaves = [...new Map(segments.map((s) => [s.leaf, s.namespace])).entries()];
  // A leaf that lost every uplink is out of the fabric too, but must have taken its segments down.
  const held = expected.segments.filter((s) => isolatedLeaves(failures).includes(s.leaf));
  const heldLeaves = [...new Map(held.map((s) => [s.leaf, s.namespace])).entries()];
  const membersOf = (s: (typeof held)[number]): string[] => [...(topology.devices.get(s.leaf)?.interfaces.lags.find((l) => l.name === s.lag)?.members ?? [])];
  let delay = 500;
  for (;;) {
    const [bondStates, esLists, linkLists] = await Promise.all([
      mapLimit(expected.bonds, ctx.jobs, async (b): Promise<BondState | { error: string }> => {
        const r = await ctx.run('ip', ['netns', 'exec', b.namespace, 'cat', `/proc/net/bonding/${hostBondName}`], { timeoutMs: 10_000 });
        return r.code === 0 ? parseBondingProc(r.stdout) : { error: describeFailure(`cat /proc/net/bonding/${hostBondName}`, r) };
      }),
      mapLimit(leaves, ctx.jobs, async ([, namespace]): Promise<EsEntry[] | { error: string }> => {
        const r = await ctx.run(...vtyshCommand(['-N', namespace, '-c', 'show evpn es json']), { timeoutMs: 30_000 });
        return r.code === 0 ? parseEvpnEs(r.stdout) : { error: describeFailure("vtysh -c 'show evpn es json'", r) };
      }),
      mapLimit(heldLeaves, ctx.jobs, async ([, namespace]): Promise<{ ifname?: unknown; proto_down?: unknown }[] | { error: string }> => {
        const r = await ctx.run('ip', ['-n', namespace, '-j', '-d', 'link', 'show'], { timeoutMs: 10_000 });
        if (r.code !== 0) return { error: describeFailure('ip -j -d link show', r) };
        try {
          const value = JSON.parse(r.stdout) as unknown;
          return Array.isArray(value) ? (value as { ifname?: unknown; proto_down?: unknown }[]) : { error: 'not a JSON list' };
        } catch (e) {
          return { error: e instanceof Error ? e.message : String(e) };
        }
      }),
    ]);
    const linksOf = new Map(heldLeaves.map(([leaf], i) => [leaf, linkLists[i] ?? { error: 'not read' }]));
    const entries = new Map(leaves.map(([leaf], i) => [leaf, esLists[i] ?? { error: 'not read' }]));
    const checks = [
      ...expected.bonds.map((b, i) => checkBond(b, bondStates[i] ?? { error: 'not read' }, failures)),
      ...segments.map((s) => ({ ...checkSegment(s, entries.get(s.leaf) ?? { error: 'not read' }, failures), device: s.leaf })),
      ...checkDesignatedForwarders(segments, entries, failures),
      ...held.map((s) => ({ ...checkSegmentTakenDown(s, membersOf(s), linksOf.get(s.leaf) ?? { error: 'not read' }), device: s.leaf })),
    ];
    const elapsed = (ctx.now() - start) / 1000;
    if (checks.every((c) => c.status === 'passed') || elapsed >= timeoutSeconds) return { checks, seconds: Math.round(elapsed * 10) / 10 };
    await sleep(Math.min(delay, Math.max(0, timeoutSeconds * 1000 - (ctx.now() - start))));
    delay = Math.min(2000, Math.round(delay * 1.5));
  }
}
