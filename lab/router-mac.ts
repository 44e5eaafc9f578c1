/**
 * Why a routed probe failed, when the kernel can say: routing between a VRF's networks on
 * different leaves (symmetric EVPN routing) needs, on the source leaf, a neighbour entry for the
 * destination leaf's VTEP on the VRF's L3VNI bridge with that leaf's router MAC (zebra installs it
 * from the EVPN routes' Rmac). When it is missing although the control plane converged, the
 * failure is zebra's bookkeeping, not the packet path, and the report says so.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { shellQuote, type Runner } from './exec.js';

export interface RouterMacEntry {
  /** The source leaf's namespace, its L3VNI bridge for the VRF, the destination VTEP and router MAC. */
  readonly namespace: string;
  readonly bridge: string;
  readonly vtep: string;
  readonly mac: string;
}

/** The entry a routed probe from `source` to `destination` (leaf models) in `vrf` depends on. */
export function routerMacEntry(source: DeviceModel, namespace: string, destination: DeviceModel, vrf: string): RouterMacEntry | undefined {
  const bridge = source.linux?.l3vniBridges.find((b) => b.vrf === vrf);
  const remote = destination.linux?.l3vniBridges.find((b) => b.vrf === vrf);
  const vtep = destination.interfaces.vtep?.address.split('/')[0];
  if (bridge === undefined || remote === undefined || vtep === undefined) return undefined;
  return { namespace, bridge: bridge.name, vtep, mac: remote.mac };
}

/** What `ip neigh show <vtep> dev <bridge>` says, judged: undefined when the entry is right. */
export function judgeRouterMac(entry: RouterMacEntry, neighShow: string): string | undefined {
  const line = neighShow.split('\n').find((l) => l.startsWith(`${entry.vtep} `));
  const mac = line === undefined ? undefined : /lladdr ([0-9a-f:]{17})/.exec(line)?.[1];
  if (mac === entry.mac) return undefined;
  const found = line === undefined ? 'none' : (mac ?? line.slice(entry.vtep.length).trim());
  return `no router-MAC entry for VTEP ${entry.vtep} on ${entry.bridge} (expected ${entry.mac}, found ${found}): zebra did not install the remote router MAC the EVPN routes carry`;
}

export async function checkRouterMac(run: Runner, entry: RouterMacEntry): Promise<string | undefined> {
  const r = await run('ip', ['netns', 'exec', entry.namespace, 'sh', '-c', `ip neigh show ${shellQuote(entry.vtep)} dev ${shellQuote(entry.bridge)}`]);
  return r.code === 0 ? judgeRouterMac(entry, r.stdout) : undefined;
}
