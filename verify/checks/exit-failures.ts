/**
 * Whether every leaf of a VRF keeps a way out with any `verify.failures` borders, spines or links
 * down. A leaf's exits are the borders whose routes reach it (its own hand-off counts as one when
 * it is a border); what can fail is each border's exit (the border, or its hand-off link), each
 * spine and each link.
 *
 * On a two-tier Clos this is set arithmetic: the route of border B reaches leaf L through the
 * spines S(B, L) that relay B's EVPN routes to L with the next hop kept. A spine failure removes it
 * from every S(B, ·) and S(·, L); a failed link between L and a spine has the same effect for L, and
 * one between B and a spine removes it from S(B, ·) only, which a spine failure covers. So it is
 * enough to try every set of at most `f` borders and spines: L keeps its exit while some border not
 * failed is L itself or still has a spine in S(B, L). Leaves with the same spine rows and the same
 * reachable borders share one answer. The self-check recomputes one spine failure per border with
 * the path-vector engine and throws when they differ (a clos bug, not a fabric one).
 *
 * On other fabrics every scenario is recomputed with the engine, within a budget: borders, spines,
 * and links that do not touch a spine (a leaf-spine link's failure is covered by its spine's, as
 * above).
 *
 * Either way a finding names the smallest failure sets that cut a leaf off: a set is not reported
 * for a leaf that a subset of it already cuts off.
 */
import { analyseRouting, type Outage, type RoutingAnalysis } from '../analysis/routing.js';
import { propagate, type FailureSet } from '../analysis/propagate.js';
import type { SpineSets } from '../analysis/spine-sets.js';
import type { VerifyContext } from '../context.js';

/** One scenario: the borders whose exit fails, the spines and the links that fail. */
export interface ExitScenario {
  readonly borders: readonly number[];
  readonly spines: readonly number[];
  readonly links: readonly number[];
}

export interface ExitLoss {
  readonly scenario: ExitScenario;
  /** Leaves of the VRF that have no exit in it. */
  readonly leaves: readonly number[];
}

/** Edge visits the generic analysis may spend. */
const genericBudget = 40_000_000;

/**
 * For one VRF: its borders (each exporting its exit), its leaves, and for each leaf the borders
 * whose routes reach it without failures. Returns the smallest failure sets that leave some leaf
 * without an exit, each with those leaves.
 */
export function analyseExitFailures(
  ctx: VerifyContext,
  vrf: string,
  borders: readonly number[],
  reach: ReadonlyMap<number, readonly number[]>,
  k: number,
  /** Shared by the VRFs of one run: leaves in the same position give the same answer in every VRF. */
  cache = new Map<string, readonly ExitScenario[]>(),
): { losses: ExitLoss[]; note: string | undefined } {
  if (k <= 0 || borders.length === 0) return { losses: [], note: undefined };
  if (ctx.routing.method === 'two-tier') return { losses: twoTier(ctx, borders, reach, k, cache), note: undefined };
  return generic(ctx, vrf, borders, reach, k);
}

/** The key of each leaf's row of one analysis's `evpnReceive`, made once for all the VRFs. */
const receiveKeys = new WeakMap<SpineSets, string[]>();

function twoTier(ctx: VerifyContext, borders: readonly number[], reach: ReadonlyMap<number, readonly number[]>, k: number, cache: Map<string, readonly ExitScenario[]>): ExitLoss[] {
  const { routing } = ctx;
  const send = routing.evpnSend;
  const receive = routing.evpnReceive;
  if (send === undefined || receive === undefined) return [];
  // A leaf's answer depends on its own spine row, on the borders it is reached from (and theirs),
  // and on whether it is a border itself: leaves alike are answered once.
  const found = new Map<string, ExitLoss>();
  const bordersKey = borders.join(',');
  let rowKeys = receiveKeys.get(receive);
  if (rowKeys === undefined) receiveKeys.set(receive, (rowKeys = []));
  // forEach, not for…of, over the leaves of a VRF (and in the self-check, per border): these loops
  // run once per VRF, mostly before they are optimized, where for…of over a map allocates an
  // iterator result and an entry per leaf (bench/PROFILE.md, section 33).
  reach.forEach((reached, leaf) => {
    const local = borders.includes(leaf);
    const row = routing.leafRow[leaf] ?? 0;
    const rowKey = (rowKeys[row] ??= receive.key(row));
    const key = `${bordersKey}|${local ? leaf : -1}|${reached.join(',')}|${rowKey}`;
    let scenarios = cache.get(key);
    if (scenarios === undefined) {
      scenarios = cutOffBy(ctx, borders, reached, leaf, local, k);
      cache.set(key, scenarios);
    }
    for (const scenario of scenarios) {
      const id = scenarioKey(scenario);
      const loss = found.get(id) ?? { scenario, leaves: [] };
      (loss.leaves as number[]).push(leaf);
      found.set(id, loss);
    }
  });
  return [...found.values()].map((l) => ({ ...l, leaves: [...l.leaves].sort((a, b) => a - b) }));
}

/** The smallest sets of at most k borders and spines whose failure leaves `leaf` without an exit. */
function cutOffBy(ctx: VerifyContext, borders: readonly number[], reached: readonly number[], leaf: number, local: boolean, k: number): ExitScenario[] {
  const { routing } = ctx;
  const send = routing.evpnSend;
  const receive = routing.evpnReceive;
  if (send === undefined || receive === undefined) return [];
  const rl = routing.leafRow[leaf] ?? 0;
  const paths = new Map<number, number[]>();
  for (const b of reached) if (b !== leaf) paths.set(b, send.sharedList(routing.leafRow[b] ?? 0, receive, rl));
  const out: ExitScenario[] = [];
  const spines = [...new Set([...paths.values()].flat())].sort((a, b) => a - b);
  const elements: { readonly border: number | undefined; readonly spine: number | undefined }[] = [
    ...borders.map((b) => ({ border: b, spine: undefined })),
    ...spines.map((s) => ({ border: undefined, spine: s })),
  ];
  const survives = (failedBorders: ReadonlySet<number>, failedSpines: ReadonlySet<number>): boolean => {
    if (local && !failedBorders.has(leaf)) return true;
    for (const [b, s] of paths) if (!failedBorders.has(b) && s.some((x) => !failedSpines.has(x))) return true;
    return false;
  };
  const failing: number[][] = [];
  for (const set of subsets(elements.length, k)) {
    if (failing.some((f) => f.every((x) => set.includes(x)))) continue; // a smaller set already cuts it off
    const picked = set.map((i) => elements[i]);
    const fb = new Set(picked.flatMap((e) => (e?.border === undefined ? [] : [e.border])));
    const fs = new Set(picked.flatMap((e) => (e?.spine === undefined ? [] : [e.spine])));
    if (survives(fb, fs)) continue;
    failing.push(set);
    out.push({ borders: [...fb].sort((a, b) => a - b), spines: [...fs].sort((a, b) => a - b), links: [] });
  }
  return out;
}

function generic(ctx: VerifyContext, vrf: string, borders: readonly number[], reach: ReadonlyMap<number, readonly number[]>, k: number): { losses: ExitLoss[]; note: string | undefined } {
  const { fg } = ctx;
  const isSpine = (d: number): boolean => fg.devices[d]?.role === 'spine';
  const elements: ExitScenario[] = [
    ...borders.map((b) => ({ borders: [b], spines: [], links: [] })),
    ...fg.spines.map((s) => ({ borders: [], spines: [s], links: [] })),
    ...fg.links.filter((l) => !isSpine(l.a.device) && !isSpine(l.b.device)).map((l) => ({ borders: [], spines: [], links: [l.index] })),
  ];
  const perScenario = (ctx.routing.ipv4.peer.length + ctx.routing.evpn.peer.length) * Math.max(1, borders.length) + fg.links.length;
  let pool = elements;
  let note: string | undefined;
  const count = (n: number): number => (k >= 2 ? n + (n * (n - 1)) / 2 : n);
  if (count(pool.length) * perScenario > genericBudget) {
    pool = elements.filter((e) => e.links.length === 0);
    note = 'failures of links between leaves not analysed (too many scenarios for a fabric that is not a two-tier Clos)';
  }
  const found = new Map<string, ExitLoss>();
  /** Per leaf, the element sets that already cut it off. */
  const cut = new Map<number, number[][]>();
  for (const set of subsets(pool.length, k)) {
    const scenario: ExitScenario = {
      borders: set.flatMap((i) => pool[i]?.borders ?? []),
      spines: set.flatMap((i) => pool[i]?.spines ?? []),
      links: set.flatMap((i) => pool[i]?.links ?? []),
    };
    const outage: Outage = { devices: new Set(scenario.spines), links: new Set(scenario.links) };
    const r: RoutingAnalysis = scenario.spines.length + scenario.links.length === 0 ? ctx.routing : analyseRouting(fg, ctx.sessions, outage, true);
    const alive = borders.filter((b) => !scenario.borders.includes(b));
    const lost: number[] = [];
    for (const leaf of reach.keys()) {
      if (alive.includes(leaf)) continue;
      if (alive.some((b) => ctx.vrfRoutes.receivers(b, vrf, r).has(leaf))) continue;
      const before = cut.get(leaf) ?? [];
      if (before.some((f) => f.every((x) => set.includes(x)))) continue;
      before.push(set);
      cut.set(leaf, before);
      lost.push(leaf);
    }
    if (lost.length === 0) continue;
    found.set(scenarioKey(scenario), { scenario, leaves: lost.sort((a, b) => a - b) });
  }
  return { losses: [...found.values()], note };
}

/**
 * The two-tier answer checked against the engine: for each border, its EVPN routes recomputed with
 * one spine down (the first spine it relays through) must reach exactly the leaves the spine sets
 * say. Throws on a difference: that is a bug in clos.
 */
export function selfCheckExitFailures(ctx: VerifyContext, borders: readonly number[], reach: ReadonlyMap<number, readonly number[]>, engineRuns = new Map<number, Int32Array>()): void {
  const { routing, fg } = ctx;
  const send = routing.evpnSend;
  const receive = routing.evpnReceive;
  if (routing.method !== 'two-tier' || send === undefined || receive === undefined) return;
  for (const b of borders) {
    const spine = send.list(routing.leafRow[b] ?? 0)[0];
    if (spine === undefined) continue;
    // One engine run per border, shared by the VRFs it hands off.
    let engine = engineRuns.get(b);
    if (engine === undefined) {
      const failed: FailureSet = { devices: new Uint8Array(fg.devices.length), sessions: new Uint8Array(routing.sessionUp.length) };
      failed.devices[spine] = 1;
      routing.sessionUp.forEach((up, i) => {
        if (up !== 1) failed.sessions[i] = 1;
      });
      engine = propagate(routing.evpn, b, { failed }).kept;
      engineRuns.set(b, engine);
    }
    reach.forEach((reached, leaf) => {
      if (leaf === b || !reached.includes(b)) return;
      // The spines that relay b's routes to the leaf, less the failed one (which relays for b).
      const rl = routing.leafRow[leaf] ?? 0;
      const spines = send.shared(routing.leafRow[b] ?? 0, receive, rl) - (receive.has(rl, spine) ? 1 : 0);
      if (spines > 0 !== (engine[leaf] ?? 0) > 0) {
        throw new Error(`exit failure analysis disagrees with propagation: with ${fg.devices[spine]?.name ?? ''} down, routes of ${fg.devices[b]?.name ?? ''} at ${fg.devices[leaf]?.name ?? ''}`);
      }
    });
  }
}

export function scenarioKey(s: ExitScenario): string {
  return `${s.borders.join(',')}|${s.spines.join(',')}|${s.links.join(',')}`;
}

/** Index sets of size 1..k of n elements, smaller sets first. */
function* subsets(n: number, k: number): Generator<number[]> {
  for (let i = 0; i < n; i++) yield [i];
  if (k < 2) return;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yield [i, j];
}
