/**
 * What the lab needs to know about a fabric, read from its device models only (the contract the
 * configs were rendered from): devices, leaf-spine links, VTEPs, networks with their tenant, VRF,
 * VNI, subnet and MTU, and which leaf-spine adjacencies survive a set of failures.
 */
import type { DeviceModel, FabricInterface } from '../compiler/build/device-model.js';
import { compareNatural } from '../compiler/shared/natural-order.js';
import { checkedPrefix } from '../compiler/shared/ipv4.js';

export interface LabLink {
  /** `<leaf>:<interface>`, the link's stable key. */
  readonly key: string;
  readonly leaf: string;
  readonly leafInterface: string;
  readonly leafAddress: string;
  readonly spine: string;
  readonly spineInterface: string;
  readonly spineAddress: string;
  readonly mtu: number;
}

export interface LabNetwork {
  readonly name: string;
  readonly tenant: string;
  readonly vrf: string;
  readonly vlan: number;
  readonly vni: number;
  readonly mtu: number;
  /** `a.b.c.d/n` of a routed network; null for a layer-2-only network. */
  readonly subnet: string | null;
  readonly gateway: string | null;
  /** Leaves that carry the network, sorted naturally. */
  readonly leaves: readonly string[];
}

export interface Topology {
  readonly fabric: string;
  readonly devices: ReadonlyMap<string, DeviceModel>;
  readonly spines: readonly string[];
  readonly leaves: readonly string[];
  readonly links: readonly LabLink[];
  readonly networks: ReadonlyMap<string, LabNetwork>;
  /** Leaf → its VTEP address. */
  readonly vteps: ReadonlyMap<string, string>;
}

/**
 * What is down: spines (every link of the spine), single links, by `LabLink.key`, leaves (every
 * link of the leaf, its server ports included; absent in states written before leaves could fail),
 * and isolated leaves (every uplink of the leaf, its server ports left up: the leaf must take its
 * Ethernet segments down itself; absent in states written before).
 */
export interface Failures {
  readonly spines: readonly string[];
  readonly links: readonly string[];
  readonly leaves?: readonly string[];
  readonly isolated?: readonly string[];
}

/** The leaves out of the fabric: failed, or isolated from every spine. */
export function failedLeaves(failures: Failures): readonly string[] {
  const isolated = failures.isolated ?? [];
  return isolated.length === 0 ? (failures.leaves ?? []) : [...(failures.leaves ?? []), ...isolated];
}

/** The leaves that lost every uplink but not their server ports. */
export function isolatedLeaves(failures: Failures): readonly string[] {
  return failures.isolated ?? [];
}

/** How many things are down. */
export function failureCount(failures: Failures): number {
  return failures.spines.length + failures.links.length + failedLeaves(failures).length;
}

export const noFailures: Failures = { spines: [], links: [] };

export function buildTopology(models: readonly DeviceModel[]): Topology {
  const devices = new Map(models.map((m) => [m.name, m]));
  const spines = models.filter((m) => m.role === 'spine').map((m) => m.name).sort(compareNatural);
  const leaves = models.filter((m) => m.role === 'leaf').map((m) => m.name).sort(compareNatural);
  const links: LabLink[] = [];
  const vteps = new Map<string, string>();
  const networks = new Map<string, { base: Omit<LabNetwork, 'leaves'>; leaves: string[] }>();
  for (const leafName of leaves) {
    const leaf = devices.get(leafName);
    if (leaf === undefined) continue;
    for (const f of leaf.interfaces.fabric) links.push(linkOf(leaf, f));
    if (leaf.vxlan !== null) vteps.set(leaf.name, leaf.vxlan.sourceAddress);
    const svis = new Map(leaf.interfaces.svis.map((s) => [s.network, s]));
    const mtus = new Map((leaf.vxlan?.l2vnis ?? []).map((v) => [v.network, v.mtu]));
    for (const vlan of leaf.vlans) {
      if (vlan.kind !== 'l2' || vlan.network === null) continue;
      const known = networks.get(vlan.network);
      if (known !== undefined) {
        known.leaves.push(leaf.name);
        continue;
      }
      const svi = svis.get(vlan.network);
      networks.set(vlan.network, {
        base: {
          name: vlan.network,
          tenant: vlan.tenant,
          vrf: vlan.vrf,
          vlan: vlan.id,
          vni: vlan.vni,
          mtu: mtus.get(vlan.network) ?? 1500,
          subnet: svi === undefined ? null : checkedPrefix(svi.address).cidr,
          gateway: svi === undefined ? null : (svi.address.split('/')[0] ?? null),
        },
        leaves: [leaf.name],
      });
    }
  }
  links.sort((a, b) => compareNatural(a.key, b.key));
  const resolved = new Map<string, LabNetwork>();
  for (const [name, n] of [...networks].sort((a, b) => a[1].base.vlan - b[1].base.vlan || compareNatural(a[0], b[0]))) {
    resolved.set(name, { ...n.base, leaves: n.leaves.sort(compareNatural) });
  }
  return { fabric: models[0]?.fabric ?? '', devices, spines, leaves, links, networks: resolved, vteps };
}

function linkOf(leaf: DeviceModel, f: FabricInterface): LabLink {
  return {
    key: `${leaf.name}:${f.name}`,
    leaf: leaf.name,
    leafInterface: f.name,
    leafAddress: f.address.split('/')[0] ?? f.address,
    spine: f.peer.device,
    spineInterface: f.peer.interface,
    spineAddress: f.peer.address,
    mtu: f.mtu,
  };
}

/** The link between a leaf and a spine, if they are cabled. */
export function linkBetween(topology: Topology, leaf: string, spine: string): LabLink | undefined {
  return topology.links.find((l) => l.leaf === leaf && l.spine === spine);
}

/** True when the leaf and the spine can talk: cabled, link up, spine up. */
export function adjacencyUp(topology: Topology, failures: Failures, leaf: string, spine: string): boolean {
  const link = linkBetween(topology, leaf, spine);
  return link !== undefined && !failures.spines.includes(spine) && !failures.links.includes(link.key) && !failedLeaves(failures).includes(leaf);
}

/**
 * Spines through which two leaves reach each other: both adjacencies up. In an RFC 7938 Clos the
 * spines share one ASN, so eBGP loop prevention allows only leaf-spine-leaf paths.
 */
export function sharedSpines(topology: Topology, failures: Failures, a: string, b: string): string[] {
  return topology.spines.filter((s) => adjacencyUp(topology, failures, a, s) && adjacencyUp(topology, failures, b, s));
}

/** True when a session between two devices can be up: a leaf and a spine whose adjacency is up. */
export function sessionCanBeUp(topology: Topology, failures: Failures, a: string, b: string): boolean {
  const da = topology.devices.get(a);
  const db = topology.devices.get(b);
  if (da === undefined || db === undefined) return false;
  if (da.role === 'leaf' && db.role === 'spine') return adjacencyUp(topology, failures, a, b);
  if (da.role === 'spine' && db.role === 'leaf') return adjacencyUp(topology, failures, b, a);
  const down = [...failures.spines, ...failedLeaves(failures)];
  return !down.includes(a) && !down.includes(b);
}

/** `spine1 and link leaf1:swp49` — for messages. */
export function describeFailures(failures: Failures): string {
  const parts = [...failures.spines, ...(failures.leaves ?? []), ...isolatedLeaves(failures).map((l) => `every uplink of ${l}`), ...failures.links.map((l) => `link ${l}`)];
  return parts.length === 0 ? 'nothing' : parts.join(' and ');
}
