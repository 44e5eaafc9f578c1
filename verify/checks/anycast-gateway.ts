/**
 * Check 7, anycast gateway: for every routed network, the same gateway address and prefix length,
 * the same VRF (CLOS5125) and the same virtual MAC on every leaf that carries it (in the SVI and, on FRR, the bridge that
 * is the SVI, and in the dotted form NX-OS writes); the gateway a host address of its subnet; the
 * MAC unicast; and a gateway on every leaf that carries the network's VNI, or on none (CLOS5126).
 * The leaves' own addresses beside the gateway, which move it to a device of its own on FRR, are
 * checked with it (own-addresses.ts, CLOS5127-5130).
 */
import { VerifyDiagnostics as V } from '../../compiler/diagnostics/catalogue/index.js';
import { Findings, nameOf, type CheckOutput, type VerifyContext } from '../context.js';
import { formatAddress, parseCidr } from '../../compiler/shared/ipv4.js';
import { listNames, plural } from '../locate.js';
import { byVlan } from '../analysis/vlan-lookup.js';
import { dottedMac } from '../../compiler/build/naming.js';
import { checkOwnAddresses } from './own-addresses.js';

export function checkAnycastGateway(ctx: VerifyContext): CheckOutput {
  const f = new Findings(ctx);
  const { fg } = ctx;
  const gateways = new Map<string, Map<string, number[]>>();
  /** Network → the VRF its gateway routes in → leaves: one VRF on every leaf, or a leaf routes the network's hosts in another tenant's table. */
  const gatewayVrfs = new Map<string, Map<string, number[]>>();
  const macs = new Map<string, number[]>();
  /** Leaves whose network bridges (FRR) carry another MAC than their anycast gateway. */
  const badBridges: number[] = [];
  /** Leaves whose dotted gateway MAC (NX-OS's `fabric forwarding anycast-gateway-mac`) is not their MAC. */
  const badDotted: number[] = [];
  let routed = 0;
  /** Network → how many leaves carry its VNI (from the VNI index, built once): a distributed gateway is on every one of them. */
  const carriers = new Map<string, number>();
  ctx.vnis.byVni.forEach((uses, vni) => {
    const first = uses[0];
    if (first === undefined) return;
    if (ctx.vnis.uniform.has(vni)) {
      if (first.kind === 'l2') carriers.set(first.name, (carriers.get(first.name) ?? 0) + uses.length);
      return;
    }
    uses.forEach((u) => {
      if (u.kind === 'l2') carriers.set(u.name, (carriers.get(u.name) ?? 0) + 1);
    });
  });
  /** Network → the leaves with its gateway: counted once each (leaves are visited in turn). */
  const routedOn = new Map<string, { last: number; count: number }>();
  for (const leaf of fg.leaves) {
    const m = fg.devices[leaf]?.model;
    if (m === undefined || m.interfaces.svis.length === 0) continue;
    const mac = (m.anycastGateway?.mac ?? '(none)').toLowerCase();
    push(macs, mac, leaf);
    const gw = m.anycastGateway;
    // The dotted form is NX-OS's (fabric forwarding anycast-gateway-mac); no other template writes it.
    if (gw !== null && m.platform === 'nxos' && gw.macDotted.toLowerCase() !== dottedMac(mac)) badDotted.push(leaf);
    const bridges = byVlan(m.linux?.bridges ?? []);
    // forEach, not for…of: this runs once per leaf, mostly before it is optimized, where for…of
    // allocates an iterator result per SVI (bench/PROFILE.md, section 33).
    m.interfaces.svis.forEach((svi) => {
      routed++;
      const on = routedOn.get(svi.network);
      if (on === undefined) routedOn.set(svi.network, { last: leaf, count: 1 });
      else if (on.last !== leaf) {
        on.last = leaf;
        on.count++;
      }
      let byAddress = gateways.get(svi.network);
      if (byAddress === undefined) {
        byAddress = new Map<string, number[]>();
        gateways.set(svi.network, byAddress);
      }
      push(byAddress, svi.address, leaf);
      let byVrf = gatewayVrfs.get(svi.network);
      if (byVrf === undefined) {
        byVrf = new Map<string, number[]>();
        gatewayVrfs.set(svi.network, byVrf);
      }
      push(byVrf, svi.vrf, leaf);
      const bridge = bridges.get(svi.vlan);
      if (m.linux !== null && bridge !== undefined) {
        if (bridge.address !== svi.address) {
          push(byAddress, bridge.address ?? '(none)', leaf);
        }
        // FRR routes the network in the bridge's VRF.
        if (bridge.vrf !== svi.vrf) push(byVrf, bridge.vrf ?? '(none)', leaf);
        // The build writes the gateway's MAC in lower case: no lower-case copy when it is the same.
        // A bridge whose gateway has a device of its own keeps the leaf's MAC; the device gets the
        // anycast MAC from anycastGateway.mac (host-pools.ts judges the bridge's).
        if ((bridge.gateway ?? null) === null && bridge.mac !== mac && bridge.mac.toLowerCase() !== mac) badBridges.push(leaf);
      }
    });
  }

  for (const [network, byAddress] of [...gateways].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const at = [`network:${network}.gateway`, `network:${network}.subnet`, `network:${network}`];
    if (byAddress.size > 1) {
      const variants = [...byAddress].sort((a, b) => b[1].length - a[1].length);
      const detail = variants.map(([addr, leaves]) => `${addr} on ${listNames([...new Set(leaves)].map((l) => nameOf(ctx, l)), 3)}`).join(', ');
      const odd = variants.at(-1)?.[1][0] ?? 0;
      f.add(V.gatewayMismatch, { device: nameOf(ctx, odd), at }, network, detail);
    }
    const byVrf = gatewayVrfs.get(network);
    if (byVrf !== undefined && byVrf.size > 1) {
      const variants = [...byVrf].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
      const detail = variants.map(([vrf, leaves]) => `VRF '${vrf}' on ${listNames([...new Set(leaves)].map((l) => nameOf(ctx, l)), 3)}`).join(', ');
      f.add(V.gatewayVrfMismatch, { device: nameOf(ctx, variants.at(-1)?.[1][0] ?? 0), at: [`network:${network}`] }, network, detail);
    }
    if ((routedOn.get(network)?.count ?? 0) < (carriers.get(network) ?? 0)) {
      const gatewayLeaves = new Set([...byAddress.values()].flat());
      const without: string[] = [];
      for (const leaf of fg.leaves) {
        const m = fg.devices[leaf]?.model;
        if (m !== undefined && !gatewayLeaves.has(leaf) && m.vxlan?.l2vnis.some((v) => v.network === network) === true) without.push(nameOf(ctx, leaf));
      }
      const on = [...gatewayLeaves].map((l) => nameOf(ctx, l));
      // The index counts a leaf once per VNI and VLAN it maps the network to, EVPN-only ones too:
      // an upper bound, so the leaves themselves decide.
      if (without.length > 0) f.add(V.gatewayMissing, { device: without[0] ?? '', at }, network, listNames(on, 3), listNames(without, 3));
    }
    for (const [address, leaves] of byAddress) {
      const why = notAHost(address);
      if (why !== undefined) f.add(V.gatewayOutsideSubnet, { device: nameOf(ctx, leaves[0] ?? 0), at }, network, address, why);
    }
  }

  const macAt = ['fabric.evpn.anycast_mac', 'fabric.evpn', 'fabric'];
  if (macs.size > 1) {
    const variants = [...macs].sort((a, b) => b[1].length - a[1].length);
    const detail = variants.map(([mac, leaves]) => `${mac} on ${listNames(leaves.map((l) => nameOf(ctx, l)), 3)}`).join(', ');
    f.add(V.gatewayMacMismatch, { device: nameOf(ctx, variants.at(-1)?.[1][0] ?? 0), at: macAt }, detail);
  }
  for (const leaf of [...new Set(badBridges)]) {
    const m = fg.devices[leaf]?.model;
    const bridgeMacs = [...new Set((m?.linux?.bridges ?? []).filter((b) => b.address !== null && (b.gateway ?? null) === null).map((b) => b.mac.toLowerCase()))].filter((x) => x !== (m?.anycastGateway?.mac ?? '').toLowerCase());
    f.add(V.gatewayMacMismatch, { device: nameOf(ctx, leaf), at: macAt }, `the gateway bridges of '${nameOf(ctx, leaf)}' use ${listNames(bridgeMacs, 3, false)}, its anycast gateway ${m?.anycastGateway?.mac ?? '(none)'}`);
  }
  for (const leaf of badDotted) {
    const gw = fg.devices[leaf]?.model.anycastGateway;
    f.add(V.gatewayMacMismatch, { device: nameOf(ctx, leaf), at: macAt }, `'${nameOf(ctx, leaf)}' writes its ${gw?.mac ?? ''} as ${gw?.macDotted ?? ''} (anycastGateway.macDotted, the form NX-OS configures), which is another MAC`);
  }
  for (const [mac, leaves] of macs) {
    if (!isUnicastMac(mac)) f.add(V.gatewayMacNotUnicast, { device: nameOf(ctx, leaves[0] ?? 0), at: macAt }, mac, nameOf(ctx, leaves[0] ?? 0));
  }
  checkOwnAddresses(ctx, f);
  return { diagnostics: f.list, summary: `${plural(gateways.size, 'routed network')}, ${plural(routed, 'gateway')}` };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function notAHost(address: string): string | undefined {
  const c = parseCidr(address);
  if (c === undefined) return 'is not an address with a prefix length';
  if (c.length > 30) return `has prefix length /${c.length}, which leaves no room for hosts`;
  if (c.address === c.base) return `is the network address of ${formatAddress(c.base)}/${c.length}`;
  if (c.address === c.base + c.size - 1) return `is the broadcast address of ${formatAddress(c.base)}/${c.length}`;
  return undefined;
}

export function isUnicastMac(mac: string): boolean {
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac)) return false;
  if (mac === '00:00:00:00:00:00') return false;
  return (parseInt(mac.slice(0, 2), 16) & 1) === 0;
}
