/**
 * Check 6, overlay: every pair of leaves that share a VNI (L2 or L3) exchange EVPN routes over the
 * overlay sessions with the originating VTEP kept as next hop (route servers keep it:
 * `nextHopUnchanged`; FRR always does), relays keep routes they do not import
 * (`retainRouteTargetAll`; FRR always does), extended
 * communities carry the route targets, and for every VNI each leaf that carries it imports a
 * route target each other leaf exports for it — and none exported for another VNI of its tenant.
 * On FRR leaves the Linux bridges that interfaces.sh makes carry each VLAN in the VNI the EVPN
 * configuration gives it, through a VXLAN device of that VNI, and every VNI has its bridge (CLOS5108).
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { vxlanDeviceName } from '../../compiler/build/naming.js';
import { shareVni, vniSets, type VniUse } from '../analysis/vnis.js';
import { Findings, keysOf, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { listNames, plural } from '../locate.js';
import { routeEvidence } from './evidence.js';
import { maxGroupsReported } from './hop-bound.js';
import { describeGroup, groupPairs, type PairProblem } from './pairs.js';
import { unread } from '../read-model.js';
import { advertisesVnis, keepsEvpnNextHop, retainsEvpnRoutes, sendsExtendedCommunities } from '../analysis/platform-behaviour.js';

export function checkOverlay(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg, routing, vnis } = ctx;

  // What each device does with EVPN routes.
  for (const d of fg.devices) {
    const m = d.model;
    const evpnGroups = m.bgp.peerGroups.filter((g) => g.addressFamilies.l2vpnEvpn);
    const usedGroups = new Set(m.bgp.neighbors.map((n) => n.peerGroup));
    for (const g of evpnGroups) {
      if (!usedGroups.has(g.name)) continue;
      if (!sendsExtendedCommunities(m.platform, g)) f.add(V.communitiesNotSent, { device: d.name, at: keysOf(ctx, d.index) }, d.name, g.name);
    }
    const hasVnis = (m.vxlan?.l2vnis.length ?? 0) + (m.vxlan?.l3vnis.length ?? 0) > 0;
    if (d.role === 'spine' && evpnGroups.some((g) => usedGroups.has(g.name))) {
      // FRR keeps every EVPN route and its next hop whatever these fields say, and its template
      // renders neither: judged on EOS and NX-OS only (analysis/platform-behaviour.ts).
      if (!retainsEvpnRoutes(m) && !hasVnis) f.add(V.evpnRoutesDropped, { device: d.name, at: keysOf(ctx, d.index) }, d.name);
      for (const g of evpnGroups) {
        if (usedGroups.has(g.name) && !keepsEvpnNextHop(m.platform, g)) f.add(V.nextHopRewritten, { device: d.name, at: keysOf(ctx, d.index) }, d.name, g.name);
      }
    }
    if (d.role === 'leaf' && hasVnis && routing.evpnOrigin[d.index] !== 1) {
      const why = advertisesVnis(m) ? 'it has no EVPN VNI or BGP VRF section' : 'advertise-all-vni is off';
      f.add(V.evpnNotOriginated, { device: d.name, at: keysOf(ctx, d.index) }, d.name, why);
    }
    // Every gateway subnet enters its VRF's EVPN as a type-5 route from the leaf's own connected
    // routes: the analyses (route limits, exits, host pools) count on it. A model that says false
    // (edited by hand; one without the field is not judged) originates none.
    if (d.role === 'leaf') {
      m.bgp.vrfs.forEach((v) => {
        if (unread(v.redistributeConnected) !== false || !m.interfaces.svis.some((s) => s.vrf === v.vrf)) return;
        f.add(V.evpnNotOriginated, { device: d.name, at: [`vrf:${v.vrf}`, ...keysOf(ctx, d.index)] }, d.name, `VRF '${v.vrf}' does not redistribute its connected subnets, so its gateways' subnets reach no other leaf or border as type-5 routes`);
      });
    }
    if (d.role === 'leaf' && m.linux !== null && m.vxlan !== null) {
      const problems = linuxVniProblems(m.linux.bridges, m.vxlan.l2vnis, 'network').concat(linuxVniProblems(m.linux.l3vniBridges, m.vxlan.l3vnis, 'L3VNI'));
      if (problems.length > 0) f.add(V.linuxVniMismatch, { device: d.name, at: keysOf(ctx, d.index) }, d.name, `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`);
    }
  }

  // Leaves that share a VNI exchange routes, next hop kept.
  const vnisOf = vniSets(vnis);
  const problems: PairProblem[] = [];
  let sharing = 0;
  for (const a of fg.leaves) {
    if (routing.evpnOrigin[a] !== 1) continue;
    const { kept } = routing.evpnFrom(a);
    // forEach, not for-of: that allocated an iterator result per pair here.
    fg.leaves.forEach((b) => {
      if (b !== a && (kept[b] ?? 0) <= 0 && shareVni(vnisOf, a, b)) problems.push({ origin: a, receiver: b });
    });
  }
  let budget = 20;
  const groups = groupPairs(problems);
  for (const g of groups.slice(0, maxGroupsReported)) {
    const { together } = describeGroup(g, (d) => nameOf(ctx, d));
    const shared = [...vnisOf(g.first.origin)].filter((v) => vnisOf(g.first.receiver).has(v)).sort((x, y) => x - y);
    const vniText = `${shared.length === 1 ? 'VNI' : 'VNIs'} ${listNames(shared.map(String), 3, false)}`;
    const sentence = `${together} cannot exchange EVPN routes with the VTEP as next hop${g.bothWays ? '' : ' (in at least one direction)'}, though they share ${vniText}`;
    const related = budget-- > 0 ? routeEvidence(ctx, routing.traceEvpn(g.first.origin), g.first.receiver, 'EVPN') : [];
    f.add(V.evpnUnreachable, { device: nameOf(ctx, g.hub), at: keysOf(ctx, g.hub), related }, sentence);
  }
  if (groups.length > maxGroupsReported) {
    f.add(V.evpnUnreachable, {}, `and ${groups.length - maxGroupsReported} more leaves cannot exchange EVPN routes with leaves they share VNIs with`);
  }

  // One VNI per network and one L3VNI per VRF, on every leaf.
  checkVniSplits(ctx, f);
  // Route targets, per VNI.
  checkRouteTargets(ctx, f);
  for (const uses of vnis.byVni.values()) if ((uses[0]?.device ?? -1) !== (uses.at(-1)?.device ?? -1)) sharing++;
  return { diagnostics: f.list, summary: `${plural(vnis.byVni.size, 'VNI')}, ${sharing} on more than one leaf (${routing.method} propagation)` };
}

/**
 * A network is one VNI, and a VRF one L3VNI, on every leaf (CLOS5109). A leaf that gives one of them
 * another VNI (its model edited by hand, or compiled from another intent) is alone on that VNI: the
 * checks per VNI see nothing wrong there, but its hosts and routes never meet the other leaves'.
 * Uniform VNIs are read at their first use, as elsewhere: the leaves are listed only for a split.
 */
function checkVniSplits(ctx: VerifyContext, f: Findings): void {
  const { vnis } = ctx;
  const byEntity = new Map<string, number[]>();
  vnis.byVni.forEach((uses, vni) => {
    (vnis.uniform.has(vni) ? uses.slice(0, 1) : uses).forEach((u) => {
      const key = entityKey(u);
      const list = byEntity.get(key);
      if (list === undefined) byEntity.set(key, [vni]);
      else if (!list.includes(vni)) list.push(vni);
    });
  });
  byEntity.forEach((list, key) => {
    if (list.length < 2) return;
    const leavesOn = list.map((vni) => ({ vni, leaves: [...new Set((vnis.byVni.get(vni) ?? []).filter((u) => entityKey(u) === key).map((u) => u.device))] }));
    // The VNI of the most leaves first; the finding names a leaf of another.
    leavesOn.sort((a, b) => b.leaves.length - a.leaves.length || a.vni - b.vni);
    const first = vnis.byVni.get(list[0] ?? 0)?.find((u) => entityKey(u) === key);
    if (first === undefined) return;
    const what = first.kind === 'l2' ? `network '${first.name}'` : `VRF '${first.name}'`;
    const detail = leavesOn.map((x) => `${first.kind === 'l2' ? 'VNI' : 'L3VNI'} ${x.vni} on ${listNames(x.leaves.map((d) => nameOf(ctx, d)).sort(), 3)}`).join(', ');
    const device = leavesOn[1]?.leaves[0] ?? 0;
    f.add(V.vniSplit, { device: nameOf(ctx, device), at: [key, ...keysOf(ctx, device)] }, what, detail);
  });
}

function entityKey(u: VniUse): string {
  return u.kind === 'l2' ? `network:${u.name}` : `vrf:${u.name}`;
}

function describeUse(u: VniUse): string {
  return u.kind === 'l2' ? `VNI ${u.vni} (network '${u.name}')` : `L3VNI ${u.vni} (VRF '${u.name}')`;
}

function checkRouteTargets(ctx: VerifyContext, f: Findings): void {
  const { vnis } = ctx;
  let reported = 0;
  const crossSeen = new Set<string>();
  // Who exports each route target, fabric-wide: one entry per VNI and kind.
  const exporters = new Map<string, VniUse[]>();
  // forEach, not for…of, over the VNIs (4,000 on the scale target): see tenant isolation.
  vnis.byVni.forEach((uses, vni) => {
    const seen = new Set<string>();
    (vnis.uniform.has(vni) ? uses.slice(0, 1) : uses).forEach((u) => {
      for (const rt of u.routeTargets?.export ?? []) {
        const k = `${u.kind} ${rt}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const list = exporters.get(rt);
        if (list === undefined) exporters.set(rt, [u]);
        else list.push(u);
      }
    });
  });
  vnis.byVni.forEach((uses, vni) => {
    const uniform = vnis.uniform.has(vni);
    const one = uses[0];
    if (uniform && one !== undefined) {
      const own = new Set(one.routeTargets?.import ?? []);
      const fine = uses.length < 2 || (one.routeTargets?.export ?? []).some((rt) => own.has(rt));
      const cross = (one.routeTargets?.import ?? []).some((rt) => (exporters.get(rt) ?? []).some((o) => o.vni !== vni && o.tenant === one.tenant));
      if (fine && !cross) return;
    }
    // One use per device and kind.
    const seen = new Set<string>();
    const carriers = uses.filter((u) => {
      const k = `${u.device}:${u.kind}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    // Group exporters by what they export; each importer must match every group.
    const byExport = new Map<string, VniUse[]>();
    for (const u of carriers) {
      const key = [...(u.routeTargets?.export ?? [])].sort().join(' ');
      const list = byExport.get(key);
      if (list === undefined) byExport.set(key, [u]);
      else list.push(u);
    }
    const missing = new Map<string, { importers: VniUse[]; exporters: VniUse[]; rts: string }>();
    for (const imp of carriers) {
      const imports = new Set(imp.routeTargets?.import ?? []);
      for (const [key, group] of byExport) {
        const others = group.filter((g) => g.device !== imp.device);
        if (others.length === 0) continue;
        const rts = key === '' ? [] : key.split(' ');
        if (rts.some((rt) => imports.has(rt))) continue;
        const k = `${key}|${others.map((o) => o.device).join(',')}`;
        const entry = missing.get(k) ?? { importers: [], exporters: others, rts: rts.length === 0 ? '' : listNames(rts, 3, false) };
        entry.importers.push(imp);
        missing.set(k, entry);
      }
    }
    for (const e of missing.values()) {
      if (reported++ >= maxGroupsReported) continue;
      const first = e.importers[0];
      if (first === undefined) continue;
      const importers = listNames(e.importers.map((u) => nameOf(ctx, u.device)));
      const exportersText = listNames(e.exporters.map((u) => nameOf(ctx, u.device)));
      const key = entityKey(first);
      f.add(V.routeTargetNotImported, { device: nameOf(ctx, first.device), at: [`${key}.vni`, `${key}.l3vni`, key, ...keysOf(ctx, first.device)] }, importers, describeUse(first), e.rts, exportersText);
    }
    // Imports of route targets exported for another VNI of the same tenant.
    for (const imp of carriers) {
      for (const rt of imp.routeTargets?.import ?? []) {
        for (const other of exporters.get(rt) ?? []) {
          if (other.vni === vni || other.tenant !== imp.tenant) continue;
          const once = `${imp.kind}:${vni}:${rt}:${other.kind}:${other.vni}`;
          if (crossSeen.has(once)) continue;
          crossSeen.add(once);
          if (reported++ >= maxGroupsReported) continue;
          const key = entityKey(imp);
          f.add(V.crossVniImport, { device: nameOf(ctx, imp.device), at: [key, ...keysOf(ctx, imp.device)] }, nameOf(ctx, imp.device), describeUse(imp), rt, describeUse(other));
        }
      }
    }
  });
  if (reported > maxGroupsReported) f.add(V.routeTargetNotImported, {}, `${reported - maxGroupsReported} more leaf groups`, 'other VNIs', 'the route targets', 'their peers');
}

/**
 * What differs between the bridges interfaces.sh makes (a VXLAN device `vxlan<vni>` with that VNI
 * per bridge) and the VNIs, by VLAN, that the EVPN configuration advertises.
 */
function linuxVniProblems(bridges: readonly { name: string; vlan: number; vni: number; vxlan: string }[], vnis: readonly { vni: number; vlan: number }[], what: string): string[] {
  const out: string[] = [];
  const byVlan = new Map(vnis.map((v) => [v.vlan, v.vni]));
  const bridged = new Set<number>();
  for (const b of bridges) {
    const vni = byVlan.get(b.vlan);
    bridged.add(b.vlan);
    if (vni === undefined) out.push(`${what} bridge ${b.name} carries VLAN ${b.vlan} in VNI ${b.vni}, which EVPN does not advertise`);
    else if (b.vni !== vni) out.push(`${what} bridge ${b.name} carries VLAN ${b.vlan} in VNI ${b.vni}, EVPN advertises it as VNI ${vni}`);
    const device = vxlanDeviceName(b.vni);
    if (b.vxlan !== device) out.push(`${what} bridge ${b.name} names its VXLAN device ${b.vxlan}, not ${device}`);
  }
  for (const v of vnis) if (!bridged.has(v.vlan)) out.push(`VNI ${v.vni} (VLAN ${v.vlan}) has no ${what} bridge, so no traffic of it enters or leaves the leaf`);
  return out;
}
