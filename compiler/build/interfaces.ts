/**
 * Interfaces: loopbacks, routed fabric links, server ports, anycast-gateway SVIs (with the leaf's
 * session address where hosts speak BGP), L3VNI SVIs, external hand-off ports and sub-interfaces,
 * and the port-channels built by lags.ts.
 */
import { compareNatural } from '../shared/natural-order.js';
import type { DeviceContext, FabricIndex } from './context.js';
import { must, perEntity, perFabric, toPrefix } from './context.js';
import type { DeviceInterfaces, EdgePortFields, EdgePortSettings, FabricInterface, L3vniInterface, LagInterface, LoopbackInterface, Platform, ServerInterface, SviInterface } from './device-model.js';
import type { ResolvedNetwork, ResolvedVrf } from '../resolve/fabric-model.js';
import { lagName, loopbackName, portName, sviName } from './naming.js';
import { buildExternalInterfaces, ownAddressesOf } from './external.js';
import { mapList } from '../shared/lists.js';

/** A network's SVI, without an address of a leaf's own (buildInterfaces adds it where a leaf has one); none without a subnet. */
function networkSviOf(platform: Platform, n: ResolvedNetwork): SviInterface | null {
  if (n.subnet === undefined) return null;
  return {
    kind: 'svi',
    name: sviName(platform, n.vlan),
    vlan: n.vlan,
    vrf: n.vrf,
    network: n.name,
    address: `${n.subnet.gateway}/${n.subnet.prefix.length}`,
    mtu: n.mtu,
    description: `gateway ${n.name}`,
    sessionAddress: null,
    ownAddress: null,
  };
}

function vrfSviOf(platform: Platform, v: ResolvedVrf, index: FabricIndex): L3vniInterface {
  return { kind: 'l3vni', name: sviName(platform, v.vlan), vlan: v.vlan, vrf: v.name, mtu: l3vniMtu(index.fabric.settings.mtu), description: `L3VNI ${v.name}` };
}

/** Per platform (names differ), then per network or VRF: shared by every leaf that carries it. */
const networkSvi = {
  frr: perEntity((n: ResolvedNetwork) => networkSviOf('frr', n)),
  eos: perEntity((n: ResolvedNetwork) => networkSviOf('eos', n)),
  nxos: perEntity((n: ResolvedNetwork) => networkSviOf('nxos', n)),
};
const vrfSvi = {
  frr: perEntity((v: ResolvedVrf, index: FabricIndex) => vrfSviOf('frr', v, index)),
  eos: perEntity((v: ResolvedVrf, index: FabricIndex) => vrfSviOf('eos', v, index)),
  nxos: perEntity((v: ResolvedVrf, index: FabricIndex) => vrfSviOf('nxos', v, index)),
};

/**
 * What a server's switch port and a server's port-channel share: its VLANs (sorted; the access
 * VLAN of an access port), the largest MTU of its networks, the server and its networks.
 */
export function edgePortFields(index: FabricIndex, mode: 'access' | 'trunk', server: string, networks: readonly string[]): EdgePortFields {
  const nets = mapList(networks, (n) => must(index.networks, n, 'network'));
  const vlans = mapList(nets, (n) => n.vlan).sort((a, b) => a - b);
  const mtu = Math.max(...mapList(nets, (n) => n.mtu));
  return { mode, vlans, accessVlan: mode === 'access' ? (vlans[0] ?? null) : null, mtu, jumbo: mtu > defaultEthernetMtu, server, networks, description: `server ${server}` };
}

export function buildInterfaces(ctx: DeviceContext, lags: readonly LagInterface[]): DeviceInterfaces {
  const { index, platform } = ctx;
  const settings = index.fabric.settings;
  const loopback0: LoopbackInterface = {
    kind: 'loopback',
    name: loopbackName(platform, 'router-id'),
    purpose: 'router-id',
    address: `${ctx.loopback}/32`,
    description: 'router-id, BGP and EVPN source',
  };
  const vtep: LoopbackInterface | null =
    ctx.leaf === undefined
      ? null
      : { kind: 'loopback', name: loopbackName(platform, 'vtep'), purpose: 'vtep', address: `${ctx.leaf.vtep}/32`, description: 'VTEP source' };

  const fabric: FabricInterface[] = mapList(ctx.links, (link) => {
    const isLeaf = ctx.role === 'leaf';
    const peerName = isLeaf ? link.spine : link.leaf;
    const peer = isLeaf ? must(index.spines, link.spine, 'spine') : must(index.leaves, link.leaf, 'leaf');
    const localPort = isLeaf ? link.leafPort : link.spinePort;
    const peerPort = isLeaf ? link.spinePort : link.leafPort;
    const peerInterface = portName(peer.platform, peerPort);
    return {
      kind: 'fabric',
      name: portName(platform, localPort),
      port: localPort,
      address: `${isLeaf ? link.leafAddress : link.spineAddress}/31`,
      mtu: settings.mtu,
      description: toPrefix(index, peer) + peerInterface,
      peer: { device: peerName, interface: peerInterface, port: peerPort, address: isLeaf ? link.spineAddress : link.leafAddress },
      link: link.prefix,
    };
  });
  fabric.sort((a, b) => compareNatural(a.name, b.name));

  const servers: ServerInterface[] = [];
  const svis: SviInterface[] = [];
  const l3vnis: L3vniInterface[] = [];
  const leaf = ctx.leaf;
  if (leaf !== undefined) {
    for (const sp of leaf.serverPorts) {
      servers.push({
        kind: 'server',
        name: portName(platform, sp.port),
        port: sp.port,
        ...edgePortFields(index, sp.mode, sp.server, sp.networks),
        bond: sp.bond,
        lag: sp.lag === null ? null : lagName(platform, sp.lag),
      });
    }
    servers.sort((a, b) => compareNatural(a.name, b.name));
    const owned = ownAddressesOf(index, ctx.name);
    for (const n of ctx.networks) {
      // An SVI with an address of this leaf's own (hosts' BGP sessions, an FRR leaf's segments) is not shared.
      // Such an SVI is a copy of the shared one with its own address: the copy shares its strings
      // (170,000 such SVIs on the scale target; bench/PROFILE.md, section 45).
      const own = owned.get(n.name) ?? null;
      const svi = networkSvi[platform](index, n);
      if (svi !== null) svis.push(own === null ? svi : { ...svi, sessionAddress: n.bgpHosts === null ? null : own, ownAddress: own });
    }
    svis.sort((a, b) => a.vlan - b.vlan);
    // EOS routes an L3VNI without a VLAN or SVI of ours: it allocates a VLAN itself.
    for (const v of platform === 'eos' ? [] : ctx.vrfs) {
      l3vnis.push(vrfSvi[platform](index, v));
    }
    l3vnis.sort((a, b) => a.vlan - b.vlan);
  }
  const { external, subinterfaces } = buildExternalInterfaces(ctx);
  return { loopback0, vtep, fabric, servers, svis, l3vnis, external, subinterfaces, lags };
}

const sharedEdgePorts = perFabric<EdgePortSettings>();

/** What every server-facing port of every leaf gets: one frozen object per fabric. */
export function edgePortSettings(index: FabricIndex): EdgePortSettings {
  return sharedEdgePorts(index, 'edge', () => ({ portfast: true, bpduGuard: true, nativeVlan: index.fabric.settings.nativeVlan }));
}

/** The Ethernet payload every port carries without configuration. */
export const defaultEthernetMtu = 1500;

/** VXLAN over IPv4 adds 50 bytes: routed packets in the L3VNI must fit the underlay once wrapped. */
export const vxlanOverhead = 50;

export function l3vniMtu(underlayMtu: number): number {
  return underlayMtu - vxlanOverhead;
}
