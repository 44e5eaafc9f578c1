/**
 * The two-tier shortcut must answer exactly as the path-vector engine does. Random hand edits of a
 * generated fabric (dropped sessions and links, shared leaf ASNs with and without allowas-in, relays
 * that rewrite next hops, drop routes or withhold them from a peer of the route's own ASN (the
 * peer-AS check), narrow maximum-paths, unadvertised VTEPs): on every one the set arithmetic and
 * the engine agree on ECMP widths, EVPN paths and session state, check 9 finds the same failures,
 * and the exits and host-pools checks find the same (every VRF has two borders, some networks BGP
 * hosts).
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import { compileIntent } from '../../compiler/compile.js';
import { generateIntent } from '../../bench/generate-intent.js';
import { checkFailures } from '../checks/failures.js';
import type { VerifyContext } from '../context.js';
import { buildFabricGraph } from '../graph.js';
import { Locator } from '../locate.js';
import { analyseRouting } from './routing.js';
import { matchSessions } from './sessions.js';
import { indexVnis } from './vnis.js';
import { analyseVrfRoutes } from './vrf-routes.js';
import { checkExits } from '../checks/exits.js';
import { checkHostPools } from '../checks/host-pools.js';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Model = Mutable<DeviceModel>;

const generated = generateIntent({ spines: 4, leaves: 10, tenants: 2, vrfs: 4, networks: 12, networksPerLeaf: 4, serversPerLeaf: 0, seed: 1 });
const compiled = compileIntent(generated.files);
const base = compiled.devices ?? [];

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(seed: number): DeviceModel[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const models = structuredClone(base) as Model[];
  const spines = models.filter((m) => m.role === 'spine');
  const leaves = models.filter((m) => m.role === 'leaf');
  // NX-OS spines: the platform whose configuration renders all three relay fields the edits below
  // change (next-hop-unchanged, retain route-target all, the peer-AS check); FRR's does none of
  // them and keeps the next hop and every route, and checks no peer's AS (platform-behaviour.ts).
  for (const s of spines) s.platform = 'nxos';
  if (rnd() < 0.4) {
    // The NX-OS rack pair: two leaves share an ASN and accept it once; NX-OS spines check the
    // peer's AS on one or both address families unless told not to.
    const [a, b] = [pick(leaves), pick(leaves)];
    if (a !== b) {
      a.asn = b.asn;
      a.bgp.asn = b.asn;
      for (const s of spines) for (const n of s.bgp.neighbors) if (n.peer === a.name) n.remoteAs = b.asn;
      for (const l of [a, b]) for (const g of l.bgp.peerGroups) g.allowasIn = 1;
      const families = rnd() < 0.5 ? ['underlay', 'overlay'] : [rnd() < 0.5 ? 'underlay' : 'overlay'];
      if (rnd() < 0.7) for (const s of spines) for (const g of s.bgp.peerGroups) if (families.includes(g.purpose)) g.peerAsCheck = true;
    }
  }
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const kind = Math.floor(rnd() * 10);
    const leaf = pick(leaves);
    const spine = pick(spines);
    switch (kind) {
      case 0: {
        const n = pick(leaf.bgp.neighbors);
        leaf.bgp.neighbors = leaf.bgp.neighbors.filter((x) => x !== n);
        break;
      }
      case 1: {
        const n = pick(spine.bgp.neighbors);
        spine.bgp.neighbors = spine.bgp.neighbors.filter((x) => x !== n);
        break;
      }
      case 2: {
        // Two leaves share an ASN, the spines told about it.
        const other = pick(leaves.filter((l) => l !== leaf));
        leaf.asn = other.asn;
        leaf.bgp.asn = other.asn;
        for (const s of spines) for (const n of s.bgp.neighbors) if (n.peer === leaf.name) n.remoteAs = other.asn;
        break;
      }
      case 3:
        for (const g of spine.bgp.peerGroups) if (g.addressFamilies.l2vpnEvpn) g.nextHopUnchanged = false;
        break;
      case 4:
        spine.bgp.evpn.retainRouteTargetAll = false;
        break;
      case 5: {
        // Drop the link leaf-spine on both ends.
        leaf.interfaces.fabric = leaf.interfaces.fabric.filter((f) => f.peer.device !== spine.name);
        spine.interfaces.fabric = spine.interfaces.fabric.filter((f) => f.peer.device !== leaf.name);
        break;
      }
      case 6:
        leaf.bgp.maximumPaths = 1 + Math.floor(rnd() * 3);
        break;
      case 7:
        leaf.bgp.ipv4Networks = leaf.bgp.ipv4Networks.slice(0, 1);
        break;
      case 8: {
        // Two leaves share an ASN and accept it once, as clos builds them.
        const other = pick(leaves.filter((l) => l !== leaf));
        leaf.asn = other.asn;
        leaf.bgp.asn = other.asn;
        for (const s of spines) for (const n of s.bgp.neighbors) if (n.peer === leaf.name) n.remoteAs = other.asn;
        for (const l of [leaf, other]) for (const g of l.bgp.peerGroups) g.allowasIn = 1;
        break;
      }
      case 9: {
        // The spines check (or stop checking) the peer's AS on one address family, as NX-OS spines
        // do by default; sometimes only one of them.
        const family = rnd() < 0.5 ? 'underlay' : 'overlay';
        for (const s of rnd() < 0.7 ? spines : [spine]) for (const g of s.bgp.peerGroups) if (g.purpose === family) g.peerAsCheck = !g.peerAsCheck;
        break;
      }
    }
  }
  return models;
}

function contexts(models: readonly DeviceModel[], failures: number, hopLimit = 2): { fast: VerifyContext; slow: VerifyContext } {
  const fg = buildFabricGraph(models);
  const sessions = matchSessions(fg);
  const vnis = indexVnis(fg);
  const settings = { hopLimit, failures };
  const locate = new Locator(undefined);
  const fast = analyseRouting(fg, sessions);
  const slow = analyseRouting(fg, sessions, undefined, true);
  return {
    fast: { settings, fg, sessions, vnis, locate, routing: fast, vrfRoutes: analyseVrfRoutes(fg, fast) },
    slow: { settings, fg, sessions, vnis, locate, routing: slow, vrfRoutes: analyseVrfRoutes(fg, slow) },
  };
}

const seeds = 50;

describe('two-tier set arithmetic against the path-vector engine', () => {
  it('the unedited fabric is a two-tier Clos', () => {
    expect(base.length).toBe(14);
    expect(contexts(base, 1).fast.routing.method).toBe('two-tier');
  });

  let twoTier = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    it(`random edits #${seed}`, () => {
      const models = mutate(seed);
      // Failures 1 or 2; every third run with a hop limit of 4, where a failure leaves longer paths.
      const { fast, slow } = contexts(models, 1 + (seed % 2), seed % 3 === 0 ? 4 : 2);
      expect(slow.routing.method).toBe('generic');
      expect([...fast.routing.sessionUp]).toEqual([...slow.routing.sessionUp]);
      if (fast.routing.method !== 'two-tier') return;
      twoTier++;
      for (const origin of fast.fg.leaves) {
        const a = fast.routing.underlayFrom(origin);
        const b = slow.routing.underlayFrom(origin);
        const ea = fast.routing.evpnFrom(origin);
        const eb = slow.routing.evpnFrom(origin);
        for (const at of fast.fg.leaves) {
          if (at === origin) continue;
          expect(a[at], `ECMP width ${origin}→${at}`).toBe(b[at]);
          expect(ea.kept[at], `EVPN next-hop-kept paths ${origin}→${at}`).toBe(eb.kept[at]);
          expect(ea.paths[at], `EVPN paths ${origin}→${at}`).toBe(eb.paths[at]);
        }
      }
      const messages = (ctx: VerifyContext): string[] => checkFailures(ctx).diagnostics.map((d) => `${d.code} ${d.message}`).sort();
      expect(messages(fast)).toEqual(messages(slow));
      // The routes that enter VRFs at borders and at leaves with BGP hosts, and the exits' failure analysis.
      const exits = (ctx: VerifyContext): string[] => [...checkExits(ctx).diagnostics, ...checkHostPools(ctx).diagnostics].map((d) => `${d.code} ${d.message}`).sort();
      expect(exits(fast)).toEqual(exits(slow));
    });
  }
  it('most random edits keep the fabric two-tier, so the comparison ran', () => {
    expect(twoTier).toBeGreaterThan(25);
  });
  it('some of them withhold routes between two leaves of one ASN that accept it (the peer-AS check)', () => {
    let withheld = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const { fast } = contexts(mutate(seed), 1);
      if (fast.routing.method !== 'two-tier') continue;
      const { up, upSameAsn } = fast.routing;
      const leaves = fast.fg.leaves;
      const asn = (d: number): number => fast.fg.devices[d]?.model.bgp.asn ?? 0;
      const row = (d: number): number => fast.routing.leafRow[d] ?? 0;
      const sameAsnPairs = leaves.flatMap((a) => leaves.filter((b) => a !== b && asn(a) === asn(b)).map((b) => [a, b] as const));
      const accepts = (d: number): boolean => (fast.fg.devices[d]?.model.bgp.peerGroups ?? []).every((g) => (g.allowasIn ?? 0) >= 1);
      if (sameAsnPairs.some(([a, b]) => accepts(b) && up !== undefined && upSameAsn !== undefined && up.shared(row(a), upSameAsn, row(b)) < up.shared(row(a), up, row(b)))) withheld++;
    }
    expect(withheld).toBeGreaterThan(2);
  });
});
