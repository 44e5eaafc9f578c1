/**
 * Control-plane checks of one device against its model, given what is down: BGP sessions and their
 * address families, BFD, routes to every other VTEP with one next hop per shared spine, and the
 * remote VTEPs of every VNI. Pure: observations in, checks out. A device is converged when all of
 * its checks pass; the poller re-reads only devices that are not.
 */
import type { BgpNeighbor, DeviceModel } from '../../compiler/build/device-model.js';
import { vxlanDeviceName } from '../../compiler/build/naming.js';
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { compareNatural } from '../../compiler/shared/natural-order.js';
import { failed, passed, withDevice, type LabCheck } from '../check.js';
import type { BfdPeerState, Parsed } from '../frr-json.js';
import { floodCommand, kernelRouteCommand, type DeviceObservation } from '../observe.js';
import { describeFailures, linkBetween, sessionCanBeUp, sharedSpines, type Failures, type Topology } from '../topology.js';

/** FRR's names of the address families the device model speaks of. */
const familyNames = { ipv4Unicast: 'ipv4Unicast', l2vpnEvpn: 'l2VpnEvpn' } as const;

export function checkControlPlane(topology: Topology, failures: Failures, model: DeviceModel, obs: DeviceObservation): LabCheck[] {
  const checks = [...checkSessions(topology, failures, model, obs), ...checkBfd(topology, failures, model, obs)];
  if (model.role === 'leaf') checks.push(...checkVtepRoutes(topology, failures, model, obs), ...checkVnis(topology, failures, model, obs));
  return checks.map((c) => withDevice(c, model.name));
}

function sessionName(model: DeviceModel, n: BgpNeighbor): string {
  return `${model.name} to ${n.peer} ${n.address} (${n.purpose})`;
}

function expectedFamilies(model: DeviceModel, n: BgpNeighbor): string[] {
  const group = model.bgp.peerGroups.find((g) => g.name === n.peerGroup);
  const families: string[] = [];
  if (group?.addressFamilies.ipv4Unicast === true) families.push(familyNames.ipv4Unicast);
  if (group?.addressFamilies.l2vpnEvpn === true) families.push(familyNames.l2vpnEvpn);
  return families.sort();
}

function checkSessions(topology: Topology, failures: Failures, model: DeviceModel, obs: DeviceObservation): LabCheck[] {
  return model.bgp.neighbors.map((n) => {
    const name = sessionName(model, n);
    if ('error' in obs.neighbors) return failed('bgp', name, L.queryFailed, model.name, 'show bgp neighbors json', obs.neighbors.error);
    const seen = obs.neighbors.value.get(n.address);
    if (!sessionCanBeUp(topology, failures, model.name, n.peer)) {
      if (seen?.state === 'Established') return failed('bgp', `${name} is down`, L.sessionNotDown, model.name, `${n.peer} ${n.address}`, describeFailures(failures));
      return passed('bgp', `${name} is down`);
    }
    if (seen === undefined) return failed('bgp', name, L.sessionDown, model.name, n.peer, n.address, 'not configured in bgpd');
    if (seen.state !== 'Established') return failed('bgp', name, L.sessionDown, model.name, n.peer, n.address, seen.state);
    const want = expectedFamilies(model, n);
    if (seen.families.join(',') !== want.join(',')) {
      return failed('bgp', name, L.sessionFamilies, model.name, `${n.peer} ${n.address}`, listOrNone(seen.families), listOrNone(want));
    }
    return passed('bgp', name);
  });
}

function checkBfd(topology: Topology, failures: Failures, model: DeviceModel, obs: DeviceObservation): LabCheck[] {
  if (model.bfd === null || obs.bfd === null) return [];
  const checks: LabCheck[] = [];
  for (const n of model.bgp.neighbors) {
    const group = model.bgp.peerGroups.find((g) => g.name === n.peerGroup);
    if (group?.bfd !== true || !sessionCanBeUp(topology, failures, model.name, n.peer)) continue;
    const name = sessionName(model, n);
    const multihop = n.interface === null;
    checks.push(bfdPeerCheck(name, model.name, n.peer, n.address, obs.bfd, (p) => p.peer === n.address && p.multihop === multihop));
  }
  return checks;
}

/**
 * One BFD session as `show bfd peers json` on `device` shows it (the first peer `match` takes): up,
 * or failed with what the device shows — missing, its state, or the query's error. Also judges the
 * sessions to the stand-ins outside the fabric (checks/outside.ts).
 */
export function bfdPeerCheck(name: string, device: string, peerName: string, address: string, seen: Parsed<readonly BfdPeerState[]>, match: (p: BfdPeerState) => boolean): LabCheck {
  if ('error' in seen) return failed('bfd', name, L.queryFailed, device, 'show bfd peers json', seen.error);
  const peer = seen.value.find(match);
  if (peer === undefined) return failed('bfd', name, L.bfdDown, device, peerName, address, 'missing');
  if (peer.status !== 'up') return failed('bfd', name, L.bfdDown, device, peerName, address, peer.status);
  return passed('bfd', name);
}

/**
 * The kernel's route to every other leaf's VTEP: one next hop per spine the two leaves share (up
 * to maximum-paths), each over the link to that spine.
 */
function checkVtepRoutes(topology: Topology, failures: Failures, model: DeviceModel, obs: DeviceObservation): LabCheck[] {
  const checks: LabCheck[] = [];
  for (const other of topology.leaves) {
    const vtep = topology.vteps.get(other);
    if (other === model.name || vtep === undefined) continue;
    const name = `${model.name} to VTEP ${vtep} (${other})`;
    if (obs.routes === null || 'error' in obs.routes) {
      checks.push(failed('vtep-routes', name, L.queryFailed, model.name, kernelRouteCommand, obs.routes?.error ?? 'not asked'));
      continue;
    }
    const spines = sharedSpines(topology, failures, model.name, other);
    const want = spines
      .map((s) => linkBetween(topology, model.name, s))
      .filter((l) => l !== undefined)
      .map((l) => `${l.spineAddress} ${l.leafInterface} (${l.spine})`)
      .sort(compareNatural);
    const route = obs.routes.value.get(`${vtep}/32`);
    if (route === undefined) {
      checks.push(want.length === 0 ? passed('vtep-routes', `${name}: none, no shared spine`) : failed('vtep-routes', name, L.vtepRouteMissing, model.name, vtep, other));
      continue;
    }
    const spineOf = new Map(topology.links.filter((l) => l.leaf === model.name).map((l) => [`${l.spineAddress} ${l.leafInterface}`, l.spine]));
    const got = route
      .map((h) => `${h.gateway ?? '?'} ${h.dev ?? '?'}`)
      .map((h) => `${h} (${spineOf.get(h) ?? 'not a spine link'})`)
      .sort(compareNatural);
    const width = Math.min(want.length, model.bgp.maximumPaths);
    const ok = got.length === width && got.every((h) => want.includes(h));
    checks.push(ok ? passed('vtep-routes', name) : failed('vtep-routes', name, L.vtepRoutePaths, model.name, vtep, other, listOrNone(got), listOrNone(want)));
  }
  return checks;
}

/** The VTEPs a leaf's VNI should list: the other leaves that carry it and share a spine with it. */
function expectedVteps(topology: Topology, failures: Failures, model: DeviceModel, vni: number): Map<string, string> {
  const expected = new Map<string, string>();
  for (const other of topology.leaves) {
    if (other === model.name) continue;
    const carries = topology.devices.get(other)?.vxlan?.l2vnis.some((v) => v.vni === vni) === true;
    const vtep = topology.vteps.get(other);
    if (carries && vtep !== undefined && sharedSpines(topology, failures, model.name, other).length > 0) expected.set(vtep, other);
  }
  return expected;
}

/**
 * Whether zebra lists a VTEP in some layer-2 VNI of the leaf that it should not: then the kernel's
 * flood lists (DeviceObservation.floods) tell whether it floods to it (converge.ts reads them).
 */
export function listsUnexpectedVteps(topology: Topology, failures: Failures, model: DeviceModel, obs: DeviceObservation): boolean {
  if (obs.vnis === null || 'error' in obs.vnis) return false;
  const vnis = obs.vnis.value;
  return (model.vxlan?.l2vnis ?? []).some((l2) => {
    const expected = expectedVteps(topology, failures, model, l2.vni);
    return (vnis.get(l2.vni)?.remoteVteps ?? []).some((v) => !expected.has(v));
  });
}

/**
 * Each layer-2 VNI's remote VTEPs: zebra lists exactly the other leaves that carry the VNI and
 * share a spine with this one.
 *
 * zebra also adds a VTEP when a MAC/IP route names one it has no inclusive-multicast route from,
 * without flooding to it, and removes VTEPs only when the inclusive-multicast route goes. When that
 * route is withdrawn before a MAC/IP route that is still being re-announced (a leaf or its spines
 * failing), the VTEP stays listed, not flooded to, until the VNI goes (FRR 8.4 to 10.x: zebra_evpn.c,
 * zebra_evpn_rem_macip_add; FRRouting/frr#23280 describes it). Such a VTEP carries no traffic of
 * the VNI, so it passes, and the check's detail names it: the kernel's flood list of the VNI's
 * VXLAN device (read only then) must not have it. One the kernel floods to fails, as does one
 * listed while the flood lists could not be read.
 */
function checkVnis(topology: Topology, failures: Failures, model: DeviceModel, obs: DeviceObservation): LabCheck[] {
  const checks: LabCheck[] = [];
  for (const l2 of model.vxlan?.l2vnis ?? []) {
    const name = `${model.name} VNI ${l2.vni} (${l2.network})`;
    if (obs.vnis === null || 'error' in obs.vnis) {
      checks.push(failed('vni-vteps', name, L.queryFailed, model.name, 'show evpn vni detail json', obs.vnis?.error ?? 'not asked'));
      continue;
    }
    const seen = obs.vnis.value.get(l2.vni);
    if (seen?.type !== 'L2') {
      checks.push(failed('vni-vteps', name, L.vniVteps, model.name, l2.vni, l2.network, seen === undefined ? 'is not known to zebra' : `is ${seen.type}, expected L2`));
      continue;
    }
    const expected = expectedVteps(topology, failures, model, l2.vni);
    const missing = [...expected].filter(([v]) => !seen.remoteVteps.includes(v)).map(([v, leaf]) => `${v} (${leaf})`);
    const extra = seen.remoteVteps.filter((v) => !expected.has(v));
    const device = model.linux?.bridges.find((b) => b.vni === l2.vni)?.vxlan ?? vxlanDeviceName(l2.vni);
    const floods = obs.floods;
    if (extra.length > 0 && floods !== null && 'error' in floods) {
      checks.push(failed('vni-vteps', name, L.queryFailed, model.name, floodCommand, floods.error));
      continue;
    }
    const flooded = floods === null || 'error' in floods ? undefined : (floods.value.get(device) ?? []);
    const unexpected = flooded === undefined ? extra : extra.filter((v) => flooded.includes(v));
    const placeholders = flooded === undefined ? [] : extra.filter((v) => !flooded.includes(v));
    if (missing.length === 0 && unexpected.length === 0) {
      const check = passed('vni-vteps', name);
      checks.push(
        placeholders.length === 0
          ? check
          : { ...check, detail: `zebra also lists ${placeholders.join(', ')}, which ${device} does not flood to: kept for a MAC/IP route after its inclusive-multicast route was withdrawn` },
      );
      continue;
    }
    const parts = [`lists remote VTEPs ${listOrNone(seen.remoteVteps)}`];
    if (flooded !== undefined) parts.push(`${device} floods to ${listOrNone(flooded)}`);
    if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
    if (unexpected.length > 0) parts.push(`unexpected ${unexpected.join(', ')}`);
    checks.push(failed('vni-vteps', name, L.vniVteps, model.name, l2.vni, l2.network, parts.join('; ')));
  }
  return checks;
}

function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}
