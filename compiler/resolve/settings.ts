/** Fabric-wide settings: defaults, pools, the ASN plan's fabric-level rules, EVPN parameters. */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { IntentFabric } from '../load/intent-types.js';
import type { ResolveContext, SpanLike } from './context.js';
import type { FabricSettings, Platform, Prefix, VlanRange } from './fabric-model.js';
import { checkedPrefix, nonInterfaceBlock, prefixesOverlap } from '../shared/ipv4.js';

export const defaults = {
  platform: 'frr',
  virtual: false,
  maxSpines: 8,
  mtu: 9214,
  uplinkPort: 49,
  /** The highest VLAN NX-OS does not reserve for itself (it keeps 3968-4094). */
  nativeVlan: 3967,
  /** Below the native VLAN and NX-OS's reserved range; 267 VLANs for a leaf's routed uplinks and L3VNIs. */
  eosInternalVlans: { first: 3700, last: 3966 },
  vniBase: 10000,
  anycastMac: '00:00:5e:00:01:01',
  bfd: true,
  hopLimit: 2,
  failures: 1,
} as const;

/** Checks one ASN against the reserved values and the private ranges. Returns false when unusable. */
export function checkAsn(ctx: ResolveContext, asn: number, span: SpanLike, warnPublic = true): boolean {
  if (asn === 23456) {
    ctx.report(R.asnReserved, { span }, asn, 'it is AS_TRANS (RFC 6793), a placeholder for 4-byte ASNs');
    return false;
  }
  if (asn === 65535 || asn === 4294967295 || asn === 0) {
    ctx.report(R.asnReserved, { span }, asn, 'it is reserved (RFC 7300)');
    return false;
  }
  if (warnPublic && !isPrivateAsn(asn)) ctx.report(R.asnNotPrivate, { span }, asn);
  return true;
}

export function isPrivateAsn(asn: number): boolean {
  return (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294);
}

/** VLANs NX-OS keeps for itself by default (`system vlan 3968 reserve`). */
export const nxosReservedVlans: VlanRange = { first: 3968, last: 4094 };

/**
 * `platform` overrides the platform of every device (`--platform`): decided here, before the rules
 * that depend on what each platform renders (transit VLANs, native VLAN, reserved VLANs) run.
 */
export function resolveSettings(ctx: ResolveContext, fabric: IntentFabric, platform?: Platform): FabricSettings {
  const pools = fabric.pools;
  const loopback = checkedPrefix(pools.loopback);
  const vtep = checkedPrefix(pools.vtep);
  const p2p = checkedPrefix(pools.p2p);
  const named: [string, Prefix, string][] = [
    ['loopback', loopback, pools.loopback],
    ['vtep', vtep, pools.vtep],
    ['p2p', p2p, pools.p2p],
  ];
  for (const [name, prefix, written] of named) {
    ctx.remember(`fabric.pools.${name}`, () => ctx.at(pools, name));
    if (prefix.cidr !== written) {
      ctx.report(R.subnetHostBits, { span: ctx.at(pools, name) }, written, prefix.cidr);
    }
    const special = nonInterfaceBlock(prefix);
    if (special !== undefined) ctx.report(R.prefixNotForInterfaces, { span: ctx.at(pools, name) }, `pool ${name}`, written, '', special.cidr, special.purpose);
  }
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const a = named[i];
      const b = named[j];
      if (a === undefined || b === undefined) continue;
      if (prefixesOverlap(a[1], b[1])) {
        ctx.report(
          R.poolOverlap,
          { span: ctx.at(pools, b[0]), related: [ctx.related(`pool ${a[0]} is ${a[1].cidr}`, ctx.at(pools, a[0]))] },
          `${b[0]} ${b[1].cidr}`,
          `pool ${a[0]} ${a[1].cidr}`,
        );
      }
    }
  }

  checkAsn(ctx, fabric.asn.spine, () => ctx.at(fabric.asn, 'spine'));
  ctx.remember('fabric.asn.spine', () => ctx.at(fabric.asn, 'spine'));
  if (fabric.asn.leaf_base !== undefined) ctx.remember('fabric.asn.leaf_base', () => ctx.at(fabric.asn, 'leaf_base'));

  const evpn = fabric.evpn ?? {};
  const rtAsn = evpn.rt_asn ?? fabric.asn.spine;
  // rt_asn only names the route targets' administrator: reserved values are errors, public ones are fine.
  if (evpn.rt_asn !== undefined) {
    checkAsn(ctx, evpn.rt_asn, () => ctx.at(evpn, 'rt_asn'), false);
    ctx.remember('fabric.evpn.rt_asn', () => ctx.at(evpn, 'rt_asn'));
  }
  if (rtAsn > 65535) {
    const span = evpn.rt_asn !== undefined ? ctx.at(evpn, 'rt_asn') : ctx.at(fabric.asn, 'spine');
    ctx.report(R.rtAsnTooLarge, { span, hint: evpn.rt_asn === undefined ? 'evpn.rt_asn defaults to asn.spine, a 4-byte ASN here' : undefined }, rtAsn);
  }
  const anycastMac = (evpn.anycast_mac ?? defaults.anycastMac).toLowerCase();
  const firstOctet = parseInt(anycastMac.slice(0, 2), 16);
  if ((firstOctet & 1) === 1) ctx.report(R.anycastMacMulticast, { span: ctx.at(evpn, 'anycast_mac') }, anycastMac);
  else if (anycastMac === '00:00:00:00:00:00') ctx.report(R.anycastMacZero, { span: ctx.at(evpn, 'anycast_mac') }, anycastMac);

  const vlans = fabric.vlans ?? {};
  const nativeVlan = vlans.native ?? defaults.nativeVlan;
  const eosInternalVlans = vlans.eos_internal ?? defaults.eosInternalVlans;
  if (eosInternalVlans.first > eosInternalVlans.last) {
    ctx.report(R.fabricVlansConflict, { span: ctx.at(vlans, 'eos_internal') }, `eos_internal starts at ${eosInternalVlans.first}, after its last VLAN ${eosInternalVlans.last}`);
  } else if (nativeVlan >= eosInternalVlans.first && nativeVlan <= eosInternalVlans.last) {
    ctx.report(
      R.fabricVlansConflict,
      { span: vlans.native !== undefined ? ctx.at(vlans, 'native') : ctx.at(vlans, 'eos_internal'), hint: 'EOS would hand the native VLAN to a routed port' },
      `the native VLAN ${nativeVlan} is inside the EOS internal range ${eosInternalVlans.first}-${eosInternalVlans.last}`,
    );
  }

  const settings: FabricSettings = {
    platform: platform ?? fabric.platform ?? defaults.platform,
    virtual: fabric.virtual ?? defaults.virtual,
    maxSpines: fabric.max_spines ?? defaults.maxSpines,
    mtu: fabric.mtu ?? defaults.mtu,
    uplinkPort: fabric.uplink_port ?? defaults.uplinkPort,
    nativeVlan,
    eosInternalVlans: { first: eosInternalVlans.first, last: eosInternalVlans.last },
    spineAsn: fabric.asn.spine,
    leafAsnBase: fabric.asn.leaf_base,
    pools: { loopback, vtep, p2p },
    vniBase: evpn.vni_base ?? defaults.vniBase,
    rtAsn,
    anycastMac,
    bfd: fabric.bfd ?? defaults.bfd,
    hopLimit: fabric.verify?.hop_limit ?? defaults.hopLimit,
    failures: fabric.verify?.failures ?? defaults.failures,
  };
  if (vlans.native !== undefined) ctx.remember('fabric.vlans.native', () => ctx.at(vlans, 'native'));
  if (vlans.eos_internal !== undefined) ctx.remember('fabric.vlans.eos_internal', () => ctx.at(vlans, 'eos_internal'));
  for (const key of ['mtu', 'max_spines', 'uplink_port', 'bfd', 'platform', 'virtual'] as const) {
    if (fabric[key] !== undefined) ctx.remember(`fabric.${key}`, () => ctx.at(fabric, key));
  }
  if (fabric.evpn !== undefined) ctx.remember('fabric.evpn', () => ctx.keySpan(fabric, 'evpn'));
  if (fabric.evpn?.anycast_mac !== undefined) ctx.remember('fabric.evpn.anycast_mac', () => ctx.at(evpn, 'anycast_mac'));
  const verify = fabric.verify;
  if (verify !== undefined) {
    ctx.remember('fabric.verify', () => ctx.keySpan(fabric, 'verify'));
    if (verify.hop_limit !== undefined) ctx.remember('fabric.verify.hop_limit', () => ctx.at(verify, 'hop_limit'));
    if (verify.failures !== undefined) ctx.remember('fabric.verify.failures', () => ctx.at(verify, 'failures'));
  }
  ctx.remember('fabric', () => ctx.at(fabric, 'name'));
  return settings;
}
