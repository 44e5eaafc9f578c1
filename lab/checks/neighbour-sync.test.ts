import { describe, expect, it } from 'vitest';
import { exampleModels, must } from '../../test-helpers/lab.js';
import { failed, passed } from '../check.js';
import { LabDiagnostics as L } from '../../compiler/diagnostics/catalogue/index.js';
import { planLab } from '../plan.js';
import { buildTopology, noFailures } from '../topology.js';
import { planBaselineProbes, type Probe } from './data-plane.js';
import { excuseRefusedSync, multihomedHostsOf } from './neighbour-sync.js';

const models = exampleModels('quickstart');
const plan = planLab('t', models, { vrf: true, dot1q: true });
const probes = planBaselineProbes({
  topology: buildTopology(models),
  endpoints: plan.endpoints,
  failures: noFailures,
  promisedFailures: 1,
  vrf: true,
  noVrfReason: '',
  anycastMac: '00:00:5e:00:01:01',
}).probes;
const find = (name: string): Probe => must(probes.find((p) => p.name === name), name);
const refused = new Map([['leaf2', 3]]);
const failing = (p: Probe) => failed(p.group, p.name, L.unreachable, p.from.id, p.toLabel, '');

describe('routed probes of dual-homed servers on a kernel that refuses synced ARP entries', () => {
  it('finds the dual-homed hosts of gateway and routing probes only', () => {
    expect(multihomedHostsOf(find('hv01/dev-web to gateway 10.210.0.254'), noFailures).map((e) => e.server)).toEqual(['hv01']);
    expect(multihomedHostsOf(find('web02/web to hv01/app (leaf3 to leaf1+leaf2)'), noFailures).map((e) => e.server)).toEqual(['hv01']);
    expect(multihomedHostsOf(find('web01/web to gateway 10.110.0.1'), noFailures)).toEqual([]);
    // Bridged: the MACs sync as static bridge entries, so a failure there is a failure.
    expect(multihomedHostsOf(find('web01/web to hv01/web (leaf1 to leaf1+leaf2)'), noFailures)).toEqual([]);
  });

  it('reports such a failure as not run, with the evidence, when a leaf of the server logged the refusal', () => {
    const p = find('web02/web to hv01/app (leaf3 to leaf1+leaf2)');
    const check = excuseRefusedSync(p, failing(p), refused, noFailures);
    expect(check).toMatchObject({ status: 'not-run', code: 'CLOS7211' });
    expect(check.message).toContain("routing to and from dual-homed server 'hv01' needs both leaf1 and leaf2 to hold its ARP entry");
    expect(check.message).toContain("zebra on leaf2 logged 'Extended Error: reserved bit set' 3 times");
    expect(check.detail).toContain('cannot reach hv01/app');
  });

  it('keeps the failure without the evidence, and a pass as a pass', () => {
    const p = find('hv01/dev-web to gateway 10.210.0.254');
    expect(excuseRefusedSync(p, failing(p), new Map(), noFailures).status).toBe('failed');
    expect(excuseRefusedSync(p, failing(p), new Map([['leaf3', 5]]), noFailures).status).toBe('failed');
    expect(excuseRefusedSync(p, passed(p.group, p.name), refused, noFailures).status).toBe('passed');
    const single = find('web01/web to gateway 10.110.0.1');
    expect(excuseRefusedSync(single, failing(single), new Map([['leaf1', 1]]), noFailures).status).toBe('failed');
  });

  it("excuses a gateway that does not answer, never one that answers with another MAC", () => {
    const p = find('hv01/dev-web to gateway 10.210.0.254');
    const silent = failed(p.group, p.name, L.gatewayUnreachable, p.from.id, p.to);
    expect(excuseRefusedSync(p, silent, refused, noFailures)).toMatchObject({ status: 'not-run', code: 'CLOS7211', detail: silent.message });
    const wrongMac = failed(p.group, p.name, L.gatewayMac, p.from.id, p.to, '02:00:0a:00:00:0b', '00:00:5e:00:01:01');
    expect(excuseRefusedSync(p, wrongMac, refused, noFailures)).toEqual(wrongMac);
  });

  it('keeps a failure the lab diagnosed otherwise: zebra lacks a router MAC the routes carry', () => {
    const p = find('web02/web to hv01/app (leaf3 to leaf1+leaf2)');
    const diagnosed = failed(p.group, p.name, L.unreachable, p.from.id, p.toLabel, ' (leaf1, the destination leaf (for the reply), has no router-MAC entry for VTEP 10.0.1.13 on vlan2151 (expected 02:00:0a:00:00:0d, found none): zebra did not install the remote router MAC the EVPN routes carry)');
    expect(excuseRefusedSync(p, diagnosed, refused, noFailures).status).toBe('failed');
  });

  it("excuses a missing router MAC of a leaf of the server's own segment: that leaf never announced the server", () => {
    const p = find('web02/web to hv01/app (leaf3 to leaf1+leaf2)');
    const diagnosed = failed(p.group, p.name, L.unreachable, p.from.id, p.toLabel, " (leaf3, the source leaf, has no router-MAC entry for VTEP 10.0.1.12 on vlan2151 (expected 02:00:0a:00:00:0c, found FAILED): it routes to hv01 over every leaf of hv01's Ethernet segment, this VTEP's among them, but gets that leaf's router MAC only with a route for hv01's address from that leaf, which it sends only while it holds hv01's ARP entry)");
    const check = excuseRefusedSync(p, diagnosed, refused, noFailures);
    expect(check.status).toBe('not-run');
    expect(check.code).toBe('CLOS7211');
    expect(check.detail).toContain('found FAILED');
    expect(excuseRefusedSync(p, diagnosed, new Map(), noFailures).status).toBe('failed');
  });

  it('excuses nothing once a leaf of the server is down: its other leaf resolves it alone', () => {
    const p = find('hv01/dev-web to gateway 10.210.0.254');
    expect(excuseRefusedSync(p, failing(p), refused, { spines: [], links: [], leaves: ['leaf1'] }).status).toBe('failed');
  });
});
