/**
 * Interface names per platform. Ports are platform-neutral numbers in the intent.
 *
 * The same names recur on every leaf (`swp3`, `vlan110`, `vxlan10110`, `swp3.110`): each is made
 * once per process and shared, so a thousand leaves hold one string per name rather than a
 * thousand (fewer live objects for the collector to copy; bench/PROFILE.md, round 3).
 */
import type { Platform } from './device-model.js';

const names = new Map<string, Map<number, string>>();

/** The name `make(n)` for a kind of name and a number, made once. */
function named(kind: string, n: number, make: (n: number) => string): string {
  let byNumber = names.get(kind);
  if (byNumber === undefined) {
    byNumber = new Map();
    names.set(kind, byNumber);
  }
  let name = byNumber.get(n);
  if (name === undefined) {
    name = make(n);
    byNumber.set(n, name);
  }
  return name;
}

export function portName(platform: Platform, port: number): string {
  return named(platform, port, (p) => platformPortName(platform, p));
}

function platformPortName(platform: Platform, port: number): string {
  switch (platform) {
    case 'frr':
      return `swp${port}`;
    case 'eos':
      return `Ethernet${port}`;
    case 'nxos':
      return `Ethernet1/${port}`;
  }
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
  return platform === 'frr' ? named('vlan', vlan, (v) => `vlan${v}`) : named('Vlan', vlan, (v) => `Vlan${v}`);
}

/** FRR 8.4 has one VXLAN device per VNI (single-VXLAN-device mode came in FRR 9). */
export function vxlanDeviceName(vni: number): string {
  return named('vxlan', vni, (v) => `vxlan${v}`);
}

export function subinterfaceName(port: string, vlan: number): string {
  return named(`${port}.`, vlan, (v) => `${port}.${v}`);
}

/** `00:00:5e:00:01:01` → `0000.5e00.0101`: the MAC form NX-OS writes in its configuration. */
export function dottedMac(mac: string): string {
  const hex = mac.replace(/[:.-]/g, '').toLowerCase();
  return [hex.slice(0, 4), hex.slice(4, 8), hex.slice(8, 12)].join('.');
}
