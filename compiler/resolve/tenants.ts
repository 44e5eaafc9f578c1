/** Tenants, VRFs and networks: names, VNIs, route targets, subnets and anycast gateways. */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { IntentNetwork, IntentTenant, IntentVrf } from '../load/intent-types.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { ResolveContext, SpanLike } from './context.js';
import { byName } from '../shared/natural-order.js';
import type { FabricSettings, Prefix, ResolvedSubnet } from './fabric-model.js';
import { isNetworkOrBroadcast, checkedPrefix, nonInterfaceBlock, prefixContains, prefixesOverlap, formatAddress, checkedAddress } from '../shared/ipv4.js';
import { mapList } from '../shared/lists.js';

export const reservedVrfNames: readonly string[] = ['default', 'mgmt', 'management', 'global', 'all'];

/**
 * Why a VRF name cannot be used, if it cannot: the names platforms keep for themselves (any case),
 * and on FRR, where a VRF is a Linux device beside the leaf's own, the names of those devices.
 */
export function reservedVrfName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'all') return "Linux refuses a device named 'all'";
  if (reservedVrfNames.includes(lower)) return 'the platforms clos renders for keep it for themselves';
  if (name === 'lo' || name === 'br0' || /^(swp|vlan|vxlan|bond)[0-9]+$/.test(name)) return 'on FRR a VRF is a Linux device, and leaves name their own devices lo, br0, swp<n>, vlan<n>, vxlan<n> and bond<n>';
  return undefined;
}

/** A network before placement: everything but the leaves that carry it. */
export interface NetworkBase {
  readonly intent: IntentNetwork;
  readonly name: string;
  readonly tenant: string;
  readonly vrf: string;
  readonly vlan: number;
  readonly vni: number;
  readonly subnet: ResolvedSubnet | undefined;
  readonly mtu: number;
  readonly labels: readonly string[];
  readonly routeTarget: string;
}

export interface VrfBase {
  readonly intent: IntentVrf;
  readonly name: string;
  readonly tenant: string;
  readonly l3vni: number;
  readonly id: number;
  readonly vlan: number;
  readonly routeTarget: string;
  readonly networks: readonly NetworkBase[];
}

export interface TenantsResult {
  readonly tenants: readonly { readonly name: string; readonly vrfs: readonly string[] }[];
  readonly vrfs: readonly VrfBase[];
  readonly networks: readonly NetworkBase[];
}

/**
 * The L3VNI transit VLAN when the intent gives none: 2000 + (vrf.id mod 997), stable per VRF, in
 * 2000..2996. 997 is prime, so two VRFs share the default only when their ids differ by a multiple
 * of 997: ids numbered in steps of 1, 10, 100, 1000 or 10000 (50001, 60001, 70001…) never do, up to
 * 997 VRFs. A modulus of 1000 gave L3VNIs 50001 and 60001 the same VLAN.
 */
export const l3vniVlanBase = 2000;
export const l3vniVlanModulus = 997;

export function defaultL3vniVlan(vrfId: number): number {
  return l3vniVlanBase + (vrfId % l3vniVlanModulus);
}

export function resolveTenants(ctx: ResolveContext, settings: FabricSettings, tenants: readonly IntentTenant[]): TenantsResult {
  const tenantNames = new Map<string, IntentTenant>();
  const vrfNames = new Map<string, IntentVrf>();
  const vrfIds = new Map<number, IntentVrf>();
  const networkNames = new Map<string, IntentNetwork>();
  /** VNI → what uses it, for the shared L2/L3 VNI space. */
  const vnis = new Map<number, { what: string; span: SpanLike; derived: boolean }>();
  const outTenants: { name: string; vrfs: string[] }[] = [];
  const outVrfs: VrfBase[] = [];
  const outNetworks: NetworkBase[] = [];
  const pools: [string, Prefix][] = [
    ['loopback', settings.pools.loopback],
    ['vtep', settings.pools.vtep],
    ['p2p', settings.pools.p2p],
  ];

  const claimVni = (vni: number, what: string, span: SpanLike, derived = false): boolean => {
    const prev = vnis.get(vni);
    if (prev !== undefined) {
      const hint = derived && prev.derived ? 'both VNIs default to evpn.vni_base + vlan: two networks on one VLAN need their own vni' : undefined;
      ctx.report(R.duplicateVni, { span, related: [ctx.related(`used by ${prev.what}`, prev.span)], hint }, vni, what, prev.what);
      return false;
    }
    vnis.set(vni, { what, span, derived });
    return true;
  };

  for (const tenant of tenants) {
    const prevTenant = tenantNames.get(tenant.name);
    if (prevTenant !== undefined) {
      ctx.report(R.duplicateTenantName, { span: ctx.at(tenant, 'name'), related: [ctx.related('first used here', ctx.at(prevTenant, 'name'))] }, tenant.name);
      continue;
    }
    tenantNames.set(tenant.name, tenant);
    ctx.rememberAt(['tenant:', tenant.name], tenant, 'name');
    const tenantVrfs: string[] = [];
    for (const vrf of tenant.vrfs) {
      let ok = true;
      ctx.rememberAt(['vrf:', vrf.name], vrf, 'name');
      ctx.rememberAt(['vrf:', vrf.name, '.l3vni'], vrf, 'l3vni');
      if (vrf.id !== undefined) ctx.rememberAt(['vrf:', vrf.name, '.id'], vrf, 'id');
      const reserved = reservedVrfName(vrf.name);
      if (reserved !== undefined) {
        ctx.report(R.reservedVrfName, { span: ctx.at(vrf, 'name') }, vrf.name, reserved);
        ok = false;
      }
      const prevVrf = vrfNames.get(vrf.name);
      if (prevVrf !== undefined) {
        ctx.report(R.duplicateVrfName, { span: ctx.at(vrf, 'name'), related: [ctx.related('first used here', ctx.at(prevVrf, 'name'))] }, vrf.name);
        continue;
      }
      vrfNames.set(vrf.name, vrf);
      if (!claimVni(vrf.l3vni, `the L3VNI of VRF '${vrf.name}'`, () => ctx.at(vrf, 'l3vni'))) ok = false;
      const id = vrf.id ?? vrf.l3vni;
      if (vrf.id === undefined && vrf.l3vni > 65535) {
        ctx.report(R.vrfIdOutOfRange, { span: ctx.at(vrf, 'l3vni') }, vrf.name, vrf.l3vni);
        ok = false;
      } else {
        const prevId = vrfIds.get(id);
        if (prevId !== undefined) {
          ctx.report(
            R.duplicateVrfId,
            { span: ctx.at(vrf, vrf.id !== undefined ? 'id' : 'l3vni'), related: [ctx.related(`id of VRF '${prevId.name}'`, ctx.at(prevId, prevId.id !== undefined ? 'id' : 'l3vni'))] },
            id,
            vrf.name,
            prevId.name,
          );
          ok = false;
        } else {
          vrfIds.set(id, vrf);
        }
      }
      if (vrf.vlan !== undefined) ctx.rememberAt(['vrf:', vrf.name, '.vlan'], vrf, 'vlan');
      const networks: NetworkBase[] = [];
      for (const network of vrf.networks ?? []) {
        const base = resolveNetwork(ctx, settings, tenant.name, vrf.name, network, networkNames, claimVni, pools);
        if (base !== undefined) networks.push(base);
      }
      checkSubnetOverlap(ctx, vrf.name, networks);
      networks.sort((a, b) => a.vlan - b.vlan || byName(a, b));
      outNetworks.push(...networks);
      if (!ok) continue;
      tenantVrfs.push(vrf.name);
      outVrfs.push({
        intent: vrf,
        name: vrf.name,
        tenant: tenant.name,
        l3vni: vrf.l3vni,
        id,
        vlan: vrf.vlan ?? defaultL3vniVlan(id),
        routeTarget: `${settings.rtAsn}:${vrf.l3vni}`,
        networks,
      });
    }
    outTenants.push({ name: tenant.name, vrfs: tenantVrfs.sort() });
  }
  checkNetworkMtu(ctx, settings, outNetworks);
  outTenants.sort(byName);
  outVrfs.sort(byName);
  outNetworks.sort(byName);
  return { tenants: outTenants, vrfs: outVrfs, networks: outNetworks };
}

/** The optional keys of a network remembered for diagnostics, with their key suffixes. */
const networkKeys = [
  ['vni', '.vni'],
  ['subnet', '.subnet'],
  ['gateway', '.gateway'],
  ['mtu', '.mtu'],
  ['leaves', '.leaves'],
] as const;

function resolveNetwork(
  ctx: ResolveContext,
  settings: FabricSettings,
  tenant: string,
  vrf: string,
  network: IntentNetwork,
  names: Map<string, IntentNetwork>,
  claimVni: (vni: number, what: string, span: SpanLike, derived?: boolean) => boolean,
  pools: readonly [string, Prefix][],
): NetworkBase | undefined {
  let ok = true;
  const prev = names.get(network.name);
  if (prev !== undefined) {
    ctx.report(R.duplicateNetworkName, { span: ctx.at(network, 'name'), related: [ctx.related('first used here', ctx.at(prev, 'name'))] }, network.name);
    return undefined;
  }
  names.set(network.name, network);
  ctx.rememberAt(['network:', network.name], network, 'name');
  ctx.rememberAt(['network:', network.name, '.vlan'], network, 'vlan');
  for (const [key, suffix] of networkKeys) {
    if (network[key] !== undefined) ctx.rememberAt(['network:', network.name, suffix], network, key);
  }

  const vni = network.vni ?? settings.vniBase + network.vlan;
  const vniSpan = (): Span | undefined => (network.vni !== undefined ? ctx.at(network, 'vni') : ctx.at(network, 'vlan'));
  if (vni > 16777215) {
    ctx.report(R.vniOutOfRange, { span: vniSpan }, network.name, vni);
    ok = false;
  } else if (!claimVni(vni, `network '${network.name}'`, vniSpan, network.vni === undefined)) {
    ok = false;
  }

  let subnet: ResolvedSubnet | undefined;
  if (network.subnet === undefined) {
    if (network.gateway !== undefined) {
      ctx.report(R.gatewayWithoutSubnet, { span: ctx.at(network, 'gateway') }, network.name);
      ok = false;
    }
  } else {
    const prefix = checkedPrefix(network.subnet);
    const subnetSpan = (): Span | undefined => ctx.at(network, 'subnet');
    const special = nonInterfaceBlock(prefix);
    if (prefix.cidr !== network.subnet) {
      ctx.report(R.subnetHostBits, { span: subnetSpan }, network.subnet, prefix.cidr);
      ok = false;
    } else if (prefix.length > 30) {
      ctx.report(R.subnetTooSmall, { span: subnetSpan }, network.name, network.subnet);
      ok = false;
    } else if (special !== undefined) {
      ctx.report(R.prefixNotForInterfaces, { span: subnetSpan }, 'subnet', network.subnet, `network '${network.name}'`, special.cidr, special.purpose);
      ok = false;
    } else {
      for (const [poolName, pool] of pools) {
        if (prefixesOverlap(prefix, pool)) {
          ctx.report(R.subnetOverlapsPool, { span: subnetSpan, related: [ctx.related(`pool ${poolName} is ${pool.cidr}`, ctx.provenance.get(`fabric.pools.${poolName}`))] }, network.name, poolName);
          ok = false;
        }
      }
      const gateway = network.gateway !== undefined ? checkedAddress(network.gateway) : prefix.base + 1;
      const gwSpan = (): Span | undefined => (network.gateway !== undefined ? ctx.at(network, 'gateway') : subnetSpan());
      if (!prefixContains(prefix, gateway)) {
        ctx.report(R.gatewayOutsideSubnet, { span: gwSpan }, network.name, formatAddress(gateway), prefix.cidr);
        ok = false;
      } else if (isNetworkOrBroadcast(prefix, gateway)) {
        ctx.report(R.gatewayReserved, { span: gwSpan }, network.name, formatAddress(gateway), prefix.cidr);
        ok = false;
      } else {
        subnet = { prefix, gateway: formatAddress(gateway) };
      }
    }
  }
  if (!ok) return undefined;
  return {
    intent: network,
    name: network.name,
    tenant,
    vrf,
    vlan: network.vlan,
    vni,
    subnet,
    mtu: network.mtu ?? 1500,
    labels: [...(network.labels ?? [])].sort(),
    routeTarget: `${settings.rtAsn}:${vni}`,
  };
}

/** VXLAN over IPv4 adds 50 bytes to every frame: the underlay must carry the largest network MTU plus 50. */
export const vxlanOverheadBytes = 50;
/** The schema's maximum of fabric.mtu. */
const maxUnderlayMtu = 9216;

/**
 * Every network's MTU plus the VXLAN overhead must fit fabric.mtu. A network that sets its MTU is
 * reported there; networks on the default 1500 are reported once, at fabric.mtu.
 */
function checkNetworkMtu(ctx: ResolveContext, settings: FabricSettings, networks: readonly NetworkBase[]): void {
  const defaulted: NetworkBase[] = [];
  for (const n of networks) {
    if (n.mtu + vxlanOverheadBytes <= settings.mtu) continue;
    if (n.intent.mtu === undefined) {
      defaulted.push(n);
      continue;
    }
    const fabricMtu = ctx.provenance.get('fabric.mtu');
    ctx.report(
      R.networkMtuOverUnderlay,
      {
        span: ctx.at(n.intent, 'mtu'),
        related: fabricMtu === undefined ? [] : [ctx.related(`fabric.mtu is ${settings.mtu}`, fabricMtu)],
        hint:
          n.mtu + vxlanOverheadBytes <= maxUnderlayMtu
            ? `raise fabric.mtu${fabricMtu === undefined ? ` (default ${settings.mtu})` : ''} to ${n.mtu + vxlanOverheadBytes}, or lower this MTU to ${settings.mtu - vxlanOverheadBytes}`
            : `lower this MTU to ${settings.mtu - vxlanOverheadBytes}${settings.mtu < maxUnderlayMtu ? ` (or to ${maxUnderlayMtu - vxlanOverheadBytes} with fabric.mtu ${maxUnderlayMtu}, its maximum)` : ''}`,
      },
      n.name,
      n.mtu,
      settings.mtu,
    );
  }
  defaulted.sort(byName);
  const first = defaulted[0];
  if (first !== undefined) {
    const names = mapList(defaulted, (n) => n.name);
    ctx.report(
      R.networkMtuOverUnderlay,
      {
        span: ctx.provenance.get('fabric.mtu') ?? ctx.at(first.intent, 'name'),
        related: [ctx.related(`network '${first.name}' uses the default MTU 1500`, ctx.at(first.intent, 'name'))],
        hint: `raise fabric.mtu to at least ${first.mtu + vxlanOverheadBytes}${names.length > 1 ? `; ${names.length} networks use the default: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}` : ''}`,
      },
      first.name,
      first.mtu,
      settings.mtu,
    );
  }
}

/** No two subnets of one VRF may overlap (sweep over sorted prefixes). */
function checkSubnetOverlap(ctx: ResolveContext, vrf: string, networks: readonly NetworkBase[]): void {
  const routed = networks.filter((n) => n.subnet !== undefined).sort((a, b) => (a.subnet?.prefix.base ?? 0) - (b.subnet?.prefix.base ?? 0));
  let widest: NetworkBase | undefined;
  for (const n of routed) {
    const p = n.subnet?.prefix;
    const w = widest?.subnet?.prefix;
    if (p === undefined) continue;
    if (widest !== undefined && w !== undefined && prefixesOverlap(p, w)) {
      ctx.report(
        R.subnetOverlapInVrf,
        { span: ctx.at(n.intent, 'subnet'), related: [ctx.related(`subnet of '${widest.name}'`, ctx.at(widest.intent, 'subnet'))] },
        n.name,
        widest.name,
        vrf,
      );
    }
    if (w === undefined || p.base + p.size > w.base + w.size) widest = n;
  }
}
