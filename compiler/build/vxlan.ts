/** The VXLAN data plane of a leaf: VTEP source, VLAN→VNI and VRF→L3VNI maps, BUM replication. */
import type { DeviceContext } from './context.js';
import { perEntity } from './context.js';
import type { ResolvedNetwork, ResolvedVrf } from '../resolve/fabric-model.js';
import type { DeviceVxlan, L2Vni, L3Vni } from './device-model.js';
import { loopbackName } from './naming.js';
import { mapList } from '../shared/lists.js';

export const vxlanUdpPort = 4789;

const networkVni = perEntity((n: ResolvedNetwork): L2Vni => {
  return { vni: n.vni, vlan: n.vlan, network: n.name, mtu: n.mtu, arpSuppression: n.subnet !== undefined };
});
const vrfVni = perEntity((v: ResolvedVrf): L3Vni => {
  return { vni: v.l3vni, vlan: v.vlan, vrf: v.name };
});

export function buildVxlan(ctx: DeviceContext): DeviceVxlan | null {
  const leaf = ctx.leaf;
  if (leaf === undefined) return null;
  const l2vnis: L2Vni[] = mapList(ctx.networks, (n) => networkVni(ctx.index, n));
  const l3vnis: L3Vni[] = mapList(ctx.vrfs, (v) => vrfVni(ctx.index, v));
  return {
    sourceInterface: loopbackName(ctx.platform, 'vtep'),
    sourceAddress: leaf.vtep,
    udpPort: vxlanUdpPort,
    learning: false,
    replication: 'ingress-bgp',
    l2vnis: l2vnis.sort((a, b) => a.vni - b.vni),
    l3vnis: l3vnis.sort((a, b) => a.vni - b.vni),
  };
}
