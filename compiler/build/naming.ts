/**
 * Interface names per platform. Ports are platform-neutral numbers in the intent.
 *
 * The same names recur on every leaf (`swp3`, `vlan110`, `vxlan10110`, `swp3.110`): each is made
 * once per process and shared, so a thousand leaves hold one string per name rather than a
 * thousand (fewer live objects for the collector to copy; bench/PROFILE.md, round 3).
 */
import type { Platform } from './device-model.js';

/** Names of one kind by number, each made once. */
class Names {
  private readonly byNumber = new Map<number, string>();

  constructor(private readonly make: (n: number) => string) {}

  get(n: number): string {
    let name = this.byNumber.get(n);
    if (name === undefined) {
      name = this.make(n);
      this.byNumber.set(n, name);
    }
    return name;
  }
}

const portNames: Record<Platform, Names> = {
  frr: new Names((p) => `swp${p}`),
  eos: new Names((p) => `Ethernet${p}`),
  nxos: new Names((p) => `Ethernet1/${p}`),
};
const lagNames: Record<Platform, Names> = {
  frr: new Names((n) => `bond${n}`),
  eos: new Names((n) => `Port-Channel${n}`),
  nxos: new Names((n) => `port-channel${n}`),
};
const frrSvis = new Names((v) => `vlan${v}`);
const otherSvis = new Names((v) => `Vlan${v}`);
const vxlanDevices = new Names((v) => `vxlan${v}`);
/** Sub-interface names by parent port, then VLAN. */
const subinterfaces = new Map<string, Names>();

export function portName(platform: Platform, port: number): string {
  return portNames[platform].get(port);
}

/** A port-channel: FRR's Linux bond `bond<n>`, EOS `Port-Channel<n>`, NX-OS `port-channel<n>`. */
export function lagName(platform: Platform, lag: number): string {
  return lagNames[platform].get(lag);
}

/**
 * Loopback0 (router-id) and the VTEP loopback. FRR puts both addresses on `lo`, as Cumulus Linux
 * does (the VXLAN devices name their source address, not an interface).
 */
export function loopbackName(platform: Platform, purpose: 'router-id' | 'vtep'): string {
  switch (platform) {
    case 'frr':
      return 'lo';
    case 'eos':
      return purpose === 'router-id' ? 'Loopback0' : 'Loopback1';
    case 'nxos':
      return purpose === 'router-id' ? 'loopback0' : 'loopback1';
  }
}

export function sviName(platform: Platform, vlan: number): string {
  return (platform === 'frr' ? frrSvis : otherSvis).get(vlan);
}

/**
 * The anycast gateway's macvlan on an FRR SVI that keeps the leaf's own MAC (LinuxBridge.gateway):
 * `vlan<id>-v0`, the name Cumulus Linux gives a VRR device, at most 11 characters (Linux allows 15).
 */
export function gatewayDeviceName(vlan: number): string {
  return `${sviName('frr', vlan)}-v0`;
}

/** FRR 8.4 has one VXLAN device per VNI (single-VXLAN-device mode came in FRR 9). */
export function vxlanDeviceName(vni: number): string {
  return vxlanDevices.get(vni);
}

export function subinterfaceName(port: string, vlan: number): string {
  let names = subinterfaces.get(port);
  if (names === undefined) {
    names = new Names((v) => `${port}.${v}`);
    subinterfaces.set(port, names);
  }
  return names.get(vlan);
}

/** `00:00:5e:00:01:01` → `0000.5e00.0101`: the MAC form NX-OS writes in its configuration. */
export function dottedMac(mac: string): string {
  const hex = mac.replace(/[:.-]/g, '').toLowerCase();
  return [hex.slice(0, 4), hex.slice(4, 8), hex.slice(8, 12)].join('.');
}
