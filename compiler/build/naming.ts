/** Interface names per platform. Ports are platform-neutral numbers in the intent. */
import type { Platform } from './device-model.js';

export function portName(platform: Platform, port: number): string {
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
  return platform === 'frr' ? `vlan${vlan}` : `Vlan${vlan}`;
}

/** FRR 8.4 has one VXLAN device per VNI (single-VXLAN-device mode came in FRR 9). */
export function vxlanDeviceName(vni: number): string {
  return `vxlan${vni}`;
}

export function subinterfaceName(port: string, vlan: number): string {
  return `${port}.${vlan}`;
}
