/**
 * Why a routed probe failed, when the kernel can say: routing between a VRF's networks on
 * different leaves (symmetric EVPN routing) needs, on the source leaf, a neighbour entry for the
 * destination leaf's VTEP on the VRF's L3VNI bridge with that leaf's router MAC (zebra installs it
 * from the EVPN routes' Rmac), and the same on the destination leaf for the source's VTEP so the
 * reply comes back. When one is missing although the control plane converged, the failure is
 * zebra's bookkeeping, not the packet path, and the report says so.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { shellQuote, type Runner } from './exec.js';

export interface RouterMacEntry {
  /** The leaf that needs the entry, its namespace, its L3VNI bridge for the VRF, the other leaf's VTEP and router MAC. */
  readonly leaf: string;
  /** Which way the probe's packets need it: the echo request (source leaf) or the reply (destination leaf). */
  readonly direction: 'request' | 'reply';
  readonly namespace: string;
  readonly bridge: string;
  readonly vtep: string;
  readonly mac: string;
  /**
   * When the VTEP's leaf shares a dual-homed server's Ethernet segment with other live leaves:
   * that server. The leaf is then on the way because the server's routes go over every leaf of
   * its segment, whether or not that leaf announced the server's address with its router MAC.
   */
  readonly segmentOf?: string;
}

/** The entry `source` (a leaf model, in `namespace`) needs to route to `destination` in `vrf`. */
export function routerMacEntry(source: DeviceModel, namespace: string, destination: DeviceModel, vrf: string, direction: 'request' | 'reply' = 'request', segmentOf?: string): RouterMacEntry | undefined {
  const bridge = source.linux?.l3vniBridges.find((b) => b.vrf === vrf);
  const remote = destination.linux?.l3vniBridges.find((b) => b.vrf === vrf);
  const vtep = destination.interfaces.vtep?.address.split('/')[0];
  if (bridge === undefined || remote === undefined || vtep === undefined) return undefined;
  return { leaf: source.name, direction, namespace, bridge: bridge.name, vtep, mac: remote.mac, ...(segmentOf === undefined ? {} : { segmentOf }) };
}

/** What `ip neigh show <vtep> dev <bridge>` says, judged: undefined when the entry is right. */
export function judgeRouterMac(entry: RouterMacEntry, neighShow: string): string | undefined {
  const line = neighShow.split('\n').find((l) => l.startsWith(`${entry.vtep} `));
  const mac = line === undefined ? undefined : /lladdr ([0-9a-f:]{17})/.exec(line)?.[1];
  if (mac === entry.mac) return undefined;
  const found = line === undefined ? 'none' : (mac ?? line.slice(entry.vtep.length).trim());
  const which = entry.direction === 'request' ? 'the source leaf' : 'the destination leaf (for the reply)';
  const head = `${entry.leaf}, ${which}, has no router-MAC entry for VTEP ${entry.vtep} on ${entry.bridge} (expected ${entry.mac}, found ${found})`;
  // Seen in the VM on FRR 8.4: leaf3 routed to hv01 over both leaves of its segment while only
  // leaf1 announced hv01's address (with leaf1's router MAC); leaf2 held hv01's ARP entry as
  // inactive and announced nothing, so no route ever brought leaf2's router MAC to leaf3.
  if (entry.segmentOf !== undefined) return `${head}: it routes to ${entry.segmentOf} over every leaf of ${entry.segmentOf}'s Ethernet segment, this VTEP's among them, but gets that leaf's router MAC only with a route for ${entry.segmentOf}'s address from that leaf, which it sends only while it holds ${entry.segmentOf}'s ARP entry`;
  return `${head}: zebra did not install the remote router MAC the EVPN routes carry (FRR 8.4.0 to 8.4.4 remove it when a route's best path changes, FRRouting/frr#12391)`;
}

export async function checkRouterMac(run: Runner, entry: RouterMacEntry): Promise<string | undefined> {
  const r = await run('ip', ['netns', 'exec', entry.namespace, 'sh', '-c', `ip neigh show ${shellQuote(entry.vtep)} dev ${shellQuote(entry.bridge)}`]);
  return r.code === 0 ? judgeRouterMac(entry, r.stdout) : undefined;
}
