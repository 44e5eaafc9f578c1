/**
 * Check: exits, the ways out of each VRF (issue 14). A VRF's exit is an eBGP session of a border
 * leaf in the VRF with a router outside the fabric. The check proves, on the device models:
 *
 * - each external session sits on a routed sub-interface of that VRF holding the session's local
 *   address, with the peer on the same /31, an inbound and an outbound filter whose permit clauses
 *   each match a prefix list the model holds with entries in it, and a peer ASN that is none of
 *   the fabric's (CLOS5225, CLOS5230);
 * - the inbound filter admits no route inside a prefix of the fabric — a loopback, VTEP or link,
 *   a network subnet, a transit or a host pool — the default route excepted (CLOS5226); the
 *   outbound filter announces only the VRF's own subnets, host pools and aggregates: never the
 *   underlay, another VRF's routes, or a route learned outside, which is how a route from another
 *   tenant, arriving through the firewall, could be announced back (CLOS5227);
 * - each border sends what it learns into EVPN (CLOS5228), and every leaf of the VRF receives it
 *   from every border — ECMP over all of them (CLOS5222, CLOS5223) — and the borders of a VRF accept,
 *   announce and limit alike (CLOS5229);
 * - with any `verify.failures` borders, spines or links down, every leaf still has an exit
 *   (CLOS5224; exit-failures.ts);
 * - VRFs without an exit are listed (information, CLOS5221).
 */
import type { BgpVrf, DeviceModel, VrfNeighbor } from '../../compiler/build/device-model.js';
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { admitsInside, admitsOnlyInside, certainRanges, fabricPrefixes, rangesKey, rangesShare, rangesText, routeMapView, sameCidr, type OwnPrefix, type PrefixIndex, type PrefixRange } from '../analysis/route-filters.js';
import { Findings, keysOf, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { parseAddress, parseCidr } from '../../compiler/shared/ipv4.js';
import { listNames, plural } from '../locate.js';
import { analyseExitFailures, selfCheckExitFailures, type ExitScenario } from './exit-failures.js';

export function checkExits(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg, vrfRoutes } = ctx;
  const fabricAsns = new Map<number, string>();
  for (const d of fg.devices) if (!fabricAsns.has(d.model.bgp.asn)) fabricAsns.set(d.model.bgp.asn, d.role === 'spine' ? 'the spine ASN' : `the ASN of leaf '${d.name}'`);

  // Sessions, and the borders of each VRF whose sessions are sound.
  const configured = new Map<string, number[]>();
  /** VRFs with a border whose sessions are all broken: not "without an exit" in the summary. */
  const broken = new Set<string>();
  let own: PrefixIndex | undefined;
  /** Per VRF, its own subnets and host pools. */
  let ownByVrf: Map<string, OwnPrefix[]> | undefined;
  let sessions = 0;
  /** Per VRF, the borders by what their external peer group accepts, announces and limits. */
  const policies = new Map<string, Map<string, BorderPolicy & { borders: number[] }>>();
  // forEach, not for…of, over every device's VRFs and every leaf of a VRF: these loops run once,
  // mostly before they are optimized, where for…of allocates an iterator result per element
  // (bench/PROFILE.md, sections 30 and 33).
  for (const d of fg.devices) {
    // Every hand-off sub-interface has its session: one without is a border that gives no exit.
    d.model.interfaces.subinterfaces.forEach((s) => {
      const v = d.model.bgp.vrfs.find((x) => x.vrf === s.vrf);
      if (v?.neighbors.some((n) => n.interface === s.name) === true) return;
      const at = [`peer:${d.name}:${s.port}.${s.vlan}`, `vrf:${s.vrf}.external`, ...keysOf(ctx, d.index)];
      f.add(V.exitSessionBroken, { device: d.name, at }, d.name, s.vrf, s.peer.address, `is missing: ${s.name} hands the VRF off to AS ${s.peer.asn}, but no BGP neighbor runs on it`);
    });
    d.model.bgp.vrfs.forEach((v) => {
      if (v.neighbors.length === 0) return;
      sessions += v.neighbors.length;
      const sound = v.neighbors.filter((n) => checkSession(ctx, f, d.model, d.index, v, n, fabricAsns));
      // A border whose every session is broken (reported above) is no exit: the analyses below
      // count only borders with a sound session, so that what they claim holds.
      if (sound.length === 0) {
        broken.add(v.vrf);
        return;
      }
      push(configured, v.vrf, d.index);
      own ??= fabricPrefixes(fg);
      ownByVrf ??= byVrf(own);
      checkFilters(ctx, f, d.model, d.index, v, own, ownByVrf.get(v.vrf) ?? []);
      const policy = borderPolicy(d.model, v);
      if (policy === undefined) return;
      let variants = policies.get(v.vrf);
      if (variants === undefined) {
        variants = new Map();
        policies.set(v.vrf, variants);
      }
      const key = policy.parts.join('|');
      const same = variants.get(key);
      if (same === undefined) variants.set(key, { ...policy, borders: [d.index] });
      else same.borders.push(d.index);
    });
  }
  for (const [vrf, variants] of policies) if (variants.size > 1) reportPolicyDifference(ctx, f, vrf, [...variants.values()]);

  // Each border exports what it learns; every leaf of the VRF receives it from every border.
  const k = failuresToAnalyse(ctx);
  const notes = new Set<string>();
  let reachedLeaves = 0;
  let leafVrfPairs = 0;
  /** Leaf-VRF pairs some scenario of at most k failures leaves without an exit. */
  let lostPairs = 0;
  const failureCache = new Map<string, readonly ExitScenario[]>();
  const engineRuns = new Map<number, Int32Array>();
  for (const [vrf, devices] of [...configured].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const borders: number[] = [];
    for (const b of devices) {
      const problem = vrfRoutes.exportProblem(b, vrf);
      if (problem === undefined) borders.push(b);
      else f.add(V.exitNotExported, { device: nameOf(ctx, b), at: [`vrf:${vrf}.external`, `vrf:${vrf}`, ...keysOf(ctx, b)] }, nameOf(ctx, b), vrf, problem);
    }
    const leaves = vrfRoutes.leavesOf.get(vrf) ?? [];
    leafVrfPairs += leaves.length;
    const reach = new Map<number, number[]>();
    leaves.forEach((leaf) => reach.set(leaf, []));
    for (const b of borders) {
      reach.get(b)?.push(b);
      vrfRoutes.receivers(b, vrf).forEach((leaf) => reach.get(leaf)?.push(b));
    }
    const none: number[] = [];
    const partial = new Map<string, number[]>();
    if (borders.length > 0) {
      reach.forEach((got, leaf) => {
        if (got.length === 0) none.push(leaf);
        else if (got.length < borders.length) push(partial, got.join(','), leaf);
        else reachedLeaves++;
      });
    }
    const names = (ds: readonly number[]): string => listNames(ds.map((x) => nameOf(ctx, x)));
    const at = [`vrf:${vrf}.external`, `vrf:${vrf}`];
    if (none.length > 0) f.add(V.exitUnreachable, { device: nameOf(ctx, none[0] ?? 0), at }, leafWord(none, names), vrf, names(borders));
    for (const [key, group] of partial) {
      const got = key.split(',').map(Number);
      f.add(V.exitNotOnEveryBorder, { device: nameOf(ctx, group[0] ?? 0), at }, leafWord(group, names), vrf, names(got), names(borders.filter((b) => !got.includes(b))));
    }
    // ECMP over every border takes a path per border: maximum-paths caps it on each leaf. A border
    // takes its own exit (a shorter AS path than any other border's), so only other leaves count.
    const capped = new Map<string, number[]>();
    reach.forEach((got, leaf) => {
      if (borders.includes(leaf)) return;
      const paths = ctx.fg.devices[leaf]?.model.bgp.maximumPaths ?? 1;
      if (got.length > paths) push(capped, `${got.length}/${paths}`, leaf);
    });
    for (const [key, group] of capped) {
      const [got, paths] = key.split('/').map(Number);
      f.add(
        V.exitEcmpCapped,
        {
          device: nameOf(ctx, group[0] ?? 0),
          at,
          hint: 'maximum-paths is fabric.max_spines on every device: hand the VRF off on at most that many borders, or raise max_spines (which renumbers every leaf-spine link)',
        },
        leafWord(group, names),
        vrf,
        got ?? 0,
        paths ?? 0,
      );
    }
    if (borders.length === 0 || k <= 0) continue;
    selfCheckExitFailures(ctx, borders, reach, engineRuns);
    const { losses, note } = analyseExitFailures(ctx, vrf, borders, reach, k, failureCache);
    if (note !== undefined) notes.add(note);
    lostPairs += new Set(losses.flatMap((l) => l.leaves)).size;
    for (const loss of losses) {
      const single = loss.scenario.borders.length === 1 && loss.scenario.spines.length + loss.scenario.links.length === 0 && borders.length === 1;
      f.add(
        V.exitLostOnFailure,
        {
          device: nameOf(ctx, loss.leaves[0] ?? 0),
          at,
          related: [{ message: `verify.failures is ${ctx.settings.failures}`, at: ['fabric.verify.failures', 'fabric.verify', 'fabric'] }],
          hint: single
            ? broken.has(vrf)
              ? 'another border of the VRF gives no exit, its sessions being broken (CLOS5225 above): mend them'
              : 'the VRF has one border: hand it off on a second border leaf as well'
            : loss.scenario.spines.length > 0 ? 'a failure of the links to that spine has the same effect' : undefined,
        },
        describeScenario(ctx, loss.scenario),
        leafWord(loss.leaves, names),
        vrf,
      );
    }
  }

  // VRFs without an exit, for the record.
  const without = [...vrfRoutes.leavesOf.keys()].filter((v) => !configured.has(v) && !broken.has(v)).sort();
  if (without.length > 0) f.add(V.vrfsWithoutExit, {}, without.length, listNames(without, 8));
  const withExit = configured.size;
  const summary =
    withExit === 0
      ? `no VRF has an exit (${plural(without.length, 'VRF')} without)`
      : `${plural(withExit, 'VRF')} with an exit (${plural(sessions, 'external session')}); ${reachedLeaves} of ${leafVrfPairs} leaf-VRF pairs reach every border${k > 0 ? `, ${leafVrfPairs - lostPairs} keep an exit against any ${plural(k, 'failure')}` : ''}; ${without.length} without${notes.size > 0 ? `; ${[...notes].join('; ')}` : ''}`;
  return { diagnostics: f.list, summary };
}

/** As the failures check: n spines survive at most n - 1 spine failures (it warns about the rest). */
function failuresToAnalyse(ctx: VerifyContext): number {
  const asked = ctx.settings.failures;
  const spines = ctx.fg.spines.length;
  return spines > 0 && asked >= spines ? spines - 1 : asked;
}

/** One external session: sound, or a finding saying why not. */
function checkSession(ctx: VerifyContext, f: Findings, m: DeviceModel, device: number, v: BgpVrf, n: VrfNeighbor, fabricAsns: ReadonlyMap<number, string>): boolean {
  const problems: string[] = [];
  const sub = m.interfaces.subinterfaces.find((s) => s.name === n.interface);
  const local = parseAddress(n.localAddress);
  const peer = parseAddress(n.address);
  if (sub === undefined) {
    problems.push(`runs on ${n.interface}, which is not a routed sub-interface of the device`);
  } else {
    const cidr = parseCidr(sub.address);
    if (sub.vrf !== v.vrf) problems.push(`runs on ${sub.name}, which routes in VRF '${sub.vrf}': the VRFs would exchange routes there`);
    // The router at the other end is the one the hand-off records (the intent's peer): another
    // ASN is refused by it (Bad Peer AS), another address is no router on the link.
    if (sub.peer.asn !== n.remoteAs) problems.push(`expects AS ${n.remoteAs}, but the router on ${sub.name} is AS ${sub.peer.asn}: it refuses the session`);
    if (sub.peer.address !== n.address) problems.push(`is to ${n.address}, but the router on ${sub.name} is ${sub.peer.address}`);
    if (cidr === undefined || local === undefined || cidr.address !== local) problems.push(`is sourced from ${n.localAddress}, which is not the address of ${sub.name} (${sub.address})`);
    else if (peer === undefined || peer === local || peer < cidr.base || peer >= cidr.base + cidr.size) problems.push(`has no route to ${n.address}: it is not the other address of ${sub.address}`);
  }
  const group = v.peerGroups.find((g) => g.name === n.peerGroup);
  if (group === undefined) {
    problems.push(`names peer group ${n.peerGroup}, which the VRF does not define`);
  } else {
    const inbound = routeMapView(m.routingPolicy, group.routeMapIn);
    const outbound = routeMapView(m.routingPolicy, group.routeMapOut);
    if ('missing' in inbound) problems.push(inbound.empty === true ? emptyList('takes routes', inbound.missing) : `has no inbound filter (${inbound.missing} is missing): it would take any route`);
    else if ('ranges' in inbound && inbound.ranges.length === 0) problems.push(`takes no route: its inbound filter ${group.routeMapIn} admits nothing, so this border is no exit of the VRF`);
    else if ('ranges' in inbound && certainRanges(inbound.ranges).length === 0)
      problems.push(`may take no route: its inbound filter ${group.routeMapIn} denies before each of its permits (${rangesText(inbound.ranges)}), so this border may be no exit of the VRF`);
    if ('missing' in outbound) problems.push(outbound.empty === true ? emptyList('announces', outbound.missing) : `has no outbound filter (${outbound.missing} is missing): it would announce every route`);
  }
  const at = [`peer:${m.name}:${sub === undefined ? '' : `${sub.port}.${sub.vlan}`}`, `vrf:${v.vrf}.external`, ...keysOf(ctx, device)];
  for (const why of problems) f.add(V.exitSessionBroken, { device: m.name, at }, m.name, v.vrf, n.address, why);
  // BFD as on every other session of the fabric (fabric.bfd, which gives the device its timers):
  // a finding, though the session still exchanges the routes its filters allow.
  const bfdWhy = group === undefined ? undefined : bfdProblem(group.bfd, m, 'one');
  if (bfdWhy !== undefined) f.add(V.exitSessionBroken, { device: m.name, at }, m.name, v.vrf, n.address, bfdWhy);
  const owner = fabricAsns.get(n.remoteAs);
  if (owner !== undefined) {
    f.add(V.externalAsnIsFabricAsn, { device: m.name, at }, m.name, v.vrf, n.remoteAs, owner);
    problems.push('fabric ASN');
  }
  return problems.length === 0;
}

/**
 * BFD on a session to outside the fabric (an external peer, or hosts) follows fabric.bfd, which
 * the device's BFD timers (`bfd`) say: on where it runs BFD on its fabric sessions, off where not.
 */
export function bfdProblem(sessionBfd: boolean, m: DeviceModel, sessions: 'one' | 'many'): string | undefined {
  const fabricBfd = m.bfd !== null;
  if (sessionBfd === fabricBfd) return undefined;
  const run = sessions === 'one' ? 'runs' : 'run';
  return sessionBfd
    ? `${run} BFD, but the device has no BFD timers (bfd is none: fabric.bfd is off)`
    : `${run} no BFD, while the device runs BFD on its fabric sessions (fabric.bfd): a dead link to the ${sessions === 'one' ? 'peer' : 'hosts'} would be noticed only when the BGP hold timer expires`;
}

/** A filter that permits through a prefix list without entries (route-filters.ts, FilterView). */
function emptyList(what: string, list: string): string {
  return `${what} through ${list}, which has no entries a device takes (none, or each with an le outside its prefix length..32): clos's FRR and NX-OS configurations do not define an empty list, so the route map names a list the device lacks, and what it lets through then depends on the platform`;
}

/**
 * The filters of a border's VRF: what comes in stays out of the fabric's prefixes, what goes out
 * is the VRF's own. (Two VRFs announcing overlapping prefixes is a design choice the intent's
 * CLOS3129 warns about, not a fault of the models.)
 */
function checkFilters(ctx: VerifyContext, f: Findings, m: DeviceModel, device: number, v: BgpVrf, own: PrefixIndex, mine: readonly OwnPrefix[]): void {
  const group = v.peerGroups.find((g) => g.purpose === 'external');
  if (group === undefined) return;
  const at = [`vrf:${v.vrf}.accept`, `vrf:${v.vrf}.external`, `vrf:${v.vrf}`, ...keysOf(ctx, device)];
  const inbound = routeMapView(m.routingPolicy, group.routeMapIn);
  const accepted: PrefixRange[] = [];
  if ('all' in inbound && inbound.all) {
    f.add(V.inboundAdmitsFabric, { device: m.name, at }, m.name, v.vrf, 'every route', 'any prefix of the fabric');
  } else if ('ranges' in inbound) {
    for (const r of inbound.ranges) {
      accepted.push(r);
      if (r.prefix.length === 0 && r.le === 0) continue; // the default route covers the fabric, it does not replace its routes
      const hit = own.overlapping(r.prefix).filter((o) => admitsInside(r, o.prefix));
      if (hit.length > 0) f.add(V.inboundAdmitsFabric, { device: m.name, at }, m.name, v.vrf, r.text, listNames(hit.map((o) => o.what), 3, false));
    }
  }
  const outbound = routeMapView(m.routingPolicy, group.routeMapOut);
  const outAt = [`vrf:${v.vrf}.advertise`, `vrf:${v.vrf}.external`, `vrf:${v.vrf}`, ...keysOf(ctx, device)];
  if ('all' in outbound && outbound.all) {
    f.add(V.outboundLeaks, { device: m.name, at: outAt }, m.name, v.vrf, 'every route', 'includes the routes of other VRFs reaching it, and every route learned outside');
    return;
  }
  if (!('ranges' in outbound)) return;
  const aggregates = v.aggregates.map(parseCidr).filter((c) => c !== undefined);
  const subnets = new Set(mine.filter((o) => o.kind === 'subnet').map((o) => `${o.prefix.base}/${o.prefix.length}`));
  const pools = mine.filter((o) => o.kind === 'host-pool');
  for (const r of outbound.ranges) {
    const exact = r.le === r.prefix.length;
    const subnetOrPool = (exact && subnets.has(`${r.prefix.base}/${r.prefix.length}`)) || pools.some((o) => admitsOnlyInside(r, o.prefix));
    if (subnetOrPool) continue;
    if (exact && aggregates.some((a) => sameCidr(a, r.prefix))) {
      // An aggregate is one route, but it draws traffic for every address it covers into the
      // VRF: it must cover nothing of the underlay or of another VRF (as the compiler's CLOS3126).
      const foreign = own.overlapping(r.prefix).filter((o) => o.vrf !== v.vrf);
      const covered = foreign.find((o) => o.vrf === undefined) ?? foreign[0];
      if (covered !== undefined) f.add(V.outboundLeaks, { device: m.name, at: outAt }, m.name, v.vrf, r.text, `is an aggregate covering ${covered.what}${covered.vrf === undefined ? ', the underlay' : ''}: traffic from outside to it would enter this VRF`);
      continue;
    }
    const foreign = own.overlapping(r.prefix).find((o) => o.vrf !== v.vrf && admitsInside(r, o.prefix));
    const learned = accepted.find((a) => rangesShare(a, r));
    const why =
      foreign !== undefined
        ? `covers ${foreign.what}${foreign.vrf === undefined ? ', the underlay' : ''}`
        : learned !== undefined
          ? `would send routes learned outside (accepted as ${learned.text}) back out`
          : 'is neither a subnet, a host pool nor an aggregate of the VRF';
    f.add(V.outboundLeaks, { device: m.name, at: outAt }, m.name, v.vrf, r.text, why);
  }
}

interface BorderPolicy {
  /** Keys of what comes in, what goes out and the prefix limit: equal keys, equal policy. */
  readonly parts: readonly [string, string, string];
  readonly inbound: readonly PrefixRange[];
  readonly outbound: readonly PrefixRange[];
  readonly limit: string;
}

/** What a border's external peer group of a VRF accepts, announces and limits; undefined when a filter is unreadable (reported above). */
function borderPolicy(m: DeviceModel, v: BgpVrf): BorderPolicy | undefined {
  const group = v.peerGroups.find((g) => g.purpose === 'external');
  if (group === undefined) return undefined;
  const inbound = routeMapView(m.routingPolicy, group.routeMapIn);
  const outbound = routeMapView(m.routingPolicy, group.routeMapOut);
  if (!('ranges' in inbound) || !('ranges' in outbound)) return undefined;
  const limit = String(group.maximumPrefix);
  return { parts: [rangesKey(inbound.ranges), rangesKey(outbound.ranges), limit], inbound: inbound.ranges, outbound: outbound.ranges, limit };
}

/**
 * The borders of one VRF carry the VRF's one `external` policy. Where they differ, a route one
 * border accepts has no second exit and no ECMP, and the outside learns some prefixes over one
 * border only: the summary's "ECMP over every border" would not hold. Only what differs is shown,
 * and of a filter only the entries not every border has.
 */
function reportPolicyDifference(ctx: VerifyContext, f: Findings, vrf: string, variants: readonly (BorderPolicy & { borders: readonly number[] })[]): void {
  const sorted = [...variants].sort((a, b) => b.borders.length - a.borders.length || (a.parts.join('|') < b.parts.join('|') ? -1 : 1));
  const differs = (i: number): boolean => new Set(sorted.map((x) => x.parts[i])).size > 1;
  const filterText = (verb: string, pick: (x: BorderPolicy) => readonly PrefixRange[]): ((x: BorderPolicy) => string) => {
    const keyOf = (r: PrefixRange): string => rangesKey([r]);
    const first = sorted[0];
    const common = new Set(first === undefined ? [] : pick(first).map(keyOf));
    for (const x of sorted) {
      const own = new Set(pick(x).map(keyOf));
      for (const k of common) if (!own.has(k)) common.delete(k);
    }
    return (x) => {
      const extra = pick(x).filter((r) => !common.has(keyOf(r)));
      return `${verb} ${rangesText(extra)}${common.size > 0 ? ` besides ${plural(common.size, 'entry', 'entries')} every border has` : ''}`;
    };
  };
  const parts: { text: (x: BorderPolicy) => string; key: string }[] = [];
  if (differs(0)) parts.push({ text: filterText('accepting', (x) => x.inbound), key: `vrf:${vrf}.accept` });
  if (differs(1)) parts.push({ text: filterText('announcing', (x) => x.outbound), key: `vrf:${vrf}.advertise` });
  if (differs(2)) parts.push({ text: (x) => `maximum-prefix ${x.limit}`, key: `vrf:${vrf}.max_prefixes` });
  const detail = sorted.map((x) => `${parts.map((p) => p.text(x)).join(', ')} on ${listNames(x.borders.map((b) => nameOf(ctx, b)), 3)}`).join('; ');
  f.add(V.exitPolicyDiffers, { device: nameOf(ctx, sorted.at(-1)?.borders[0] ?? 0), at: [...parts.map((p) => p.key), `vrf:${vrf}.external`, `vrf:${vrf}`] }, vrf, detail);
}

function byVrf(own: PrefixIndex): Map<string, OwnPrefix[]> {
  const out = new Map<string, OwnPrefix[]>();
  for (const o of own.all) if (o.vrf !== undefined && (o.kind === 'subnet' || o.kind === 'host-pool')) push(out, o.vrf, o);
  return out;
}

function describeScenario(ctx: VerifyContext, s: ExitScenario): string {
  const parts = [
    ...s.borders.map((b) => `the exit on '${nameOf(ctx, b)}'`),
    ...s.spines.map((x) => `'${nameOf(ctx, x)}'`),
    ...s.links.map((l) => {
      const link = ctx.fg.links[l];
      return link === undefined ? `link ${l}` : `link ${nameOf(ctx, link.a.device)}-${nameOf(ctx, link.b.device)}`;
    }),
  ];
  return parts.join(' and ');
}

function leafWord(leaves: readonly number[], names: (ds: readonly number[]) => string): string {
  return `${leaves.length === 1 ? 'leaf' : 'leaves'} ${names(leaves)}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
