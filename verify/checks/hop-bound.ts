/**
 * Check 5, hop bound: every pair of leaves within `verify.hop_limit` underlay links. Distances are
 * on the physical link graph. Leaves linked to the same devices are at the same distance from
 * everything else, so one breadth-first search per such group suffices, and none at all for a group
 * that shares a spine with every other group (distance 2) when the limit allows 2.
 */
import { bidirectional } from 'graphology-shortest-path/unweighted.js';
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { Findings, keysOf, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import type { FabricGraph } from '../graph.js';
import { plural } from '../locate.js';
import { describeGroup, groupPairs, type PairProblem } from './pairs.js';

export const maxGroupsReported = 50;

/** Distances between every pair of leaves that exceed `limit` (Infinity: not connected). */
export function leafDistancesOver(fg: FabricGraph, limit: number, downLinks: ReadonlySet<number> = new Set(), downDevices: ReadonlySet<number> = new Set()): Map<string, PairProblem & { hops: number }> {
  const n = fg.devices.length;
  const adj: number[][] = fg.devices.map(() => []);
  for (const l of fg.links) {
    if (downLinks.has(l.index) || downDevices.has(l.a.device) || downDevices.has(l.b.device)) continue;
    adj[l.a.device]?.push(l.b.device);
    adj[l.b.device]?.push(l.a.device);
  }
  const leaves = fg.leaves.filter((l) => !downDevices.has(l));
  const groups = new Map<string, number[]>();
  for (const l of leaves) {
    const key = [...new Set(adj[l] ?? [])].sort((a, b) => a - b).join(',');
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [l]);
    else g.push(l);
  }
  const sameTier = fg.links.some((l) => fg.devices[l.a.device]?.role === fg.devices[l.b.device]?.role);
  const neighborSets = [...groups.keys()].map((k) => new Set(k === '' ? [] : k.split(',').map(Number)));
  const out = new Map<string, PairProblem & { hops: number }>();
  const dist = new Int32Array(n);
  const groupOf = new Int32Array(n).fill(-1);
  [...groups.values()].forEach((members, gi) => {
    for (const m of members) groupOf[m] = gi;
  });
  [...groups.values()].forEach((members, gi) => {
    const mine = neighborSets[gi] ?? new Set<number>();
    const sharesWithAll = !sameTier && mine.size > 0 && neighborSets.every((other) => [...other].some((x) => mine.has(x)));
    if (sharesWithAll && limit >= 2) return;
    const root = members[0] ?? 0;
    dist.fill(-1);
    dist[root] = 0;
    const queue = [root];
    for (const v of queue) {
      for (const w of adj[v] ?? []) {
        if (dist[w] !== -1) continue;
        dist[w] = (dist[v] ?? 0) + 1;
        queue.push(w);
      }
    }
    for (const a of members) {
      for (const b of leaves) {
        if (b === a) continue;
        let d: number;
        if (groupOf[b] === gi) d = mine.size > 0 ? 2 : Infinity;
        else d = dist[b] === -1 ? Infinity : (dist[b] ?? 0);
        if (d > limit) {
          const key = a < b ? `${a}-${b}` : `${b}-${a}`;
          if (!out.has(key)) out.set(key, { origin: Math.min(a, b), receiver: Math.max(a, b), hops: d });
        }
      }
    }
  });
  return out;
}

export function checkHopBound(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg, settings } = ctx;
  const over = leafDistancesOver(fg, settings.hopLimit);
  const byHops = new Map<number, PairProblem[]>();
  for (const p of over.values()) {
    const list = byHops.get(p.hops);
    // Both directions, so groups read "each other".
    const both = [p, { origin: p.receiver, receiver: p.origin }];
    if (list === undefined) byHops.set(p.hops, both);
    else list.push(...both);
  }
  for (const [hops, problems] of [...byHops].sort((a, b) => a[0] - b[0])) {
    const groups = groupPairs(problems);
    for (const g of groups.slice(0, maxGroupsReported)) {
      const { together } = describeGroup(g, (d) => nameOf(ctx, d));
      const hub = nameOf(ctx, g.hub);
      const related: { message: string; at?: readonly string[] }[] = [{ message: `verify.hop_limit is ${settings.hopLimit}`, at: ['fabric.verify.hop_limit', 'fabric.verify', 'fabric'] }];
      if (hops === Infinity) {
        f.add(V.leavesDisconnected, { device: hub, at: keysOf(ctx, g.hub), related }, together);
        continue;
      }
      const path = bidirectional(fg.graph, nameOf(ctx, g.first.origin), nameOf(ctx, g.first.receiver));
      if (path !== null) related.unshift({ message: `a shortest path: ${path.join(' - ')}` });
      f.add(V.hopBoundExceeded, { device: hub, at: keysOf(ctx, g.hub), related }, together, hops, settings.hopLimit);
    }
    if (groups.length > maxGroupsReported) {
      const rest = groups.slice(maxGroupsReported).reduce((n, g) => n + g.others.length, 0);
      const kind = hops === Infinity ? V.leavesDisconnected : V.hopBoundExceeded;
      const first = groups[maxGroupsReported];
      if (first !== undefined) {
        if (kind === V.leavesDisconnected) f.add(V.leavesDisconnected, { device: nameOf(ctx, first.hub) }, `${rest} more pairs of leaves`);
        else f.add(V.hopBoundExceeded, { device: nameOf(ctx, first.hub) }, `${rest} more pairs of leaves`, hops, settings.hopLimit);
      }
    }
  }
  const leaves = fg.leaves.length;
  return { diagnostics: f.list, summary: `${plural((leaves * (leaves - 1)) / 2, 'leaf pair')}, hop limit ${settings.hopLimit}` };
}
