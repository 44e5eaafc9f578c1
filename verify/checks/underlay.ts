/**
 * Check 4, underlay reachability: every leaf advertises its loopback and VTEP, and every VTEP
 * reaches every other VTEP with an ECMP width equal to the number of spines the two leaves share
 * (linked to both). Widths come from the routing analysis (per-leaf spine sets on a two-tier
 * fabric, the path-vector engine otherwise); failures carry the engine's path evidence.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { Findings, keysOf, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { plural } from '../locate.js';
import { routeEvidence } from './evidence.js';
import { describeGroup, groupPairs, type PairProblem } from './pairs.js';

/** At most this many findings carry engine evidence (each costs one propagation). */
const evidenceBudget = 20;

export function checkUnderlay(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg, routing } = ctx;
  const leaves = fg.leaves;
  const silent = new Set<number>();
  for (const d of fg.devices) {
    const adv = routing.advertised[d.index];
    if (adv === undefined) continue;
    if (!adv.loopback) f.add(V.prefixNotAdvertised, { device: d.name, at: keysOf(ctx, d.index) }, d.name, 'loopback', d.model.interfaces.loopback0.address, adv.loopbackWhy ?? '');
    if (d.role === 'leaf' && !adv.vtep) {
      silent.add(d.index);
      f.add(V.prefixNotAdvertised, { device: d.name, at: keysOf(ctx, d.index) }, d.name, 'VTEP', d.model.interfaces.vtep?.address ?? '(none)', adv.vtepWhy ?? '');
    }
  }

  const unreachable: PairProblem[] = [];
  const narrow = new Map<string, PairProblem[]>();
  let pairs = 0;
  for (const a of leaves) {
    if (silent.has(a)) continue;
    const widths = routing.underlayFrom(a);
    const ra = routing.leafRow[a] ?? 0;
    // Indexed (a leaf's row is its position among the leaves): for-of allocated an iterator
    // result per pair here, a million per run on the scale target.
    for (let rb = 0; rb < leaves.length; rb++) {
      const b = leaves[rb] ?? 0;
      if (b === a) continue;
      pairs++;
      const w = widths[b] ?? 0;
      const expected = routing.linked.shared(ra, routing.linked, rb);
      if (w === 0) unreachable.push({ origin: a, receiver: b });
      else if (w !== expected) {
        const key = `${w}/${expected}`;
        const list = narrow.get(key);
        if (list === undefined) narrow.set(key, [{ origin: a, receiver: b }]);
        else list.push({ origin: a, receiver: b });
      }
    }
  }

  let budget = evidenceBudget;
  const name = (d: number): string => nameOf(ctx, d);
  for (const g of groupPairs(unreachable)) {
    const { subject, peers, together, mutual } = describeGroup(g, name);
    const sentence = g.bothWays
      ? `${together} have no underlay route to ${mutual}'s VTEP`
      : g.hubReceives
        ? `${subject} has no underlay route to the VTEP of ${peers.replace(/^each of /, '')}`
        : `${together} lack underlay routes to ${mutual}'s VTEP (in at least one direction)`;
    const related = budget-- > 0 ? routeEvidence(ctx, routing.traceUnderlay(g.first.origin), g.first.receiver, 'underlay') : [];
    f.add(V.vtepUnreachable, { device: name(g.hub), at: keysOf(ctx, g.hub), related }, sentence);
  }
  for (const [key, problems] of [...narrow].sort()) {
    const [w, expected] = key.split('/').map(Number);
    for (const g of groupPairs(problems)) {
      const { together, mutual } = describeGroup(g, name);
      const sentence = `${together} reach ${mutual}'s VTEP over ${plural(w ?? 0, 'path')}${g.bothWays ? '' : ' (in at least one direction)'}, but share ${plural(expected ?? 0, 'spine')}`;
      const related = budget-- > 0 ? routeEvidence(ctx, routing.traceUnderlay(g.first.origin), g.first.receiver, 'underlay') : [];
      f.add(V.ecmpWidth, { device: name(g.hub), at: keysOf(ctx, g.hub), related }, sentence);
    }
  }
  return { diagnostics: f.list, summary: `${plural(pairs, 'VTEP pair')} (${routing.method} propagation)` };
}
