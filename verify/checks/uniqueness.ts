/**
 * Check 2, uniqueness, fabric-wide: device names and ids, router-ids, loopback, VTEP and link
 * addresses; the ASN plan (one spine ASN, no leaf on it, shared leaf ASNs reported); VNIs across L2
 * and L3; one network per VLAN on each leaf; the same VLAN↔VNI mapping on every leaf that carries a
 * VNI, and in every section of one leaf; no VLAN a leaf's platform keeps for itself (the native
 * VLAN, EOS's internal range, NX-OS's reserved range); route distinguishers per device (clos makes
 * L2 RDs `<router-id>:<vlan>` and L3 RDs `<vtep>:<vrf id>`, which cannot collide, but a model edited
 * by hand can); ports; router MACs and VRF routing tables.
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { Findings, keysOf, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import type { DeviceModel, LinuxBridge } from '../../compiler/build/device-model.js';
import type { AddressKind } from '../graph.js';
import { formatAddress } from '../../compiler/shared/ipv4.js';
import { byVlan, vlanLookup } from '../analysis/vlan-lookup.js';
import { unread } from '../read-model.js';
import { listNames, plural } from '../locate.js';
import { nxosReservedVlans } from '../../compiler/resolve/settings.js';
import { lagName, sviName } from '../../compiler/build/naming.js';

export function checkUniqueness(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg } = ctx;

  for (const m of fg.duplicateNames) f.add(V.duplicateDeviceName, { device: m.name, at: [`${m.role}:${m.name}`] }, m.name);

  firstClash(
    fg.devices.map((d) => [d.model.id, d.index] as const),
    (id, a, b) => { f.add(V.duplicateDeviceId, { device: nameOf(ctx, b), at: keysOf(ctx, b) }, id, nameOf(ctx, a), nameOf(ctx, b)); },
  );
  firstClash(
    fg.devices.map((d) => [d.model.bgp.routerId, d.index] as const),
    (rid, a, b) => { f.add(V.duplicateRouterId, { device: nameOf(ctx, b), at: keysOf(ctx, b) }, rid, nameOf(ctx, a), nameOf(ctx, b)); },
  );

  // Underlay addresses: each on one interface of one device.
  const kinds: Record<AddressKind, typeof V.duplicateLoopback> = { loopback: V.duplicateLoopback, vtep: V.duplicateVtep, fabric: V.duplicateLinkAddress };
  // Entries made only for shared addresses (a copy of all 66,000 was most of this check's garbage).
  const shared = fg.owners.shared();
  shared.sort((a, b) => a[0] - b[0]);
  for (const [address, owners] of shared) {
    const first = owners[0];
    if (first === undefined) continue;
    const where = owners.map((o) => `${o.iface} of '${nameOf(ctx, o.device)}'`);
    const kind = owners.find((o) => o.kind !== 'fabric')?.kind ?? 'fabric';
    const second = owners[1]?.device ?? first.device;
    f.add(kinds[kind], { device: nameOf(ctx, second), at: [...keysOf(ctx, second), ...keysOf(ctx, first.device)] }, formatAddress(address), listNames(where, 4, false));
  }
  // A /31 used by two links.
  const subnets = new Map<string, number>();
  for (const link of fg.links) {
    const prev = subnets.get(link.a.iface.link);
    if (prev !== undefined && prev !== link.index) {
      const other = fg.links[prev];
      const who = `links ${nameOf(ctx, link.a.device)}-${nameOf(ctx, link.b.device)} and ${other === undefined ? '?' : `${nameOf(ctx, other.a.device)}-${nameOf(ctx, other.b.device)}`}`;
      f.add(V.duplicateLinkAddress, { device: nameOf(ctx, link.a.device), at: keysOf(ctx, link.a.device) }, link.a.iface.link, who);
    } else {
      subnets.set(link.a.iface.link, link.index);
    }
  }

  checkAsnPlan(ctx, f);
  checkVnis(ctx, f);
  const rdClashes = new Map<string, RdClash>();
  for (const d of fg.devices) checkDevice(ctx, f, d.index, rdClashes);
  for (const c of rdClashes.values()) {
    const keys = c.keys.flatMap((k) => [k, k.replace(/\.[a-z0-9]+$/, '')]);
    const vrfKeys = keys.filter((k) => k.startsWith('vrf:'));
    const names = c.devices.map((d) => nameOf(ctx, d));
    const devices = names.length <= 4 ? listNames(names) : `${names.length} leaves (${listNames(names, 4)})`;
    const first = c.devices[0] ?? 0;
    f.add(V.duplicateRd, { device: nameOf(ctx, first), at: [...vrfKeys, ...keys, ...keysOf(ctx, first)], hint: 'clos gives L2 instances <router-id>:<vlan> and VRFs <vtep>:<vrf id>, which never collide: compile the intent again rather than edit route distinguishers by hand' }, devices, c.devices.length === 1 ? c.rd : c.suffix, c.what);
  }

  checkRdsAcrossDevices(ctx, f);

  // Router MACs (the L3VNI bridge MAC of FRR leaves) differ between leaves.
  const rmacs = new Map<string, number[]>();
  for (const leaf of fg.leaves) {
    const m = fg.devices[leaf]?.model;
    const macs = new Set((m?.linux?.l3vniBridges ?? []).map((b) => b.mac.toLowerCase()));
    for (const mac of macs) push(rmacs, mac, leaf);
    const anycast = m?.anycastGateway?.mac.toLowerCase();
    if (anycast !== undefined && macs.has(anycast)) f.add(V.routerMacIsAnycastMac, { device: nameOf(ctx, leaf), at: ['fabric.evpn.anycast_mac', 'fabric.evpn', ...keysOf(ctx, leaf)] }, nameOf(ctx, leaf), anycast);
  }
  for (const [mac, leaves] of [...rmacs].sort()) {
    if (leaves.length > 1) f.add(V.duplicateRouterMac, { device: nameOf(ctx, leaves[1] ?? 0), at: keysOf(ctx, leaves[1] ?? 0) }, mac, listNames(leaves.map((l) => nameOf(ctx, l))));
  }

  return { diagnostics: f.list, summary: `${plural(fg.devices.length, 'device')}, ${plural(fg.owners.size, 'underlay address', 'underlay addresses')}, ${plural(ctx.vnis.byVni.size, 'VNI')}` };
}

/** The routing tables the Linux kernel reserves (`/etc/iproute2/rt_tables`). */
const reservedTables = new Map<number, string>([
  [0, 'unspecified'],
  [253, 'default'],
  [254, 'main'],
  [255, 'local'],
]);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function firstClash<K>(items: readonly (readonly [K, number])[], report: (key: K, first: number, again: number) => void): void {
  const seen = new Map<K, number>();
  for (const [key, index] of items) {
    const prev = seen.get(key);
    if (prev === undefined) seen.set(key, index);
    else report(key, prev, index);
  }
}

function checkAsnPlan(ctx: VerifyContext, f: Findings): void {
  const { fg } = ctx;
  const asn = (d: number): number => fg.devices[d]?.model.bgp.asn ?? -1;
  const spineAsns = new Map<number, number[]>();
  for (const s of fg.spines) push(spineAsns, asn(s), s);
  if (spineAsns.size > 1) {
    const plan = [...spineAsns].map(([a, list]) => `${a} on ${listNames(list.map((s) => nameOf(ctx, s)), 3)}`).join(', ');
    const odd = [...spineAsns.values()].sort((x, y) => x.length - y.length)[0]?.[0] ?? 0;
    f.add(V.spineAsnPlan, { device: nameOf(ctx, odd), at: [...keysOf(ctx, odd), 'fabric.asn.spine'] }, plan);
  }
  const spineSet = new Set(spineAsns.keys());
  const leafAsns = new Map<number, number[]>();
  for (const l of fg.leaves) {
    const a = asn(l);
    if (spineSet.has(a)) {
      f.add(V.leafAsnIsSpineAsn, { device: nameOf(ctx, l), at: [`leaf:${nameOf(ctx, l)}.asn`, ...keysOf(ctx, l)] }, nameOf(ctx, l), a);
      continue;
    }
    push(leafAsns, a, l);
  }
  for (const [a, leaves] of [...leafAsns].sort((x, y) => x[0] - y[0])) {
    if (leaves.length < 2) continue;
    // Reuse by design: every leaf of the ASN accepts its own ASN once on every session.
    if (leaves.every((l) => acceptsOwnAsn(ctx, l))) continue;
    const second = leaves[1] ?? 0;
    f.add(V.sharedLeafAsn, { device: nameOf(ctx, second), at: [`leaf:${nameOf(ctx, second)}.asn`, ...keysOf(ctx, second)] }, a, listNames(leaves.map((l) => nameOf(ctx, l))));
  }
}

function checkVnis(ctx: VerifyContext, f: Findings): void {
  for (const [vni, uses] of ctx.vnis.byVni) {
    if (ctx.vnis.uniform.has(vni)) continue;
    // One owner fabric-wide: a single network or a single VRF.
    const owners = new Map<string, number>();
    for (const u of uses) {
      const key = `${u.kind === 'l2' ? 'network' : 'VRF'} '${u.name}'`;
      if (!owners.has(key)) owners.set(key, u.device);
    }
    if (owners.size > 1) {
      const keys = [...owners.keys()].sort();
      const second = owners.get(keys[1] ?? '') ?? 0;
      const entity = (k: string): string => (k.startsWith('network') ? `network:${k.slice(9, -1)}` : `vrf:${k.slice(5, -1)}`);
      f.add(
        V.duplicateVni,
        { device: nameOf(ctx, second), at: keys.flatMap((k) => [`${entity(k)}.vni`, `${entity(k)}.l3vni`, entity(k)]).reverse() },
        vni,
        listNames(keys, 4, false),
      );
      continue;
    }
    // The same VLAN on every leaf.
    const vlans = new Map<number, number[]>();
    for (const u of uses) vlans.set(u.vlan, [...new Set([...(vlans.get(u.vlan) ?? []), u.device])]);
    if (vlans.size > 1) {
      const detail = [...vlans]
        .sort((a, b) => b[1].length - a[1].length || a[0] - b[0])
        .map(([vlan, devs]) => `VLAN ${vlan} on ${listNames(devs.map((d) => nameOf(ctx, d)), 3)}`)
        .join(', ');
      const odd = [...vlans].sort((a, b) => a[1].length - b[1].length)[0]?.[1][0] ?? 0;
      const u = uses[0];
      const entity = u?.kind === 'l2' ? `network:${u.name}` : `vrf:${u?.name ?? ''}`;
      f.add(V.vlanVniMapping, { device: nameOf(ctx, odd), at: [`${entity}.vlan`, entity] }, `VNI ${vni}`, detail);
    }
  }
}

interface RdClash {
  readonly rd: string;
  readonly suffix: string;
  readonly what: string;
  readonly keys: readonly string[];
  readonly devices: number[];
}

/*
 * checkDevice runs on every device of the fabric, so each rule has a fast path for what the build
 * writes (VLANs by id, VRFs by name in every section, distinct RDs and ports) that allocates next
 * to nothing, and falls back to the general comparison, which also explains what differs, when a
 * model (edited by hand) does not fit it. Measured: the general code allocated ~180 MB on a
 * thousand-leaf fabric, a fifth of verification's allocation (bench/PROFILE.md, round 3).
 */
function checkDevice(ctx: VerifyContext, f: Findings, device: number, rdClashes: Map<string, RdClash>): void {
  const d = ctx.fg.devices[device];
  if (d === undefined) return;
  const m = d.model;
  const name = d.name;
  const at = keysOf(ctx, device);

  // One network per VLAN.
  const vlanOf = vlanLookup(m.vlans, 'first');
  for (const vlan of vlanOf.repeated) {
    const uses = m.vlans.filter((v) => v.id === vlan).map((v) => (v.kind === 'l2' ? `network '${v.network ?? v.name}'` : `the L3VNI of VRF '${v.vrf}'`));
    const net = m.vlans.filter((v) => v.id === vlan).map((v) => (v.kind === 'l2' ? `network:${v.network ?? v.name}.vlan` : `vrf:${v.vrf}.vlan`));
    f.add(V.vlanConflict, { device: name, at: [...net, ...at] }, name, vlan, listNames(uses, 4, false));
  }

  // No VLAN the platform keeps for itself: the trunks' native VLAN (EOS, NX-OS render it), EOS's
  // internal range, NX-OS's reserved VLANs.
  const native = m.platform === 'frr' ? undefined : m.edgePorts?.nativeVlan;
  const internal = m.internalVlans;
  // forEach, not for…of, in the per-device loops: they run on every device, mostly before they are
  // optimized, where for…of allocates an iterator result per element (bench/PROFILE.md, section 30).
  m.vlans.forEach((v) => {
    const why =
      v.id === native
        ? 'it is the native VLAN of its trunk ports'
        : internal !== null && v.id >= internal.first && v.id <= internal.last
          ? `EOS takes its internal VLANs from ${internal.first}-${internal.last}`
          : m.platform === 'nxos' && v.id >= nxosReservedVlans.first && v.id <= nxosReservedVlans.last
            ? `NX-OS reserves ${nxosReservedVlans.first}-${nxosReservedVlans.last} for itself`
            : undefined;
    if (why === undefined) return;
    const use = v.kind === 'l2' ? `network '${v.network ?? v.name}'` : `the L3VNI of VRF '${v.vrf}'`;
    const key = v.kind === 'l2' ? `network:${v.network ?? v.name}.vlan` : `vrf:${v.vrf}.vlan`;
    f.add(V.vlanReserved, { device: name, at: [key, ...at] }, name, v.id, use, why);
  });

  // Sections agree on VLAN ↔ VNI.
  const problems: string[] = [];
  const l2 = m.vxlan?.l2vnis ?? [];
  l2.forEach((v) => {
    const x = vlanOf.get(v.vlan);
    if (x?.vni !== v.vni) problems.push(`vxlan maps VNI ${v.vni} to VLAN ${v.vlan}, which the VLAN list ${x === undefined ? 'lacks' : `maps to VNI ${x.vni}`}`);
  });
  // EVPN and vxlan list the same VNIs in the same (VNI) order; compare the maps only when they do not.
  const ev = m.bgp.evpn.vnis;
  let aligned = l2.length === ev.length;
  for (let i = 0; aligned && i < l2.length; i++) aligned = l2[i]?.vni === ev[i]?.vni && l2[i]?.vlan === ev[i]?.vlan;
  if (!aligned) {
    const vxlanVnis = new Map(l2.map((v) => [v.vni, v.vlan]));
    for (const e of ev) {
      if (vxlanVnis.get(e.vni) !== e.vlan) problems.push(`EVPN maps VNI ${e.vni} to VLAN ${e.vlan}, vxlan to ${vxlanVnis.get(e.vni) ?? 'nothing'}`);
    }
    const evpnVnis = new Set(ev.map((e) => e.vni));
    for (const v of l2) if (!evpnVnis.has(v.vni)) problems.push(`VNI ${v.vni} is in vxlan but has no EVPN section`);
  }
  m.interfaces.svis.forEach((svi) => {
    const x = vlanOf.get(svi.vlan);
    if (x?.network !== svi.network) problems.push(`the SVI of network '${svi.network}' is on VLAN ${svi.vlan}, ${x === undefined ? 'which the VLAN list lacks' : `the VLAN of ${x.network === null ? `VRF '${x.vrf}'` : `network '${x.network}'`}`}`);
    else if (x.vrf !== svi.vrf) problems.push(`the SVI of network '${svi.network}' routes in VRF '${svi.vrf}', the network's VLAN is in VRF '${x.vrf}'`);
  });
  // What each platform renders from a copy agrees with what the checks read (what they analyse is
  // what is configured): the L3VNI interfaces' VRFs, the VRFs' route targets and RDs (NX-OS writes
  // them from vrfs[], the checks read bgp.vrfs[]), the VXLAN source, FRR's Linux bridges, and the
  // hosts' peer groups.
  renderedCopies(m, problems);
  // The VRFs against their L3VNIs and their BGP sections: positionally when a section lists the
  // same VRFs in the same order (the BGP sections do; the L3VNIs are by VNI), else by name.
  const l3vnis = m.vxlan?.l3vnis ?? [];
  if (sameNames(m.vrfs, l3vnis, (v) => v.vrf)) {
    m.vrfs.forEach((v, i) => {
      const x = l3vnis[i];
      if (x !== undefined && x.vni !== v.l3vni) problems.push(`VRF '${v.name}' has L3VNI ${v.l3vni}, vxlan ${x.vni}`);
    });
  } else {
    const l3 = new Map(l3vnis.map((v) => [v.vrf, v.vni]));
    for (const v of m.vrfs) if (l3.get(v.name) !== v.l3vni) problems.push(`VRF '${v.name}' has L3VNI ${v.l3vni}, vxlan ${l3.get(v.name) ?? 'none'}`);
  }
  const bgpAligned = sameNames(m.vrfs, m.bgp.vrfs, (b) => b.vrf);
  if (bgpAligned) {
    m.bgp.vrfs.forEach((b, i) => {
      const v = m.vrfs[i];
      if (v !== undefined && v.l3vni !== b.l3vni) problems.push(`BGP VRF '${b.vrf}' has L3VNI ${b.l3vni}, the VRF ${v.l3vni}`);
    });
  } else {
    const vrfByName = new Map(m.vrfs.map((v) => [v.name, v]));
    for (const b of m.bgp.vrfs) {
      const v = vrfByName.get(b.vrf);
      if (v?.l3vni !== b.l3vni) problems.push(`BGP VRF '${b.vrf}' has L3VNI ${b.l3vni}, the VRF ${v?.l3vni ?? 'does not exist'}`);
    }
  }
  if (problems.length > 0) f.add(V.sectionMismatch, { device: name, at }, name, problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : ''));

  // Route distinguishers: collected here, reported fabric-wide by the caller. When every VRF's
  // RD is its BGP section's and all RDs differ, there is nothing to collect.
  const vrfRdsInBgp = bgpAligned && m.vrfs.every((v, i) => v.rd === m.bgp.vrfs[i]?.rd);
  if (!vrfRdsInBgp || !distinct(ev.map((e) => e.rd).concat(m.bgp.vrfs.map((v) => v.rd)))) collectRdClashes(m, device, rdClashes);

  // Ports: every interface name and port number once.
  const portNames = m.interfaces.fabric.map((i) => i.name).concat(m.interfaces.servers.map((i) => i.name));
  if (!distinct(portNames)) {
    const portCount = new Map<string, number>();
    for (const port of portNames) portCount.set(port, (portCount.get(port) ?? 0) + 1);
    for (const [port, count] of portCount) {
      if (count < 2) continue;
      const uses = [...m.interfaces.fabric.filter((i) => i.name === port).map((i) => `the link to '${i.peer.device}'`), ...m.interfaces.servers.filter((i) => i.name === port).map((i) => `server '${i.server}'`)];
      f.add(V.duplicatePort, { device: name, at }, name, port, listNames(uses, 4, false));
    }
  }

  // VRF routing tables: Linux's own tables are no VRF's (FRR; EOS and NX-OS number none).
  if (m.linux !== null) {
    for (const v of m.vrfs) {
      const which = reservedTables.get(v.tableId);
      if (which !== undefined) f.add(V.reservedVrfTable, { device: name, at: [`vrf:${v.name}.id`, ...at] }, name, v.name, v.tableId, which);
    }
  }
  if (!distinct(m.vrfs.map((v) => v.tableId))) {
    const tables = new Map<number, string[]>();
    for (const v of m.vrfs) push(tables, v.tableId, v.name);
    for (const [table, vrfs] of tables) {
      if (vrfs.length > 1) f.add(V.duplicateVrfTable, { device: name, at: [...vrfs.map((v) => `vrf:${v}.id`), ...at] }, name, table, listNames(vrfs));
    }
  }
}

/** The general RD comparison: which RDs of a device are used more than once, and by what. */
function collectRdClashes(m: DeviceModel, device: number, rdClashes: Map<string, RdClash>): void {
  const rdCount = new Map<string, number>();
  const countRd = (rd: string): void => {
    rdCount.set(rd, (rdCount.get(rd) ?? 0) + 1);
  };
  for (const e of m.bgp.evpn.vnis) countRd(e.rd);
  for (const v of m.bgp.vrfs) countRd(v.rd);
  const bgpRds = new Set(m.bgp.vrfs.map((b) => `${b.vrf} ${b.rd}`));
  for (const v of m.vrfs) if (!bgpRds.has(`${v.name} ${v.rd}`)) countRd(v.rd);
  const rds = new Map<string, { what: string; key: string }[]>();
  const addRd = (rd: string, what: string, key: string): void => {
    if ((rdCount.get(rd) ?? 0) > 1) push(rds, rd, { what, key });
  };
  for (const e of m.bgp.evpn.vnis) addRd(e.rd, `VNI ${e.vni} (network '${e.network}')`, `network:${e.network}.vlan`);
  for (const v of m.bgp.vrfs) addRd(v.rd, `VRF '${v.vrf}'`, `vrf:${v.vrf}.id`);
  for (const v of m.vrfs) if (!bgpRds.has(`${v.name} ${v.rd}`)) addRd(v.rd, `VRF '${v.name}'`, `vrf:${v.name}.id`);
  for (const [rd, uses] of rds) {
    if (uses.length < 2) continue;
    const suffix = rd.startsWith(`${m.bgp.routerId}:`) ? `<router-id>:${rd.slice(m.bgp.routerId.length + 1)}` : rd;
    const what = listNames(uses.map((u) => u.what), 4, false);
    const key = `${suffix}|${what}`;
    const entry = rdClashes.get(key) ?? { rd, suffix, what, keys: uses.map((u) => u.key), devices: [] };
    entry.devices.push(device);
    rdClashes.set(key, entry);
  }
}

/** Whether `others` names the VRFs of `vrfs` one for one, in the same order, and the names ascend (so each is once). */
function sameNames<T>(vrfs: readonly { readonly name: string }[], others: readonly T[], nameOfOther: (o: T) => string): boolean {
  if (vrfs.length !== others.length) return false;
  for (let i = 0; i < vrfs.length; i++) {
    const v = vrfs[i];
    const o = others[i];
    if (v === undefined || o === undefined || v.name !== nameOfOther(o)) return false;
    if (i > 0 && !((vrfs[i - 1]?.name ?? '') < v.name)) return false;
  }
  return true;
}

/** Whether no value occurs twice. */
function distinct(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

/** Whether every peer group of a device accepts routes carrying its own ASN (allowas-in). */
function acceptsOwnAsn(ctx: VerifyContext, device: number): boolean {
  const groups = ctx.fg.devices[device]?.model.bgp.peerGroups ?? [];
  return groups.length > 0 && groups.every((g) => (g.allowasIn ?? 0) >= 1);
}

/** VXLAN's UDP port on every VTEP clos builds (RFC 7348's IANA port): a VTEP on another hears none. */
const vxlanUdpPort = 4789;

/**
 * CLOS5035, the copies a platform renders: each must be what the checks read, or the proof is of
 * another configuration than the one deployed (issue: verifier audit of hand edits).
 */
function renderedCopies(m: DeviceModel, problems: string[]): void {
  const vrfByVlan = new Map<number, string>();
  for (const v of m.vrfs) vrfByVlan.set(v.vlan, v.name);
  m.interfaces.l3vnis.forEach((l) => {
    const vrf = vrfByVlan.get(l.vlan);
    if (vrf !== l.vrf) problems.push(`the L3VNI interface ${l.name} routes in VRF '${l.vrf}', ${vrf === undefined ? `VLAN ${l.vlan} is no VRF's L3VNI VLAN` : `VLAN ${l.vlan} is the L3VNI VLAN of VRF '${vrf}'`}`);
  });
  const bgpByName = sameNames(m.vrfs, m.bgp.vrfs, (b) => b.vrf) ? undefined : new Map(m.bgp.vrfs.map((b) => [b.vrf, b]));
  m.vrfs.forEach((v, i) => {
    const b = bgpByName === undefined ? m.bgp.vrfs[i] : bgpByName.get(v.name);
    if (b === undefined) return; // a VRF without its BGP section: the L3VNI comparison above says so
    if (!sameList(v.routeTargets.import, b.routeTargets.import) || !sameList(v.routeTargets.export, b.routeTargets.export)) {
      problems.push(`VRF '${v.name}' has route targets import ${v.routeTargets.import.join(' ') || 'none'} export ${v.routeTargets.export.join(' ') || 'none'}, its BGP section import ${b.routeTargets.import.join(' ') || 'none'} export ${b.routeTargets.export.join(' ') || 'none'}`);
    }
    if (v.rd !== b.rd) problems.push(`VRF '${v.name}' has RD ${v.rd}, its BGP section ${b.rd}`);
  });
  const vx = m.vxlan;
  const vtep = m.interfaces.vtep;
  if (vx !== null && vtep !== null) {
    const address = vtep.address.replace(/\/\d+$/, '');
    if (vx.sourceAddress !== address) problems.push(`vxlan's source address is ${vx.sourceAddress}, the VTEP loopback's ${address}`);
    const sourceInterface = unread(vx.sourceInterface);
    const udpPort = unread(vx.udpPort);
    if (sourceInterface !== undefined && sourceInterface !== vtep.name) problems.push(`vxlan's source interface is ${sourceInterface}, the VTEP loopback is ${vtep.name}`);
    if (udpPort !== undefined && udpPort !== vxlanUdpPort) problems.push(`vxlan's UDP port is ${udpPort}, every VTEP's is ${vxlanUdpPort}`);
  }
  const linux = m.linux;
  if (linux !== null) {
    const svis = byVlan(m.interfaces.svis);
    linux.bridges.forEach((b) => {
      const svi = svis.get(b.vlan);
      const routed = svi !== undefined;
      if ((b.vrf ?? null) !== (svi?.vrf ?? null)) problems.push(`the Linux bridge ${b.name} routes in ${b.vrf === null ? 'no VRF' : `VRF '${b.vrf}'`}, ${svi !== undefined ? `its SVI in VRF '${svi.vrf}'` : 'and VLAN ' + String(b.vlan) + ' has no SVI'}`);
      const forwarding = unread(b.forwarding);
      const mtu = unread(b.mtu);
      const sessionAddress = unread(b.sessionAddress);
      const ownAddress = unread(b.ownAddress);
      if (forwarding !== undefined && forwarding !== routed) problems.push(`the Linux bridge ${b.name} has forwarding ${forwarding ? 'on' : 'off'}, ${routed ? 'but it is the gateway of its network' : 'but VLAN ' + String(b.vlan) + ' has no gateway on the leaf'}`);
      if (svi === undefined) return;
      if (mtu !== undefined && mtu !== svi.mtu) problems.push(`the Linux bridge ${b.name} has MTU ${mtu}, its SVI ${svi.mtu}`);
      if (sessionAddress !== undefined && sessionAddress !== svi.sessionAddress) problems.push(`the Linux bridge ${b.name} has session address ${sessionAddress ?? 'none'}, its SVI ${svi.sessionAddress ?? 'none'}`);
      if (ownAddress !== undefined && ownAddress !== svi.ownAddress) problems.push(`the Linux bridge ${b.name} has own address ${ownAddress ?? 'none'}, its SVI ${svi.ownAddress ?? 'none'}`);
    });
    linux.l3vniBridges.forEach((b) => {
      const vrf = vrfByVlan.get(b.vlan);
      if (b.vrf !== vrf) problems.push(`the L3VNI bridge ${b.name} routes in ${b.vrf === null ? 'no VRF' : `VRF '${b.vrf}'`}, ${vrf === undefined ? `VLAN ${b.vlan} is no VRF's L3VNI VLAN` : `VLAN ${b.vlan} is the L3VNI VLAN of VRF '${vrf}'`}`);
      if (unread(b.forwarding) === false) problems.push(`the L3VNI bridge ${b.name} has forwarding off: the VRF's routed traffic from other leaves is dropped`);
    });
    // interfaces.sh keeps an existing sub-interface by its name, which holds its parent and VLAN.
    for (const list of [linux.subinterfaces, m.interfaces.subinterfaces]) {
      for (const x of list) if (x.name !== `${x.parent}.${x.vlan}`) problems.push(`the sub-interface ${x.name} carries VLAN ${x.vlan}: interfaces.sh keeps an existing ${x.name} whatever its VLAN, so its name must be ${x.parent}.${x.vlan}`);
    }
    // interfaces.sh first deletes every VXLAN device not listed, then creates each bridge's: one
    // missing from the list is deleted and made again on every run (its VNI flaps).
    if (!vxlanDevicesInVniOrder(linux.vxlanDevices, linux.bridges, linux.l3vniBridges)) {
      const listed = new Set(linux.vxlanDevices);
      const used = new Set<string>();
      let missing = false;
      for (const list of [linux.bridges, linux.l3vniBridges]) {
        for (const b of list) {
          used.add(b.vxlan);
          if (listed.has(b.vxlan)) continue;
          missing = true;
          problems.push(`linux.vxlanDevices lacks ${b.vxlan} of bridge ${b.name}, so every run of interfaces.sh deletes it and makes it again`);
        }
      }
      const unused = missing || used.size < listed.size ? [...listed].filter((x) => !used.has(x)) : [];
      if (unused.length > 0) problems.push(`linux.vxlanDevices lists ${listNames(unused, 3, false)}, which no bridge uses`);
    }
  }
  m.bgp.vrfs.forEach((v) => {
    v.listenRanges.forEach((r) => {
      const g = v.peerGroups.find((p) => p.name === r.peerGroup);
      if (g !== undefined && g.remoteAs !== null && g.remoteAs !== r.remoteAs) problems.push(`peer group ${g.name} of VRF '${v.vrf}' has remote-as ${g.remoteAs}, its listen range ${r.prefix} ${r.remoteAs}`);
      // FRR writes the range without an ASN (`bgp listen range <prefix> peer-group <group>`) and
      // refuses one whose peer group has no remote-as (bgpd.c peer_group_listen_range_add:
      // BGP_ERR_PEER_GROUP_NO_REMOTE_AS): no host session would come up.
      else if (g?.remoteAs === null && m.platform === 'frr') problems.push(`peer group ${g.name} of VRF '${v.vrf}' has no remote-as, so FRR refuses its listen range ${r.prefix} (the range's AS ${r.remoteAs} is not written on FRR)`);
    });
  });
  platformNames(m, problems);
}

/**
 * EOS and NX-OS configure an SVI and a port-channel by its name: `interface Vlan110` is VLAN 110's
 * SVI whatever the model's `vlan` says, and a member joins `channel-group <number>`, the
 * port-channel `interface Port-Channel<number>` names. A name that is not its VLAN's or number's
 * would put the gateway on another VLAN, or the members in a port-channel without configuration;
 * the checks read `vlan` and `number`. NX-OS also maps each VLAN to its VNI from the VLAN list
 * (`vlan <id>` / `vn-segment <vni>`), the L3VNIs' VLANs included, which the VXLAN section does not
 * repeat: every L3VNI's VLAN must be there with its VNI, or the VRF has no L3VNI on the switch,
 * and must have its SVI (an L3VNI interface), or the VRF routes nothing between VTEPs.
 * FRR names its Linux devices from other fields, checked with them.
 */
function platformNames(m: DeviceModel, problems: string[]): void {
  const platform = m.platform;
  // A model of another platform (edited by hand) has no templates: CLOS5264 says so.
  if (platform !== 'eos' && platform !== 'nxos') return;
  m.interfaces.svis.forEach((s) => {
    const name = sviName(platform, s.vlan);
    if (s.name !== name) problems.push(`the SVI of network '${s.network}' is named ${s.name}, which ${platform === 'eos' ? 'EOS' : 'NX-OS'} configures as the SVI of another VLAN than its VLAN ${s.vlan} (${name})`);
  });
  m.interfaces.l3vnis.forEach((l) => {
    const name = sviName(platform, l.vlan);
    if (l.name !== name) problems.push(`the L3VNI interface of VRF '${l.vrf}' is named ${l.name}, not ${name}, the SVI of its VLAN ${l.vlan}`);
  });
  m.interfaces.lags.forEach((l) => {
    const name = lagName(platform, l.number);
    if (l.name !== name) problems.push(`port-channel ${l.name} has number ${l.number}: its members join channel-group ${l.number}, which is ${name}`);
  });
  if (platform !== 'nxos') return;
  // NX-OS enables BFD (`feature bfd`, and `no ip redirects` on the fabric interfaces, which BFD
  // needs) from the device's BFD timers; a peer group's `bfd` without them configures BFD on a
  // switch where the feature is off ("You must enable the BFD feature before you can configure BFD
  // on an interface and protocol", Cisco, Configure and Verify BFD on Nexus 9000 Switches), so its
  // sessions run none. The VRFs' peer groups are the exits' and host pools' finding (bfdProblem).
  if (m.bfd === null) {
    const withBfd = m.bgp.peerGroups.filter((g) => g.bfd).map((g) => g.name);
    if (withBfd.length > 0) problems.push(`peer group${withBfd.length === 1 ? '' : 's'} ${listNames(withBfd, 3, false)} ${withBfd.length === 1 ? 'runs' : 'run'} BFD, but the device has no BFD timers (bfd), from which NX-OS enables the feature (feature bfd): its sessions run no BFD`);
  }
  const vlanOf = vlanLookup(m.vlans, 'first');
  const l3vniInterfaceVlans = new Set(m.interfaces.l3vnis.map((l) => l.vlan));
  (m.vxlan?.l3vnis ?? []).forEach((l) => {
    const v = vlanOf.get(l.vlan);
    if (v?.vni !== l.vni) problems.push(`the L3VNI ${l.vni} of VRF '${l.vrf}' is on VLAN ${l.vlan}, which the VLAN list ${v === undefined ? 'lacks' : `maps to VNI ${v.vni}`}: NX-OS maps a VLAN to its VNI there (vn-segment)`);
    // NX-OS routes a VRF's packets to and from other VTEPs through the SVI of its L3VNI's VLAN
    // (`interface Vlan<n>` with `vrf member` and `ip forward`, Cisco's VXLAN BGP EVPN configuration
    // guides); without it the VRF routes nothing between leaves.
    if (!l3vniInterfaceVlans.has(l.vlan)) problems.push(`the L3VNI ${l.vni} of VRF '${l.vrf}' has no interface on its VLAN ${l.vlan} (${sviName('nxos', l.vlan)}, with ip forward), through which NX-OS routes the VRF's packets between VTEPs`);
  });
}

/**
 * Whether the VXLAN device list is exactly the bridges' devices in the order of their VNIs, as the
 * build writes it: a merge walk of the two bridge lists, each walked in the direction its VNIs
 * rise (the build sorts bridges by VLAN, and L3VNIs may fall as their VLANs rise), without a set
 * per leaf (two sets of ~280 names on each of 1,000 leaves took 40–120 ms). False sends the caller
 * to the exact comparison, which says what differs.
 */
function vxlanDevicesInVniOrder(devices: readonly string[], a: readonly LinuxBridge[], b: readonly LinuxBridge[]): boolean {
  if (devices.length !== a.length + b.length) return false;
  const at = (list: readonly LinuxBridge[]): ((k: number) => LinuxBridge | undefined) => {
    const falling = list.length > 1 && (list[0]?.vni ?? 0) > (list[list.length - 1]?.vni ?? 0);
    return falling ? (k) => list[list.length - 1 - k] : (k) => list[k];
  };
  const ofA = at(a);
  const ofB = at(b);
  let i = 0;
  let j = 0;
  let last = -Infinity;
  for (const name of devices) {
    const x = i < a.length ? ofA(i) : undefined;
    const y = j < b.length ? ofB(j) : undefined;
    const next = x !== undefined && (y === undefined || x.vni < y.vni) ? x : y;
    if (next === undefined || next.vni <= last || next.vxlan !== name) return false;
    last = next.vni;
    if (next === x) i++;
    else j++;
  }
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A route distinguisher where it is configured: the device, and the instance (`VNI 10100 (network 'web')`, `VRF 'prod'`). */
interface RdUse {
  readonly device: number;
  readonly what: string;
  readonly key: string;
}

/**
 * Route distinguishers unique across devices (CLOS5033): two devices announcing one RD make the
 * route servers keep one of their routes, losing ECMP over borders and EVPN aliasing to
 * dual-homed servers. clos's RDs start with the device's own router-id or VTEP address, which the
 * checks above prove unique: those cannot collide, so only the others (edited by hand) and those
 * of devices sharing an address are compared, exactly, without a set of every RD of the fabric.
 */
function checkRdsAcrossDevices(ctx: VerifyContext, f: Findings): void {
  const { fg } = ctx;
  const owners = new Map<string, number[]>();
  const addressesOf = (m: DeviceModel): string[] => [m.bgp.routerId, ...(m.interfaces.vtep === null ? [] : [m.interfaces.vtep.address.replace(/\/\d+$/, '')])];
  for (const d of fg.devices) for (const a of new Set(addressesOf(d.model))) push(owners, a, d.index);
  const compared = new Map<string, RdUse[]>();
  /** Devices whose every RD is compared: those whose own prefix a foreign RD names, and those sharing an address. */
  const whole = new Set<number>();
  const foreign = (device: number, rd: string, what: string, key: string): void => {
    push(compared, rd, { device, what, key });
    for (const o of owners.get(rd.slice(0, rd.lastIndexOf(':'))) ?? []) whole.add(o);
  };
  for (const d of fg.devices) {
    const m = d.model;
    const addresses = addressesOf(m);
    const add = (rd: string, what: string, key: string): void => {
      foreign(d.index, rd, what, key);
    };
    if (addresses.some((a) => (owners.get(a)?.length ?? 0) > 1)) {
      whole.add(d.index);
      forEachRd(m, () => true, add);
      continue;
    }
    // The usual case, on every device: only RDs without the device's own prefix are kept.
    const a = `${addresses[0] ?? ''}:`;
    const b = `${addresses[1] ?? addresses[0] ?? ''}:`;
    forEachRd(m, (rd) => !rd.startsWith(a) && !rd.startsWith(b), add);
  }
  if (compared.size === 0) return;
  for (const device of whole) {
    const d = fg.devices[device];
    if (d === undefined) continue;
    forEachRd(
      d.model,
      (rd) => compared.has(rd),
      (rd, what, key) => {
        const uses = compared.get(rd) ?? [];
        if (!uses.some((u) => u.device === device && u.what === what)) uses.push({ device, what, key });
      },
    );
  }
  for (const [rd, uses] of compared) {
    const devices = [...new Set(uses.map((u) => u.device))].sort((a, b) => a - b);
    if (devices.length < 2) continue; // twice on one device: checkDevice says so
    uses.sort((a, b) => a.device - b.device);
    const names = devices.map((x) => nameOf(ctx, x));
    const what = listNames(uses.map((u) => `${u.what} on '${nameOf(ctx, u.device)}'`), 4, false);
    const last = devices.at(-1) ?? 0;
    f.add(V.duplicateRd, { device: nameOf(ctx, last), at: [...uses.map((u) => u.key), ...keysOf(ctx, last)], hint: 'an RD names one device\'s instance: clos gives L2 instances <router-id>:<vlan> and VRFs <vtep>:<vrf id>' }, listNames(names, 4), rd, what);
  }
}

/**
 * Each RD of a device that `keep` keeps, with what holds it and its intent key (made only for those:
 * `keep` runs on every RD of the fabric; forEach, not for…of, which allocates an iterator result
 * per item while unoptimized, bench/PROFILE.md, section 33).
 */
function forEachRd(m: DeviceModel, keep: (rd: string) => boolean, each: (rd: string, what: string, key: string) => void): void {
  m.bgp.evpn.vnis.forEach((e) => {
    if (keep(e.rd)) each(e.rd, `VNI ${e.vni} (network '${e.network}')`, `network:${e.network}.vlan`);
  });
  m.bgp.vrfs.forEach((v) => {
    if (keep(v.rd)) each(v.rd, `VRF '${v.vrf}'`, `vrf:${v.vrf}.id`);
  });
}
