/**
 * The Linux data plane of an FRR leaf (device-model.ts, LinuxPlumbing, says why two forms). Without
 * Ethernet segments: one traditional bridge per VNI (named `vlan<id>`, the VLAN's SVI), its VXLAN
 * device, its ports, and 802.1Q sub-interfaces for trunk ports and trunk bonds; it needs no VLAN
 * filtering in the kernel. With segments: one VLAN-aware bridge `br0` with every VXLAN device,
 * port and bond as its ports, and the SVIs as 802.1Q devices on it. Every port-channel is a Linux
 * bond in 802.3ad mode.
 */
import { compareNatural } from '../shared/natural-order.js';
import type { DeviceContext } from './context.js';
import { must, perFabric } from './context.js';
import type { DeviceInterfaces, LagInterface, LinuxBond, LinuxBridge, LinuxBridgePort, LinuxPlumbing, LinuxSubinterface, LinuxVlanAwareBridge, ServerInterface, SviInterface } from './device-model.js';
import { l3vniMtu } from './interfaces.js';
import { gatewayDeviceName, subinterfaceName, sviName, vxlanDeviceName } from './naming.js';
import type { ResolvedNetwork } from '../resolve/fabric-model.js';
import { routerMacOf } from '../shared/ipv4.js';
import { mapList } from '../shared/lists.js';

/** The bridge of the vlan-aware form. */
export const vlanAwareBridgeName = 'br0';

/** A network's bridge on a leaf where no server port is in it: the same on every such leaf. */
const portlessBridge = perFabric<LinuxBridge>();
const noPorts: readonly string[] = [];
/**
 * A bridge of one port: one frozen list per port name and fabric (`["swp3.110"]` is the same on
 * every leaf), not one per bridge: 120,000 lists on the scale target were as many objects kept and
 * copied by the collector, on each thread that builds the devices (bench/PROFILE.md, section 28).
 */
const onePort = perFabric<readonly string[]>();

export function buildLinuxPlumbing(ctx: DeviceContext, interfaces: DeviceInterfaces): LinuxPlumbing | null {
  const leaf = ctx.leaf;
  if (ctx.platform !== 'frr' || leaf === undefined) return null;
  const settings = ctx.index.fabric.settings;
  const vlanAware = interfaces.lags.some((l) => l.segment !== null);
  // Maps filled in a loop: no [key, value] pair per entry (200 networks on each leaf).
  const networksByVlan = new Map<number, ResolvedNetwork>();
  for (const n of ctx.networks) networksByVlan.set(n.vlan, n);
  const portsByVlan = new Map<number, string[]>();
  const subinterfaces: LinuxSubinterface[] = [];
  const bridgePorts: LinuxBridgePort[] = [];
  // What hangs off the bridges: server ports outside a LAG, and the bonds of the LAGs.
  const attached: readonly (ServerInterface | LagInterface)[] = [...interfaces.servers.filter((p) => p.lag === null), ...interfaces.lags];
  for (const port of attached) {
    if (vlanAware) bridgePorts.push({ name: port.name, vlans: port.mode === 'trunk' ? port.vlans : [], pvid: port.accessVlan });
    for (const vlan of port.vlans) {
      let member = port.name;
      if (port.mode === 'trunk' && !vlanAware) {
        member = subinterfaceName(port.name, vlan);
        const network = must(networksByVlan, vlan, 'network on VLAN');
        subinterfaces.push({ name: member, parent: port.name, vlan, mtu: network.mtu });
      }
      const list = portsByVlan.get(vlan) ?? [];
      list.push(member);
      portsByVlan.set(vlan, list);
    }
  }
  const svis = new Map<number, SviInterface>();
  for (const svi of interfaces.svis) svis.set(svi.vlan, svi);
  const bridges: LinuxBridge[] = [];
  const l3vniBridges: LinuxBridge[] = [];
  const mac = routerMacOf(ctx.loopback);
  for (const n of networksByVlan.values()) {
    const ports = portsByVlan.get(n.vlan);
    const svi = svis.get(n.vlan);
    // The bridge carries the anycast gateway's MAC where it holds the gateway itself: a routed
    // network without an address of the leaf's own (with one, the gateway has a device of its
    // own and the bridge the leaf's MAC, as a layer-2-only bridge has). Such a bridge without
    // ports is the same on every leaf.
    const anycastBridge = svi?.ownAddress === null;
    const shared = ports === undefined && anycastBridge;
    // Sorted, as a copy of the exact length: a list grown by push keeps room for 16 more (a bridge
    // has one or two ports, a leaf a hundred such bridges; bench/PROFILE.md, round 3).
    const portList = ports === undefined ? noPorts : ports.length === 1 ? onePort(ctx.index, ports[0] ?? '', () => ports.slice()) : ports.sort(compareNatural).slice();
    bridges.push(shared ? portlessBridge(ctx.index, n, () => networkBridge(n, svi, portList, settings.anycastMac)) : networkBridge(n, svi, portList, anycastBridge ? settings.anycastMac : mac));
  }
  for (const v of ctx.vrfs) {
    l3vniBridges.push({
      name: sviName('frr', v.vlan),
      vlan: v.vlan,
      vni: v.l3vni,
      vxlan: vxlanDeviceName(v.l3vni),
      mac,
      forwarding: true,
      arpSuppression: true,
      mtu: l3vniMtu(settings.mtu),
      address: null,
      vrf: v.name,
      ports: noPorts,
      sessionAddress: null,
      ownAddress: null,
      gateway: null,
    });
  }
  bridges.sort((a, b) => a.vlan - b.vlan);
  l3vniBridges.sort((a, b) => a.vlan - b.vlan);
  subinterfaces.sort((a, b) => compareNatural(a.name, b.name));
  // Names are vxlan<vni> (naming.ts), so their natural order is the order of the VNIs.
  const vxlanDevices = mapList(
    bridges.concat(l3vniBridges).sort((a, b) => a.vni - b.vni),
    (b) => b.vxlan,
  );
  const bonds: LinuxBond[] = mapList(interfaces.lags, (lag) => ({
    name: lag.name,
    members: lag.members,
    mode: '802.3ad',
    lacpRate: 'fast',
    actorSystem: lag.lacp.systemId,
    hashPolicy: 'layer3+4',
    minLinks: 1,
    mtu: lag.mtu,
  }));
  bonds.sort((a, b) => compareNatural(a.name, b.name));
  let vlanAwareBridge: LinuxVlanAwareBridge | null = null;
  if (vlanAware) {
    bridgePorts.sort((a, b) => compareNatural(a.name, b.name));
    let mtu = -Infinity;
    for (const list of [attached, bridges, l3vniBridges]) for (const x of list) mtu = Math.max(mtu, x.mtu);
    vlanAwareBridge = { name: vlanAwareBridgeName, mac, mtu, ports: bridgePorts };
  }
  const gateways: string[] = [];
  for (const b of bridges) if (b.gateway !== null) gateways.push(b.gateway);
  return { bridges, l3vniBridges, vxlanDevices, subinterfaces, bridgeMode: vlanAware ? 'vlan-aware' : 'per-vni', bonds, vlanAwareBridge, gateways, esRedirectOff: vlanAware };
}

/**
 * A network's bridge: routed when the leaf has the network's SVI; `mac` is the gateway's then, else
 * the leaf's own. With an address of the leaf's own (BGP hosts' sessions, its segments) the gateway
 * has a device of its own (LinuxBridge.gateway) and `mac` is the leaf's own.
 */
function networkBridge(n: ResolvedNetwork, svi: SviInterface | undefined, ports: readonly string[], mac: string): LinuxBridge {
  const routed = svi !== undefined;
  const own = svi?.ownAddress ?? null;
  return {
    name: sviName('frr', n.vlan),
    vlan: n.vlan,
    vni: n.vni,
    vxlan: vxlanDeviceName(n.vni),
    // A layer-2-only bridge gets the leaf's own MAC, never the gateway's, and does not forward
    // (FRR's EVPN documentation: forwarding off on SVIs not used for routing).
    mac,
    forwarding: routed,
    arpSuppression: routed,
    mtu: n.mtu,
    address: svi?.address ?? null,
    vrf: svi?.vrf ?? null,
    ports,
    sessionAddress: svi?.sessionAddress ?? null,
    ownAddress: own,
    gateway: own === null ? null : gatewayDeviceName(n.vlan),
  };
}
