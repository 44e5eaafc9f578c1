/** One lab check result, as every report format prints it. */
import type { DiagnosticKind } from '../compiler/diagnostics/diagnostic.js';

export type CheckStatus = 'passed' | 'failed' | 'not-run';

export type CheckGroup = 'convergence' | 'bgp' | 'bfd' | 'vtep-routes' | 'vni-vteps' | 'multihoming' | 'gateway' | 'reachability' | 'mtu' | 'isolation' | 'routing' | 'duplicates' | 'exits' | 'hosts';

/** What each group claims, in the order reports list them. */
export const checkGroups: readonly { readonly group: CheckGroup; readonly title: string }[] = [
  { group: 'convergence', title: 'control plane converged' },
  { group: 'bgp', title: 'every BGP session of the device models is Established with the expected address families' },
  { group: 'bfd', title: 'every BGP session has its BFD session up' },
  { group: 'vtep-routes', title: 'every leaf routes to every other VTEP over one next hop per shared spine' },
  { group: 'vni-vteps', title: 'every leaf lists every other leaf carrying a VNI as a remote VTEP of it' },
  { group: 'multihoming', title: 'bonded servers aggregate every link with one LACP partner, and every leaf of an Ethernet segment lists it with the other leaf' },
  { group: 'gateway', title: 'hosts reach their anycast gateway and see the anycast MAC' },
  { group: 'reachability', title: 'hosts in the same network on different leaves reach each other' },
  { group: 'mtu', title: 'full-size unfragmented packets cross VXLAN in every network' },
  { group: 'isolation', title: 'hosts in different tenants, or different VRFs of a tenant, do not reach each other' },
  { group: 'routing', title: 'routing between the networks of a VRF through the anycast gateway' },
  { group: 'duplicates', title: 'every request to or from a server on two or more leaves arrives once (three more pings per flow, on the healthy fabric)' },
  { group: 'exits', title: 'every VRF with an exit reaches outside through every border that has it; tenants meet only at the router outside' },
  { group: 'hosts', title: 'servers speaking BGP have their session; the leaves take what the accept list allows, refuse the rest, and carry it to every leaf of the VRF' },
];

export interface LabCheck {
  readonly group: CheckGroup;
  /** Unique within a scenario and group, e.g. `leaf1 to spine1 10.1.0.160 (underlay)`. */
  readonly name: string;
  readonly status: CheckStatus;
  /** Catalogue code of a failed or not-run check. */
  readonly code?: string;
  /** Why it failed or did not run. */
  readonly message?: string;
  /** Extra facts about a check: how long convergence took; what a leaf shows of a BFD session not checked by design. */
  readonly detail?: string;
  readonly device?: string;
}

export function passed(group: CheckGroup, name: string, device?: string): LabCheck {
  return device === undefined ? { group, name, status: 'passed' } : { group, name, status: 'passed', device };
}

export function failed<A extends readonly unknown[]>(group: CheckGroup, name: string, kind: DiagnosticKind<A>, ...args: A): LabCheck {
  return { group, name, status: 'failed', code: kind.code, message: kind.format(...args) };
}

export function notRun<A extends readonly unknown[]>(group: CheckGroup, name: string, kind: DiagnosticKind<A>, ...args: A): LabCheck {
  return { group, name, status: 'not-run', code: kind.code, message: kind.format(...args) };
}

export function withDevice(check: LabCheck, device: string): LabCheck {
  return { ...check, device };
}
