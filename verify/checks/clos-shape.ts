/**
 * Check 1, Clos shape: every full-mesh leaf has exactly one link to every spine (an explicitly
 * cabled leaf's missing spines are the intent's choice and only reported); no leaf-leaf or
 * spine-spine links or sessions; both ends of each link hold the two addresses of one /31 and agree
 * on it; equal MTU on both ends; underlay MTU ≥ largest network MTU + 50 (VXLAN over IPv4).
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { Findings, keysOf, linkKeys, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { thisEnd, type FabricLink, type LinkEnd } from '../graph.js';
import { isAddressText } from '../analysis/address-text.js';
import { formatAddress } from '../../compiler/shared/ipv4.js';
import { listNames, plural } from '../locate.js';
import { unread } from '../read-model.js';

/** VXLAN over IPv4 adds 50 bytes to every tenant frame. */
export const vxlanOverhead = 50;

export function checkClosShape(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg } = ctx;

  for (const d of fg.dangling) {
    f.add(V.danglingInterface, { device: nameOf(ctx, d.device), at: keysOf(ctx, d.device) }, nameOf(ctx, d.device), d.iface.name, d.why);
  }

  // Leaf ↔ spine cabling. forEach, not for…of, in the loops over links and sessions: they run
  // once, mostly before they are optimized, where for…of allocates an iterator result per element
  // (bench/PROFILE.md, sections 30 and 33).
  for (const leaf of fg.leaves) {
    const count = new Map<number, number>();
    (fg.linksOf[leaf] ?? []).forEach((li) => {
      const link = fg.links[li];
      if (link === undefined) return;
      const other = link.a.device === leaf ? link.b.device : link.a.device;
      if (fg.devices[other]?.role === 'spine') count.set(other, (count.get(other) ?? 0) + 1);
    });
    const leafName = nameOf(ctx, leaf);
    const missing = fg.spines.filter((s) => !count.has(s));
    const explicit = fg.devices[leaf]?.model.cabling === 'explicit';
    if (explicit && missing.length > 0) {
      f.add(V.explicitCabling, { device: leafName, at: keysOf(ctx, leaf) }, leafName, missing.length === 1 ? `spine '${nameOf(ctx, missing[0] ?? 0)}'` : `spines ${listNames(missing.map((s) => nameOf(ctx, s)), 8)}`);
    } else {
      for (const s of missing) {
        f.add(V.missingLink, { device: leafName, at: [...linkKeys(ctx, leaf, s)], related: [{ message: `spine '${nameOf(ctx, s)}'`, at: keysOf(ctx, s), optional: true }] }, leafName, nameOf(ctx, s));
      }
    }
    count.forEach((n, s) => {
      if (n > 1) f.add(V.duplicateLink, { device: leafName, at: linkKeys(ctx, leaf, s) }, leafName, nameOf(ctx, s), n);
    });
  }

  // Same-tier links and sessions.
  fg.links.forEach((link) => {
    const ra = fg.devices[link.a.device]?.role;
    if (ra === fg.devices[link.b.device]?.role) {
      const a = nameOf(ctx, link.a.device);
      const b = nameOf(ctx, link.b.device);
      f.add(V.sameTierLink, { device: a, at: [...keysOf(ctx, link.a.device), ...keysOf(ctx, link.b.device)] }, a, b, ra === 'spine' ? 'spines' : 'leaves', `a link (${link.a.iface.name}-${link.b.iface.name})`);
    }
  });
  ctx.sessions.sessions.forEach((s) => {
    const a = ctx.fg.statements[s.a];
    const b = ctx.fg.statements[s.b];
    if (a === undefined || b === undefined) return;
    const ra = fg.devices[a.device]?.role;
    if (ra !== fg.devices[b.device]?.role) return;
    const an = nameOf(ctx, a.device);
    const bn = nameOf(ctx, b.device);
    f.add(V.sameTierLink, { device: an, at: [...keysOf(ctx, a.device), ...keysOf(ctx, b.device)] }, an, bn, ra === 'spine' ? 'spines' : 'leaves', `a BGP session (${a.neighbor.purpose})`);
  });

  // Addressing and MTU of each link.
  fg.links.forEach((link) => {
    checkLink(ctx, f, link);
  });

  // Underlay MTU against the largest network MTU of each leaf.
  checkUnderlayMtu(ctx, f);
  checkDataPathMtu(ctx, f);

  const leaves = fg.leaves.length;
  return { diagnostics: f.list, summary: `${plural(fg.spines.length, 'spine')}, ${plural(leaves, 'leaf', 'leaves')}, ${plural(fg.links.length, 'link')}` };
}

function checkLink(ctx: VerifyContext, f: Findings, link: FabricLink): void {
  const a = nameOf(ctx, link.a.device);
  const b = nameOf(ctx, link.b.device);
  // Provenance keys only for a finding (32,000 links on a large fabric; no closure per link).
  const problems: string[] = [];
  const ca = link.a.cidr;
  const cb = link.b.cidr;
  if (ca === undefined || cb === undefined) {
    problems.push(`${ca === undefined ? `'${a}' has address '${link.a.iface.address}'` : `'${b}' has address '${link.b.iface.address}'`}, not a.b.c.d/31`);
  } else {
    if (ca.length !== 31 || cb.length !== 31) problems.push(`the ends are ${link.a.iface.address} and ${link.b.iface.address}, not /31s`);
    else if (ca.base !== cb.base) problems.push(`${link.a.iface.address} and ${link.b.iface.address} are in different /31s`);
    else if (ca.address === cb.address) problems.push(`both ends use ${formatAddress(ca.address)}`);
    recordedLink(ctx, link.a, problems);
    recordedLink(ctx, link.b, problems);
    const pa = link.a.iface.peer.address;
    const pb = link.b.iface.peer.address;
    if (!isAddressText(pa, cb.address, -1)) problems.push(`'${a}' expects the peer address ${pa}, but '${b}' has ${formatAddress(cb.address)}`);
    if (!isAddressText(pb, ca.address, -1)) problems.push(`'${b}' expects the peer address ${pb}, but '${a}' has ${formatAddress(ca.address)}`);
  }
  if (problems.length > 0) f.add(V.linkAddressing, { device: a, at: linkKeys(ctx, link.a.device, link.b.device) }, a, b, problems.join('; '));
  if (link.a.iface.mtu !== link.b.iface.mtu) {
    f.add(V.linkMtuMismatch, { device: a, at: ['fabric.mtu', ...linkKeys(ctx, link.a.device, link.b.device)] }, a, link.a.iface.mtu, b, link.b.iface.mtu);
  }
}

/** Whether an end records the link (its `link` text) as the /31 its address is in. */
function recordedLink(ctx: VerifyContext, end: LinkEnd, problems: string[]): void {
  const c = end.cidr;
  if (c !== undefined && !isAddressText(end.iface.link, c.base, c.length)) {
    problems.push(`'${nameOf(ctx, end.device)}' records the link as ${end.iface.link}, but its address is in ${formatAddress(c.base)}/${c.length}`);
  }
}

function checkUnderlayMtu(ctx: VerifyContext, f: Findings): void {
  const { fg } = ctx;
  /** network → its MTU, the too-small links and the smallest MTU among them. */
  const byNetwork = new Map<string, { mtu: number; links: string[]; smallest: number; leaf: number }>();
  for (const leaf of fg.leaves) {
    const links = (fg.linksOf[leaf] ?? []).map((li) => fg.links[li]).filter((l) => l !== undefined);
    if (links.length === 0) continue;
    let smallest = Infinity;
    // forEach, not for…of, in the per-leaf loops (bench/PROFILE.md, section 30).
    links.forEach((l) => (smallest = Math.min(smallest, l.a.iface.mtu, l.b.iface.mtu)));
    const m = fg.devices[leaf]?.model;
    if (m === undefined) continue;
    let largest = 0;
    (m.vxlan?.l2vnis ?? []).forEach((v) => (largest = Math.max(largest, v.mtu)));
    m.interfaces.svis.forEach((v) => (largest = Math.max(largest, v.mtu)));
    if (largest + vxlanOverhead <= smallest) continue;
    const networks: { name: string; mtu: number }[] = [...(m.vxlan?.l2vnis ?? []).map((v) => ({ name: v.network, mtu: v.mtu })), ...m.interfaces.svis.map((s) => ({ name: s.network, mtu: s.mtu }))];
    for (const n of networks) {
      if (n.mtu + vxlanOverhead <= smallest) continue;
      const entry = byNetwork.get(n.name) ?? { mtu: n.mtu, links: [], smallest: Infinity, leaf };
      entry.mtu = Math.max(entry.mtu, n.mtu);
      for (const l of links) {
        const mtu = Math.min(l.a.iface.mtu, l.b.iface.mtu);
        if (mtu >= n.mtu + vxlanOverhead) continue;
        const name = `${nameOf(ctx, thisEnd(l, leaf).device)}-${nameOf(ctx, l.a.device === leaf ? l.b.device : l.a.device)}`;
        if (!entry.links.includes(name)) entry.links.push(name);
        entry.smallest = Math.min(entry.smallest, mtu);
      }
      byNetwork.set(n.name, entry);
    }
  }
  for (const [network, e] of [...byNetwork].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    const links = e.links.length === 1 ? `link ${e.links[0] ?? ''}` : `links ${listNames(e.links, 3, false)}`;
    f.add(
      V.underlayMtuTooSmall,
      { device: nameOf(ctx, e.leaf), at: [`network:${network}.mtu`, `network:${network}`], related: [{ message: 'the underlay MTU', at: ['fabric.mtu', 'fabric'], optional: true }] },
      network,
      e.mtu,
      links,
      e.smallest,
    );
  }
}

/**
 * CLOS5009: every interface a network's frames cross on a leaf takes frames of the network's MTU
 * (the VNI's `mtu`): its SVI, its server ports and port-channels, and on FRR the Linux bridge and
 * the trunk sub-interfaces that carry it, the L3VNI bridge (and so the VXLAN device) of its VRF,
 * and the VLAN-aware bridge that is the parent of all of them; on NX-OS the L3VNI's SVI (`ip
 * forward`), the egress interface of every packet the leaf routes into the VRF's L3VNI, whose
 * `mtu` the template writes. A smaller one drops the larger frames (bridged traffic
 * gets no ICMP to shrink them); a larger one is harmless (a port carrying several networks takes
 * the largest). Only what is smaller is reported, each interface once.
 */
function checkDataPathMtu(ctx: VerifyContext, f: Findings): void {
  const { fg } = ctx;
  fg.leaves.forEach((leaf) => {
    const m = fg.devices[leaf]?.model;
    if (m === undefined || m.vxlan === null) return;
    const mtuOf = new Map<number, { mtu: number; network: string }>();
    let largest: { mtu: number; network: string } | undefined;
    m.vxlan.l2vnis.forEach((v) => {
      const n = { mtu: v.mtu, network: v.network };
      mtuOf.set(v.vlan, n);
      if (largest === undefined || n.mtu > largest.mtu) largest = n;
    });
    const small: string[] = [];
    const keys = new Set<string>();
    const check = (name: string, mtu: number | undefined, vlans: readonly number[]): void => {
      if (mtu === undefined) return;
      let worst: { mtu: number; network: string } | undefined;
      for (const vlan of vlans) {
        const n = mtuOf.get(vlan);
        if (n !== undefined && n.mtu > mtu && (worst === undefined || n.mtu > worst.mtu)) worst = n;
      }
      if (worst === undefined) return;
      small.push(`${name} has MTU ${mtu}, network '${worst.network}' ${worst.mtu}`);
      keys.add(`network:${worst.network}.mtu`);
    };
    m.interfaces.svis.forEach((s) => {
      check(s.name, s.mtu, [s.vlan]);
    });
    m.interfaces.servers.forEach((p) => {
      if (p.lag === null) check(p.name, p.mtu, p.vlans);
    });
    m.interfaces.lags.forEach((l) => {
      check(l.name, l.mtu, l.vlans);
    });
    // A VRF's L3VNI interface carries the routed packets of every network of the VRF between
    // leaves: it must take the largest network of its VRF.
    const vrfLargest = new Map<string, { mtu: number; network: string }>();
    m.interfaces.svis.forEach((s) => {
      const n = mtuOf.get(s.vlan);
      if (n === undefined) return;
      const was = vrfLargest.get(s.vrf);
      if (was === undefined || n.mtu > was.mtu) vrfLargest.set(s.vrf, n);
    });
    const checkL3vni = (name: string, vrf: string | null, mtu: number): void => {
      const n = vrf === null ? undefined : vrfLargest.get(vrf);
      if (n !== undefined && n.mtu > mtu) {
        small.push(`${name} (the L3VNI of VRF '${vrf ?? ''}') has MTU ${mtu}, network '${n.network}' ${n.mtu}`);
        keys.add(`network:${n.network}.mtu`);
      }
    };
    // Only NX-OS writes the L3VNI interface's MTU (FRR's is its Linux bridge's, below; EOS has no
    // L3VNI interface).
    if (m.platform === 'nxos') {
      m.interfaces.l3vnis.forEach((l) => {
        checkL3vni(l.name, l.vrf, l.mtu);
      });
    }
    const linux = m.linux;
    if (linux !== null) {
      linux.bridges.forEach((b) => {
        check(b.name, b.mtu, [b.vlan]);
      });
      linux.subinterfaces.forEach((s) => {
        check(s.name, s.mtu, [s.vlan]);
      });
      // A VRF's L3VNI bridge and its VXLAN device (which takes the bridge's MTU).
      linux.l3vniBridges.forEach((b) => {
        checkL3vni(b.name, b.vrf, b.mtu);
      });
      // The VLAN-aware bridge is the parent of every SVI on it, which can take no larger MTU.
      const br = unread(linux.vlanAwareBridge);
      if (br !== undefined && br !== null) {
        if (largest !== undefined && largest.mtu > br.mtu) {
          small.push(`${br.name} has MTU ${br.mtu}, network '${largest.network}' ${largest.mtu}`);
          keys.add(`network:${largest.network}.mtu`);
        }
        const l3 = linux.l3vniBridges.find((b) => b.mtu > br.mtu);
        if (l3 !== undefined) small.push(`${br.name} has MTU ${br.mtu}, its L3VNI interface ${l3.name} ${l3.mtu}`);
      }
    }
    if (small.length === 0) return;
    const shown = small.length <= 3 ? small.join('; ') : `${small.slice(0, 3).join('; ')}; and ${small.length - 3} more`;
    f.add(V.dataPathMtuTooSmall, { device: m.name, at: [...keys, ...keysOf(ctx, leaf)] }, m.name, shown);
  });
}
