import { describe, expect, it } from 'vitest';
import { exampleModels, frrFixture, must } from '../../test-helpers/lab.js';
import { parseBfdPeers, parseBgpNeighbors, parseEvpnVnis, parseKernelRoutes } from '../frr-json.js';
import type { DeviceObservation } from '../observe.js';
import { queriesFor } from '../observe.js';
import { buildTopology, noFailures } from '../topology.js';
import { checkControlPlane, listsUnexpectedVteps } from './control-plane.js';

const models = exampleModels('quickstart');
const topology = buildTopology(models);
const leaf1 = must(models.find((m) => m.name === 'leaf1'));

const healthy: DeviceObservation = {
  device: 'leaf1',
  neighbors: parseBgpNeighbors(frrFixture('leaf1-neighbors.json')),
  routes: parseKernelRoutes(frrFixture('leaf1-kernel-routes.json')),
  bfd: parseBfdPeers(frrFixture('leaf1-bfd.json')),
  vnis: parseEvpnVnis(frrFixture('leaf1-vnis.json')),
  floods: null,
};

function failures(checks: ReturnType<typeof checkControlPlane>): string[] {
  return checks.filter((c) => c.status !== 'passed').map((c) => `${c.code ?? ''} ${c.message ?? ''}`);
}

describe('checkControlPlane on leaf1 of the quickstart lab', () => {
  it('passes every check on the captured healthy state', () => {
    const checks = checkControlPlane(topology, noFailures, leaf1, healthy);
    expect(failures(checks)).toEqual([]);
    const count = (g: string): number => checks.filter((c) => c.group === g).length;
    // 2 underlay + 2 overlay sessions; a route to each of 3 other VTEPs; 3 VNIs.
    expect([count('bgp'), count('bfd'), count('vtep-routes'), count('vni-vteps')]).toEqual([4, 4, 3, 3]);
    expect(checks.every((c) => c.device === 'leaf1')).toBe(true);
  });

  it("asks a leaf's vtysh for sessions, BFD and VNIs, and the VNIs last (they may print nothing)", () => {
    expect(queriesFor(leaf1)).toEqual(['neighbors', 'bfd', 'vnis']);
    expect(queriesFor(must(models.find((m) => m.name === 'spine1')))).toEqual(['neighbors', 'bfd']);
  });

  it('names a session that is not Established, and one with the wrong address families', () => {
    const neighbors = new Map([
      ['10.1.0.160', { state: 'Active', families: [] }],
      ['10.1.0.162', { state: 'Established', families: ['ipv4Unicast'] }],
      ['10.0.0.1', { state: 'Established', families: ['ipv4Unicast', 'l2VpnEvpn'] }],
    ]);
    const checks = checkControlPlane(topology, noFailures, leaf1, { ...healthy, neighbors: { value: neighbors } });
    expect(failures(checks).filter((f) => f.startsWith('CLOS710'))).toEqual([
      'CLOS7101 leaf1: BGP session to spine1 (10.1.0.160) is Active, expected Established',
      'CLOS7102 leaf1: BGP session to spine1 10.0.0.1 negotiated ipv4Unicast, l2VpnEvpn, expected l2VpnEvpn',
      'CLOS7101 leaf1: BGP session to spine2 (10.0.0.2) is not configured in bgpd, expected Established',
    ]);
  });

  it('wants one next hop per shared spine, and names the missing spine', () => {
    const routes = new Map([['10.0.1.12/32', [{ gateway: '10.1.0.160', dev: 'swp49' }]]]);
    const checks = checkControlPlane(topology, noFailures, leaf1, { ...healthy, routes: { value: routes } });
    expect(failures(checks).filter((f) => f.startsWith('CLOS710'))).toEqual([
      'CLOS7105 leaf1: route to VTEP 10.0.1.12 of leaf2 has next hops 10.1.0.160 swp49 (spine1), expected 10.1.0.160 swp49 (spine1), 10.1.0.162 swp50 (spine2)',
      'CLOS7104 leaf1: no route to VTEP 10.0.1.13 of leaf3 in the kernel',
      'CLOS7104 leaf1: no route to VTEP 10.0.1.14 of leaf4 in the kernel',
    ]);
  });

  it('with spine2 down: its sessions must be down, one next hop is enough, BFD to it is not asked', () => {
    const down = { spines: ['spine2'], links: [] };
    const checks = checkControlPlane(topology, down, leaf1, healthy);
    expect(failures(checks)).toEqual([
      'CLOS7103 leaf1: BGP session to spine2 10.1.0.162 is still Established although spine2 is down',
      'CLOS7103 leaf1: BGP session to spine2 10.0.0.2 is still Established although spine2 is down',
      'CLOS7105 leaf1: route to VTEP 10.0.1.12 of leaf2 has next hops 10.1.0.160 swp49 (spine1), 10.1.0.162 swp50 (spine2), expected 10.1.0.160 swp49 (spine1)',
      'CLOS7105 leaf1: route to VTEP 10.0.1.13 of leaf3 has next hops 10.1.0.160 swp49 (spine1), 10.1.0.162 swp50 (spine2), expected 10.1.0.160 swp49 (spine1)',
      'CLOS7105 leaf1: route to VTEP 10.0.1.14 of leaf4 has next hops 10.1.0.160 swp49 (spine1), 10.1.0.162 swp50 (spine2), expected 10.1.0.160 swp49 (spine1)',
    ]);
    expect(checks.filter((c) => c.group === 'bfd')).toHaveLength(2);
  });

  it('lists missing and unexpected remote VTEPs of a VNI', () => {
    const vnis = new Map([
      [10110, { vni: 10110, type: 'L2' as const, remoteVteps: ['10.0.1.12', '10.0.1.99'] }],
      [10120, { vni: 10120, type: 'L3' as const, remoteVteps: [] }],
    ]);
    const floods = new Map([['vxlan10110', ['10.0.1.12', '10.0.1.99']]]);
    const checks = checkControlPlane(topology, noFailures, leaf1, { ...healthy, vnis: { value: vnis }, floods: { value: floods } });
    expect(failures(checks)).toEqual([
      'CLOS7106 leaf1: VNI 10110 (web) lists remote VTEPs 10.0.1.12, 10.0.1.99; vxlan10110 floods to 10.0.1.12, 10.0.1.99; missing 10.0.1.13 (leaf3), 10.0.1.14 (leaf4); unexpected 10.0.1.99',
      'CLOS7106 leaf1: VNI 10120 (app) is L3, expected L2',
      'CLOS7106 leaf1: VNI 10210 (dev-web) is not known to zebra',
    ]);
  });

  it('fails a VTEP zebra should not list while the flood lists are unread, and says they are wanted', () => {
    const vnis = new Map([
      [10110, { vni: 10110, type: 'L2' as const, remoteVteps: ['10.0.1.12', '10.0.1.13', '10.0.1.14'] }],
      [10120, { vni: 10120, type: 'L2' as const, remoteVteps: ['10.0.1.12', '10.0.1.13', '10.0.1.14', '10.0.1.99'] }],
      [10210, { vni: 10210, type: 'L2' as const, remoteVteps: ['10.0.1.12', '10.0.1.13', '10.0.1.14'] }],
    ]);
    const obs = { ...healthy, vnis: { value: vnis }, floods: null };
    expect(failures(checkControlPlane(topology, noFailures, leaf1, obs))).toEqual([
      'CLOS7106 leaf1: VNI 10120 (app) lists remote VTEPs 10.0.1.12, 10.0.1.13, 10.0.1.14, 10.0.1.99; unexpected 10.0.1.99',
    ]);
    expect(listsUnexpectedVteps(topology, noFailures, leaf1, obs)).toBe(true);
    expect(listsUnexpectedVteps(topology, noFailures, leaf1, healthy)).toBe(false);
  });

  it('passes a VTEP zebra keeps for a MAC/IP route but does not flood to, and names it; fails one it floods to', () => {
    // As CI saw it with leaf2 down (here leaf1): isolated, its zebra still lists leaf2's VTEP in
    // VNI 10120, the VNI of the server the two share, with no flood entry for it.
    const down = { spines: [], links: [], leaves: ['leaf1'] };
    const vnis = new Map([
      [10110, { vni: 10110, type: 'L2' as const, remoteVteps: [] }],
      [10120, { vni: 10120, type: 'L2' as const, remoteVteps: ['10.0.1.12'] }],
      [10210, { vni: 10210, type: 'L2' as const, remoteVteps: [] }],
    ]);
    const quiet = checkControlPlane(topology, down, leaf1, { ...healthy, vnis: { value: vnis }, floods: { value: new Map() } });
    const vni = quiet.filter((c) => c.group === 'vni-vteps');
    expect(vni.map((c) => c.status)).toEqual(['passed', 'passed', 'passed']);
    expect(vni.map((c) => c.detail)).toEqual([
      undefined,
      'zebra also lists 10.0.1.12, which vxlan10120 does not flood to: kept for a MAC/IP route after its inclusive-multicast route was withdrawn',
      undefined,
    ]);
    const flooding = checkControlPlane(topology, down, leaf1, { ...healthy, vnis: { value: vnis }, floods: { value: new Map([['vxlan10120', ['10.0.1.12']]]) } });
    expect(failures(flooding).filter((f) => f.startsWith('CLOS7106'))).toEqual([
      'CLOS7106 leaf1: VNI 10120 (app) lists remote VTEPs 10.0.1.12; vxlan10120 floods to 10.0.1.12; unexpected 10.0.1.12',
    ]);
  });

  it("fails a VNI whose unexpected VTEP the kernel's flood lists were asked about and could not tell", () => {
    const vnis = new Map([
      [10110, { vni: 10110, type: 'L2' as const, remoteVteps: ['10.0.1.12', '10.0.1.13', '10.0.1.14', '10.0.1.99'] }],
      [10120, { vni: 10120, type: 'L2' as const, remoteVteps: ['10.0.1.12', '10.0.1.13', '10.0.1.14'] }],
      [10210, { vni: 10210, type: 'L2' as const, remoteVteps: ['10.0.1.12', '10.0.1.13', '10.0.1.14'] }],
    ]);
    const checks = checkControlPlane(topology, noFailures, leaf1, { ...healthy, vnis: { value: vnis }, floods: { error: 'bridge: exit status 1' } });
    expect(failures(checks)).toEqual(["CLOS7113 leaf1: 'bridge -j fdb show' failed: bridge: exit status 1"]);
  });

  it("wants each session's BFD up, single-hop on a link and multihop between loopbacks", () => {
    const seen = parseBfdPeers(frrFixture('leaf1-bfd.json'));
    if ('error' in seen) throw new Error(seen.error);
    const bfd = seen.value
      .filter((p) => p.peer !== '10.0.0.2')
      .map((p) => (p.peer === '10.1.0.160' ? { ...p, status: 'down' } : p.peer === '10.1.0.162' ? { ...p, multihop: true } : p));
    const checks = checkControlPlane(topology, noFailures, leaf1, { ...healthy, bfd: { value: bfd } });
    expect(failures(checks)).toEqual([
      'CLOS7107 leaf1: BFD to spine1 (10.1.0.160) is down, expected up',
      'CLOS7107 leaf1: BFD to spine2 (10.1.0.162) is missing, expected up',
      'CLOS7107 leaf1: BFD to spine2 (10.0.0.2) is missing, expected up',
    ]);
    expect(checks.filter((c) => c.group === 'bfd' && c.status === 'passed').map((c) => c.name)).toEqual(['leaf1 to spine1 10.0.0.1 (overlay)']);
  });

  it('fails every check that needs an answer vtysh did not give', () => {
    const checks = checkControlPlane(topology, noFailures, leaf1, { ...healthy, neighbors: { error: 'vtysh: exit status 1' } });
    const bgp = checks.filter((c) => c.group === 'bgp');
    expect(bgp).toHaveLength(4);
    expect(bgp.every((c) => c.status === 'failed' && c.code === 'CLOS7113')).toBe(true);
  });
});
