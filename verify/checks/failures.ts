/**
 * Check 9, failures: with any `verify.failures` spines or links down, checks 4-6 still hold. A
 * finding names the failure and what breaks: "with spine2 down, 'leaf7' and 'leaf9' have no
 * underlay path to each other".
 *
 * On a two-tier fabric this is set arithmetic, never failures × pairs × path search: the paths of
 * a leaf pair are the spines both have working sessions with, and one failure (a spine, or one of
 * the pair's links to it) removes at most one of them. So a pair that works survives every set of
 * `f` failures exactly when it shares more than `f` such spines, and when it does not, the shared
 * spines themselves are the smallest failure that breaks it. The same holds for EVPN (spines relaying
 * each way with the next hop kept) and for the hop bound (spines linked to both). O(pairs · spines/32).
 *
 * On any other fabric every scenario is recomputed with the path-vector engine, within a budget.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { analyseRouting, type Outage } from '../analysis/routing.js';
import { shareVni, vniSets } from '../analysis/vnis.js';
import { Findings, keysOf, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { listNames, plural } from '../locate.js';
import { leafDistancesOver, maxGroupsReported } from './hop-bound.js';
import { describeGroup, groupPairs, type PairProblem } from './pairs.js';

type Aspect = 'underlay' | 'hop' | 'overlay';

/** Edge visits the generic failure analysis may spend. */
const genericBudget = 40_000_000;

interface Scenario {
  readonly spines: readonly number[];
  readonly links: readonly number[];
}

export function checkFailures(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const asked = ctx.settings.failures;
  if (asked <= 0) return { diagnostics: [], summary: 'verify.failures is 0: no failure analysis' };
  // n spines survive at most n - 1 spine failures: asking for more is a statement about the
  // design (a one-spine lab), not a fault of one leaf pair, so it is one warning.
  const spines = ctx.fg.spines.length;
  const k = spines > 0 && asked >= spines ? spines - 1 : asked;
  if (k < asked && ctx.fg.leaves.length > 1) {
    f.add(V.failuresExceedSpines, { at: ['fabric.verify.failures', 'fabric.verify', 'fabric'], hint: 'set verify.failures to what the fabric is meant to survive' }, asked, spines, k);
  }
  if (k <= 0) return { diagnostics: f.list, summary: 'no failure analysed' };
  const broken = new Map<string, { scenario: Scenario; aspect: Aspect; pairs: PairProblem[] }>();
  const record = (scenario: Scenario, aspect: Aspect, a: number, b: number): void => {
    const key = `${aspect}|${scenario.spines.join(',')}|${scenario.links.join(',')}`;
    const entry = broken.get(key) ?? { scenario, aspect, pairs: [] };
    entry.pairs.push({ origin: a, receiver: b }, { origin: b, receiver: a });
    broken.set(key, entry);
  };
  let scenarios: string;
  if (ctx.routing.method === 'two-tier') scenarios = analyseTwoTier(ctx, k, record);
  else scenarios = analyseGeneric(ctx, k, record, f);

  // One finding per failure and group of leaf pairs, naming every property that breaks.
  const byScenario = new Map<string, { scenario: Scenario; aspects: Map<string, Set<Aspect>> }>();
  for (const e of broken.values()) {
    const key = `${e.scenario.spines.join(',')}|${e.scenario.links.join(',')}`;
    const entry = byScenario.get(key) ?? { scenario: e.scenario, aspects: new Map<string, Set<Aspect>>() };
    for (const p of e.pairs) {
      const pair = `${p.origin}>${p.receiver}`;
      const set = entry.aspects.get(pair) ?? new Set<Aspect>();
      set.add(e.aspect);
      entry.aspects.set(pair, set);
    }
    byScenario.set(key, entry);
  }
  const texts: Record<Aspect, (mutual: string) => string> = {
    underlay: (mutual) => `have no underlay path to ${mutual}`,
    overlay: () => 'cannot exchange EVPN routes',
    hop: () => `are more than ${ctx.settings.hopLimit} underlay links apart`,
  };
  let reported = 0;
  const ordered = [...byScenario.values()].sort((x, y) => x.scenario.spines.length + x.scenario.links.length - (y.scenario.spines.length + y.scenario.links.length) || compareScenario(x.scenario, y.scenario));
  for (const e of ordered) {
    const what = describeScenario(ctx, e.scenario);
    const bySet = new Map<string, PairProblem[]>();
    for (const [pair, set] of e.aspects) {
      const key = (['underlay', 'overlay', 'hop'] as const).filter((a) => set.has(a)).join('+');
      const [origin = 0, receiver = 0] = pair.split('>').map(Number);
      const list = bySet.get(key);
      if (list === undefined) bySet.set(key, [{ origin, receiver }]);
      else list.push({ origin, receiver });
    }
    for (const [key, pairs] of [...bySet].sort()) {
      const aspects = key.split('+') as Aspect[];
      const kind = aspects.includes('underlay') ? V.failureBreaksUnderlay : aspects.includes('overlay') ? V.failureBreaksOverlay : V.failureBreaksHopBound;
      for (const g of groupPairs(pairs)) {
        if (reported++ >= maxGroupsReported) continue;
        const { together, mutual } = describeGroup(g, (d) => nameOf(ctx, d));
        const parts = aspects.map((a) => texts[a](mutual));
        const sentence = `${together} ${parts.length === 1 ? parts[0] ?? '' : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`}`;
        const hint = e.scenario.spines.length > 0 && e.scenario.links.length === 0 ? `${listNames(e.scenario.spines.map((s) => nameOf(ctx, s)))} ${e.scenario.spines.length === 1 ? 'is the only spine' : 'are the only spines'} they share; a failure of their links to ${e.scenario.spines.length === 1 ? 'it' : 'them'} has the same effect` : undefined;
        f.add(kind, { device: nameOf(ctx, g.hub), at: [...keysOf(ctx, g.hub)], related: [{ message: `verify.failures is ${k}`, at: ['fabric.verify.failures', 'fabric.verify', 'fabric'] }], hint }, what, sentence);
      }
    }
  }
  if (reported > maxGroupsReported) f.add(V.failureBreaksUnderlay, {}, 'other failures', `${reported - maxGroupsReported} more groups of leaf pairs break`);
  return { diagnostics: f.list, summary: `${scenarios} (${ctx.routing.method})` };
}

function compareScenario(a: Scenario, b: Scenario): number {
  const ka = [...a.spines, -1, ...a.links];
  const kb = [...b.spines, -1, ...b.links];
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return (ka[i] ?? 0) - (kb[i] ?? 0);
  return ka.length - kb.length;
}

function describeScenario(ctx: VerifyContext, s: Scenario): string {
  const parts = [
    ...s.spines.map((d) => nameOf(ctx, d)),
    ...s.links.map((l) => {
      const link = ctx.fg.links[l];
      return link === undefined ? `link ${l}` : `link ${nameOf(ctx, link.a.device)}-${nameOf(ctx, link.b.device)}`;
    }),
  ];
  return parts.length <= 2 ? parts.join(' and ') : listNames(parts, 4, false);
}

function analyseTwoTier(ctx: VerifyContext, k: number, record: (s: Scenario, aspect: Aspect, a: number, b: number) => void): string {
  const { fg, routing, settings } = ctx;
  const up = routing.up;
  const send = routing.evpnSend;
  const receive = routing.evpnReceive;
  const upSameAsn = routing.upSameAsn;
  const receiveSameAsn = routing.evpnReceiveSameAsn;
  if (up === undefined || send === undefined || receive === undefined || upSameAsn === undefined || receiveSameAsn === undefined) return 'no analysis';
  const linked = routing.linked;
  const leaves = fg.leaves;
  // Read for every leaf pair: one array per analysis.
  const asns = new Float64Array(fg.devices.length);
  for (const d of fg.devices) asns[d.index] = d.model.bgp.asn;
  const asn = (d: number): number => (d >= 0 && d < asns.length ? (asns[d] ?? -1) : -1);
  const vnisOf = vniSets(ctx.vnis);
  const sharing = (a: number, b: number): boolean => shareVni(vnisOf, a, b);
  const sameTierLinks = fg.links.some((l) => fg.devices[l.a.device]?.role === fg.devices[l.b.device]?.role);
  const hopAfterSpinesFail = settings.hopLimit < 4 && !sameTierLinks;
  /** Leaf distances over the limit with a set of spines down, by that set. */
  const distancesWithout = new Map<string, ReturnType<typeof leafDistancesOver>>();
  let pairs = 0;
  for (let i = 0; i < leaves.length; i++) {
    const a = leaves[i] ?? 0;
    const ra = routing.leafRow[a] ?? 0;
    const aVtep = routing.advertised[a]?.vtep === true;
    for (let j = i + 1; j < leaves.length; j++) {
      const b = leaves[j] ?? 0;
      const rb = routing.leafRow[b] ?? 0;
      pairs++;
      // Leaves of one ASN receive each other's routes from fewer spines (routing.ts): each way apart.
      const sameAsn = asn(a) === asn(b);
      const upB = sameAsn ? upSameAsn : up;
      const receiveB = sameAsn ? receiveSameAsn : receive;
      if (aVtep && routing.advertised[b]?.vtep === true) {
        const ab = up.shared(ra, upB, rb);
        const ba = up.shared(rb, upB, ra);
        if (ab >= 1 && ba >= 1 && Math.min(ab, ba) <= k) record({ spines: ab <= ba ? up.sharedList(ra, upB, rb) : up.sharedList(rb, upB, ra), links: [] }, 'underlay', a, b);
      }
      const l = linked.shared(ra, linked, rb);
      if (l >= 1 && l <= k && settings.hopLimit >= 2) {
        if (hopAfterSpinesFail) record({ spines: linked.sharedList(ra, linked, rb), links: [] }, 'hop', a, b);
        else {
          const spines = linked.sharedList(ra, linked, rb);
          const key = spines.join(',');
          let over = distancesWithout.get(key);
          if (over === undefined) {
            over = leafDistancesOver(fg, settings.hopLimit, new Set(), new Set(spines));
            distancesWithout.set(key, over);
          }
          if (over.has(`${a}-${b}`)) record({ spines, links: [] }, 'hop', a, b);
        }
      }
      if (routing.evpnOrigin[a] === 1 && routing.evpnOrigin[b] === 1) {
        const ab = send.shared(ra, receiveB, rb);
        const ba = send.shared(rb, receiveB, ra);
        if (ab >= 1 && ba >= 1 && (ab <= k || ba <= k) && sharing(a, b)) {
          if (ab <= k) record({ spines: send.sharedList(ra, receiveB, rb), links: [] }, 'overlay', a, b);
          if (ba <= k && (ab > k || send.sharedList(rb, receiveB, ra).join() !== send.sharedList(ra, receiveB, rb).join())) {
            record({ spines: send.sharedList(rb, receiveB, ra), links: [] }, 'overlay', a, b);
          }
        }
      }
    }
  }
  return `${plural(pairs, 'leaf pair')} against any ${plural(k, 'failure')} by shared spine sets`;
}

function analyseGeneric(ctx: VerifyContext, k: number, record: (s: Scenario, aspect: Aspect, a: number, b: number) => void, f: Findings): string {
  const { fg, routing, settings } = ctx;
  const leaves = fg.leaves;
  const elements: Scenario[] = [...fg.spines.map((s) => ({ spines: [s], links: [] })), ...fg.links.map((l) => ({ spines: [], links: [l.index] }))];
  let scenarios: Scenario[] = [...elements];
  if (k >= 2) {
    for (let i = 0; i < elements.length; i++) {
      for (let j = i + 1; j < elements.length; j++) {
        const x = elements[i];
        const y = elements[j];
        if (x !== undefined && y !== undefined) scenarios.push({ spines: [...x.spines, ...y.spines], links: [...x.links, ...y.links] });
      }
    }
  }
  const perScenario = (routing.ipv4.peer.length + routing.evpn.peer.length + fg.links.length) * Math.max(1, fg.devices.length);
  if (scenarios.length * perScenario > genericBudget) {
    const spineOnly = scenarios.filter((s) => s.links.length === 0);
    f.add(
      V.failureAnalysisLimited,
      { at: ['fabric.verify.failures'] },
      `the fabric is not a two-tier Clos (${routing.irregular ?? 'see the other checks'}), and ${scenarios.length} failure scenarios are too many to recompute; ${spineOnly.length * perScenario > genericBudget ? 'none was analysed' : 'only spine failures were analysed'}`,
    );
    scenarios = spineOnly.length * perScenario > genericBudget ? [] : spineOnly;
  }
  if (scenarios.length === 0) return 'no failure scenario analysed';
  // What works without failures.
  const baseUnderlay = new Set<string>();
  const baseOverlay = new Set<string>();
  const vnisOf = vniSets(ctx.vnis);
  const sharing = (a: number, b: number): boolean => shareVni(vnisOf, a, b);
  const widths = new Map(leaves.map((a) => [a, routing.underlayFrom(a)]));
  const kept = new Map(leaves.map((a) => [a, routing.evpnFrom(a).kept]));
  for (const a of leaves) {
    for (const b of leaves) {
      if (a >= b) continue;
      // VTEP pairs only, as the two-tier analysis: a leaf that does not advertise its VTEP fails
      // check 4 already (CLOS5063), whatever fails.
      const vteps = routing.advertised[a]?.vtep === true && routing.advertised[b]?.vtep === true;
      if (vteps && (widths.get(a)?.[b] ?? 0) > 0 && (widths.get(b)?.[a] ?? 0) > 0) baseUnderlay.add(`${a}-${b}`);
      if ((kept.get(a)?.[b] ?? 0) > 0 && (kept.get(b)?.[a] ?? 0) > 0 && sharing(a, b)) baseOverlay.add(`${a}-${b}`);
    }
  }
  const baseHop = leafDistancesOver(fg, settings.hopLimit);
  const done = { underlay: new Set<string>(), hop: new Set<string>(), overlay: new Set<string>() };
  for (const s of scenarios) {
    const outage: Outage = { devices: new Set(s.spines), links: new Set(s.links) };
    const r = analyseRouting(fg, ctx.sessions, outage, true);
    const w = new Map(leaves.map((a) => [a, r.underlayFrom(a)]));
    const e = new Map(leaves.map((a) => [a, r.evpnFrom(a).kept]));
    const hop = leafDistancesOver(fg, settings.hopLimit, outage.links, outage.devices);
    for (const a of leaves) {
      for (const b of leaves) {
        if (a >= b) continue;
        const key = `${a}-${b}`;
        if (baseUnderlay.has(key) && !done.underlay.has(key) && ((w.get(a)?.[b] ?? 0) === 0 || (w.get(b)?.[a] ?? 0) === 0)) {
          done.underlay.add(key);
          record(s, 'underlay', a, b);
        }
        if (!baseHop.has(key) && !done.hop.has(key) && hop.has(key)) {
          done.hop.add(key);
          record(s, 'hop', a, b);
        }
        if (baseOverlay.has(key) && !done.overlay.has(key) && ((e.get(a)?.[b] ?? 0) === 0 || (e.get(b)?.[a] ?? 0) === 0)) {
          done.overlay.add(key);
          record(s, 'overlay', a, b);
        }
      }
    }
  }
  return `${plural(scenarios.length, 'failure scenario')} recomputed`;
}
