import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-helpers/examples.js';
import { exampleModels, intentModels, oddShapeIntent, must } from '../../test-helpers/lab.js';
import { planLab } from '../plan.js';
import { buildTopology, noFailures, type Failures } from '../topology.js';
import { judgeProbe, planBaselineProbes, planFailureProbes, type ProbeContext } from './data-plane.js';

const models = exampleModels('quickstart');
const topology = buildTopology(models);

function context(vrf: boolean, failures: Failures = noFailures): ProbeContext {
  const plan = planLab('t', models, { vrf, dot1q: false });
  return { topology, endpoints: plan.endpoints, failures, promisedFailures: 1, vrf, noVrfReason: 'this kernel has no VRF devices', anycastMac: '00:00:5e:00:01:01' };
}

const summary = (p: { group: string; name: string; expect: string }): string => `${p.group} ${p.expect} ${p.name}`;

describe('data-plane probes on the quickstart fabric', () => {
  it('pings gateways, one host per leaf pair of each network, full-size packets, and across VRFs', () => {
    const planned = planBaselineProbes(context(false));
    const by = (g: string): string[] => planned.probes.filter((p) => p.group === g).map(summary);
    expect(by('gateway')).toHaveLength(8);
    expect(planned.probes.filter((p) => p.group === 'gateway').every((p) => p.mac === '00:00:5e:00:01:01')).toBe(true);
    expect(by('reachability')).toEqual([
      'reachability reply web01/web to hv01/web (leaf1 to leaf1+leaf2)',
      'reachability reply web01/web to web02/web (leaf1 to leaf3)',
      'reachability reply hv01/web to web02/web (leaf1+leaf2 to leaf3)',
      'reachability reply db01/db to db02/db (leaf3 to leaf4)',
      'reachability reply db01/replication to db02/replication (leaf3 to leaf4)',
      'reachability reply hv01/dev-web to dev01/dev-web (leaf1+leaf2 to leaf4)',
    ]);
    expect(planned.probes.filter((p) => p.group === 'mtu').map((p) => `${p.name} size ${String(p.size)}`)).toEqual([
      'web: 1500 bytes web01/web to web02/web size 1472',
      'db: 1500 bytes db01/db to db02/db size 1472',
      'replication: 1500 bytes db01/replication to db02/replication size 1472',
      'dev-web: 9000 bytes hv01/dev-web to dev01/dev-web size 8972',
    ]);
    expect(by('isolation')).toEqual([
      'isolation silence web01/web to dev01/dev-web (leaf1 to leaf4)',
      'isolation silence hv01/app to dev01/dev-web (leaf1+leaf2 to leaf4)',
      'isolation silence db02/db to dev01/dev-web (same leaf leaf4)',
      'isolation silence db02/replication to dev01/dev-web (same leaf leaf4)',
    ]);
    expect(planned.probes.find((p) => p.group === 'isolation')?.boundary).toBe('VRFs prod and dev of tenant acme');
  });

  it('reports networks with no pair of leaves, and routing without VRFs, as not run', () => {
    const planned = planBaselineProbes(context(false));
    expect(planned.notRun.map((c) => `${c.group} ${c.status} ${c.code ?? ''} ${c.name}`)).toEqual([
      'reachability not-run CLOS7202 network app',
      'routing not-run CLOS7201 VRF prod of tenant acme: web, app, db',
    ]);
    expect(planned.notRun[1]?.message).toContain('this kernel has no VRF devices');
    expect(planned.probes.some((p) => p.group === 'routing')).toBe(false);
  });

  it('routes between the networks of a VRF when the kernel has VRF devices', () => {
    const planned = planBaselineProbes(context(true));
    // web-app, web-db, app-db: a pair on different leaves when there is one.
    expect(planned.probes.filter((p) => p.group === 'routing').map(summary)).toEqual([
      'routing reply web02/web to hv01/app (leaf3 to leaf1+leaf2)',
      'routing reply web01/web to db01/db (leaf1 to leaf3)',
      'routing reply hv01/app to db01/db (leaf1+leaf2 to leaf3)',
      // The dual-homed server's own, to a host of each other network of its VRF.
      'routing reply hv01/app to web02/web (leaf1+leaf2 to leaf3)',
      'routing reply hv01/web to db01/db (leaf1+leaf2 to leaf3)',
    ]);
    expect(planned.notRun.filter((c) => c.group === 'routing')).toEqual([]);
  });

  it('judges answers: a reply where silence was expected is a leak; a wrong MAC fails the gateway', () => {
    const planned = planBaselineProbes(context(false));
    const isolation = must(planned.probes.find((p) => p.group === 'isolation'));
    expect(isolation.targetNamespace).toBe('clos-t_h_dev01');
    expect(judgeProbe(isolation, { replied: false, mac: null, detail: '' }).status).toBe('passed');
    expect(judgeProbe(isolation, { replied: true, mac: null, detail: '' })).toMatchObject({
      status: 'failed',
      code: 'CLOS7109',
      message: 'web01/web (10.110.0.3) reaches dev01/dev-web (10.210.0.1) across VRFs prod and dev of tenant acme',
    });
    // With the target's counters, identity decides, not whether some host with the address replied.
    expect(judgeProbe(isolation, { replied: true, mac: null, detail: '', received: 0 })).toMatchObject({
      status: 'passed',
      detail: 'a reply came from another host that has 10.210.0.1; dev01/dev-web (10.210.0.1) received nothing',
    });
    expect(judgeProbe(isolation, { replied: false, mac: null, detail: '', received: 1 })).toMatchObject({
      status: 'failed',
      message: 'web01/web (10.110.0.3) reaches dev01/dev-web (10.210.0.1) across VRFs prod and dev of tenant acme (one way: the request arrived, no reply came back)',
    });
    expect(judgeProbe(isolation, { replied: true, mac: null, detail: '', received: 1 }).status).toBe('failed');
    const gateway = must(planned.probes.find((p) => p.group === 'gateway'));
    expect(judgeProbe(gateway, { replied: true, mac: '00:00:5e:00:01:01', detail: '' }).status).toBe('passed');
    expect(judgeProbe(gateway, { replied: true, mac: '02:00:0a:00:00:0b', detail: '' }).code).toBe('CLOS7111');
    expect(judgeProbe(gateway, { replied: false, mac: null, detail: '' }).code).toBe('CLOS7110');
    const reach = must(planned.probes.find((p) => p.group === 'reachability'));
    expect(judgeProbe(reach, { replied: false, mac: null, detail: '5 packets transmitted, 0 received' })).toMatchObject({
      code: 'CLOS7108',
      message: 'web01/web (10.110.0.3) cannot reach hv01/web (10.110.0.2) (5 packets transmitted, 0 received)',
    });
    const mtu = must(planned.probes.find((p) => p.group === 'mtu'));
    expect(judgeProbe(mtu, { replied: false, mac: null, detail: '' })).toMatchObject({
      status: 'failed',
      code: 'CLOS7112',
      message: 'web01/web (10.110.0.3) cannot send a 1500-byte unfragmented packet to web02/web (10.110.0.4) through VXLAN',
    });
    expect(judgeProbe(mtu, { replied: true, mac: null, detail: '' }).status).toBe('passed');
  });

  it('with a spine down, checks reachability between leaves', () => {
    const planned = planFailureProbes(context(false, { spines: ['spine1'], links: [] }));
    expect(new Set(planned.probes.map((p) => p.group))).toEqual(new Set(['reachability']));
    expect(planned.probes.filter((p) => p.group === 'reachability')).toHaveLength(6);
    expect(planned.notRun).toEqual([]);
  });

  it('with a leaf down, probes its dual-homed server through the other leaf and reports its single-homed ones as not run', () => {
    const planned = planFailureProbes(context(false, { spines: [], links: [], leaves: ['leaf1'] }));
    expect(planned.probes.map(summary)).toEqual([
      'reachability reply hv01/web to web02/web (leaf2 to leaf3)',
      'reachability reply db01/db to db02/db (leaf3 to leaf4)',
      'reachability reply db01/replication to db02/replication (leaf3 to leaf4)',
      'reachability reply hv01/dev-web to dev01/dev-web (leaf2 to leaf4)',
      'gateway reply hv01/app to gateway 10.120.0.1 (through leaf2)',
      'gateway reply hv01/dev-web to gateway 10.210.0.254 (through leaf2)',
      'gateway reply hv01/web to gateway 10.110.0.1 (through leaf2)',
    ]);
    // With VRFs, routing across each VRF's networks as with a spine down (hosts with a live leaf
    // only), and its routed traffic too: to a host of every other network of its VRF, each pair once.
    const routed = planFailureProbes(context(true, { spines: [], links: [], leaves: ['leaf1'] }));
    expect(routed.probes.filter((p) => p.group === 'routing').map(summary)).toEqual([
      'routing reply web02/web to hv01/app (leaf3 to leaf2)',
      'routing reply web02/web to db02/db (leaf3 to leaf4)',
      'routing reply hv01/app to db01/db (leaf2 to leaf3)',
      'routing reply hv01/app to web02/web (leaf2 to leaf3)',
      'routing reply hv01/web to db01/db (leaf2 to leaf3)',
    ]);
    expect(planned.notRun.map((c) => `${c.code ?? ''} ${c.name}: ${c.message ?? ''}`)).toEqual([
      "CLOS7210 web01: its leaf is down: not run: server 'web01' is cabled only to leaf1, which is down: it goes down with its leaf by design (a single point of failure, as clos verify lists it)",
    ]);
    // Nothing left to spare: with the other leaf down as well, hv01 is off the fabric too.
    const both = planFailureProbes(context(false, { spines: [], links: [], leaves: ['leaf1', 'leaf2'] }));
    expect(both.probes.map((p) => p.from.server)).not.toContain('hv01');
    expect(both.notRun.map((c) => c.message)).toContain("not run: server 'hv01' is cabled only to leaf1 and leaf2, which are down: it goes down with them by design");
  });

  it('with a leaf failed by hand, `test` leaves the hosts it took down out of every probe and says so', () => {
    const planned = planBaselineProbes(context(true, { spines: [], links: [], leaves: ['leaf1'] }));
    expect(planned.probes.filter((p) => p.from.server === 'web01' || p.peer?.server === 'web01').map(summary)).toEqual([]);
    expect(planned.probes.some((p) => p.group === 'gateway' && p.from.server === 'hv01')).toBe(true);
    expect(planned.notRun.filter((c) => c.code === 'CLOS7210').map((c) => c.name)).toEqual(['web01: its leaf is down']);
  });
});

describe('failure probes on a fabric without a single-failure promise', () => {
  const odd = intentModels(oddShapeIntent);
  const oddTopology = buildTopology(odd);
  const plan = planLab('odd', odd, { vrf: false, dot1q: false });
  const ctx = (promisedFailures: number): ProbeContext => ({
    topology: oddTopology,
    endpoints: plan.endpoints,
    failures: { spines: ['s1'], links: ['l3:swp50'] },
    promisedFailures,
    vrf: false,
    noVrfReason: 'x',
    anycastMac: null,
  });

  it('does not ping between leaves that share no spine any more, and says why', () => {
    const planned = planFailureProbes(ctx(0));
    expect(planned.notRun.map((c) => `${c.code ?? ''} ${c.name}`)).toEqual(['CLOS7203 b2/b-web to b1/b-web (l1 to l3)']);
    expect(planned.notRun[0]?.message).toBe(
      'not run: l1 and l3 share no spine while s1 and link l3:swp50 are down, more than the 0 failures the fabric promises to survive (fabric.verify.failures)',
    );
    expect(planned.probes.filter((p) => p.group === 'reachability').map((p) => p.name)).toEqual([
      'a1/r-web to a2/r-web (l1 to l2)',
      'a1/r-l2 to a2/r-l2 (l1 to l2)',
    ]);
  });

  it('still pings them when the failures are within the promise, so the lab can catch a broken promise', () => {
    expect(planFailureProbes(ctx(1)).notRun).toHaveLength(1);
    const planned = planFailureProbes(ctx(2));
    expect(planned.notRun).toEqual([]);
    const probe = must(planned.probes.find((p) => p.name === 'b2/b-web to b1/b-web (l1 to l3)'));
    expect(judgeProbe(probe, { replied: false, mac: null, detail: '5 packets transmitted, 0 received' }).message).toBe(
      'b2/b-web (192.168.20.3) cannot reach b1/b-web (192.168.20.2) (5 packets transmitted, 0 received; l1 and l3 share no spine while s1 and link l3:swp50 are down, and the fabric promises to survive 2 failures)',
    );
  });
});

describe('isolation pairs', () => {
  // hv1 and hv2 are on both networks; only web1 is on one. A host in the source's VRF is reached
  // there legitimately, so it can be a source (bound to one interface), never a target.
  const models = intentModels(`
version: 1
fabric:
  name: iso
  asn: { spine: 65000, leaf_base: 65100 }
  pools: { loopback: 10.0.0.0/24, vtep: 10.0.1.0/24, p2p: 10.1.0.0/16 }
spines: [{ name: s1, id: 1 }]
leaves: [{ name: l1, id: 11 }, { name: l2, id: 12 }]
tenants:
  - name: t
    vrfs:
      - { name: v1, l3vni: 50001, networks: [{ name: n1, vlan: 10, subnet: 192.168.1.0/24 }] }
      - { name: v2, l3vni: 50002, networks: [{ name: n2, vlan: 20, subnet: 192.168.2.0/24 }] }
servers:
  - { name: hv1, attach: [{ leaf: l1, port: 1 }], networks: [n1, n2] }
  - { name: hv2, attach: [{ leaf: l2, port: 1 }], networks: [n1, n2] }
  - { name: web1, attach: [{ leaf: l2, port: 2 }], networks: [n2], mode: access }
`);
  const plan = planLab('iso', models, { vrf: false, dot1q: false });
  const ctx: ProbeContext = { topology: buildTopology(models), endpoints: plan.endpoints, failures: noFailures, promisedFailures: 1, vrf: false, noVrfReason: 'x', anycastMac: null };

  it('never targets a host that is also in the source network', () => {
    const isolation = planBaselineProbes(ctx).probes.filter((p) => p.group === 'isolation');
    expect(isolation.map((p) => p.name)).toEqual(['hv2/n1 to web1/n2 (same leaf l2)']);
  });

  it('says so when only hosts on both networks are left', () => {
    const withoutWeb1 = { ...ctx, endpoints: ctx.endpoints.filter((e) => e.server !== 'web1') };
    const planned = planBaselineProbes(withoutWeb1);
    expect(planned.probes.filter((p) => p.group === 'isolation')).toEqual([]);
    expect(planned.notRun.filter((c) => c.group === 'isolation').map((c) => `${c.status} ${c.code ?? ''} ${c.message ?? ''}`)).toEqual([
      "not-run CLOS7205 not run: no pair of hosts in 'n1' and 'n2' can show isolation: every server in one of them is also in the VRF of the other, and reaches it there",
    ]);
    // With web1 the pair is probed, and nothing is reported as not run.
    expect(planBaselineProbes(ctx).notRun.filter((c) => c.group === 'isolation')).toEqual([]);
  });
});

describe('gateways of overlapping subnets on one leaf (lab/fixtures/overlap)', () => {
  // 10.9.0.0/24 is a-web (VRF type), a-mgmt (VRF master) and b-web (tenant b): on a leaf without
  // VRF devices their gateways share one routing table.
  const models = intentModels(readFileSync(join(repoRoot, 'lab/fixtures/overlap/fabric.yaml'), 'utf8'));
  const ctx = (vrf: boolean): ProbeContext => ({
    topology: buildTopology(models),
    endpoints: planLab('o', models, { vrf, dot1q: false }).endpoints,
    failures: noFailures,
    promisedFailures: 1,
    vrf,
    noVrfReason: 'this kernel has no VRF devices',
    anycastMac: null,
  });

  it('are not pinged without VRF devices, and say why', () => {
    const planned = planBaselineProbes(ctx(false));
    expect(planned.probes.filter((p) => p.group === 'gateway').map((p) => p.name)).toEqual([
      'a1/a-app to gateway 10.8.0.1',
      'a2/a-app to gateway 10.8.0.1',
      'b1/b-db to gateway 10.7.0.1',
      'b2/b-db to gateway 10.7.0.1',
    ]);
    const skipped = planned.notRun.filter((c) => c.group === 'gateway');
    expect(skipped.map((c) => `${c.status} ${c.code ?? ''} ${c.name}`)).toEqual([
      'not-run CLOS7206 a1/a-web to gateway 10.9.0.1',
      'not-run CLOS7206 b1/b-web to gateway 10.9.0.1',
      'not-run CLOS7206 m1/a-mgmt to gateway 10.9.0.1',
      'not-run CLOS7206 m2/a-mgmt to gateway 10.9.0.1',
      'not-run CLOS7206 s3/b-web to gateway 10.9.0.1',
      'not-run CLOS7206 z1/a-web to gateway 10.9.0.1',
    ]);
    expect(skipped[0]?.message).toBe(
      "not run: this kernel has no VRF devices, so leaf2 keeps the gateways of 'a-web' and 'a-mgmt', whose subnets overlap, in one routing table, and replies leave through either bridge; only VRFs keep them apart",
    );
  });

  it('are all pinged with VRF devices', () => {
    const planned = planBaselineProbes(ctx(true));
    expect(planned.probes.filter((p) => p.group === 'gateway')).toHaveLength(10);
    expect(planned.notRun.filter((c) => c.group === 'gateway')).toEqual([]);
  });
});

describe('reachability on a large fabric', () => {
  // 4 spines, 24 leaves, one network everywhere with a server on each leaf: 276 leaf pairs.
  const leaves = Array.from({ length: 24 }, (_, i) => `  - { name: l${i + 1}, id: ${i + 11} }`).join('\n');
  const servers = Array.from({ length: 24 }, (_, i) => `  - { name: s${i + 1}, attach: [{ leaf: l${i + 1}, port: 1 }], networks: [n1, n2], mode: trunk }`).join('\n');
  const models = intentModels(`
version: 1
fabric:
  name: big
  asn: { spine: 65000, leaf_base: 65100 }
  pools: { loopback: 10.0.0.0/24, vtep: 10.0.1.0/24, p2p: 10.1.0.0/16 }
spines: [{ name: s1, id: 1 }, { name: s2, id: 2 }]
leaves:
${leaves}
tenants:
  - name: t
    vrfs:
      - { name: v1, l3vni: 50001, networks: [{ name: n1, vlan: 10, subnet: 192.168.0.0/24 }, { name: n2, vlan: 20, subnet: 192.168.1.0/24 }] }
servers:
${servers}
`);
  const plan = planLab('big', models, { vrf: false, dot1q: false });
  const ctx: ProbeContext = { topology: buildTopology(models), endpoints: plan.endpoints, failures: noFailures, promisedFailures: 1, vrf: false, noVrfReason: 'x', anycastMac: null };

  it('samples a ring and a star per network above the budget, and says so', () => {
    const planned = planBaselineProbes(ctx);
    const reach = planned.probes.filter((p) => p.group === 'reachability');
    // Per network: 24 ring pairs and 21 more from the first leaf.
    expect(reach).toHaveLength(2 * (24 + 21));
    for (const leaf of ['l1', 'l7', 'l24']) {
      expect(reach.some((p) => p.from.leaf === leaf)).toBe(true);
      expect(reach.some((p) => p.name.includes(` to ${leaf})`))).toBe(true);
    }
    expect(planned.notes).toEqual([
      'reachability: 90 of 552 leaf pairs pinged (more than 300): in each network a ring of its leaves and a star from its first leaf, so every leaf sends and receives in every network it carries; --all-pairs pings every pair',
    ]);
  });

  it('pings every pair when asked', () => {
    const planned = planBaselineProbes({ ...ctx, allPairs: true });
    expect(planned.probes.filter((p) => p.group === 'reachability')).toHaveLength(552);
    expect(planned.notes).toEqual([]);
  });
});

describe('routing with a spine down', () => {
  it('is checked too when the kernel has VRF devices, and only then', () => {
    const models = exampleModels('quickstart');
    const plan = planLab('t', models, { vrf: true, dot1q: true });
    const base = { topology: buildTopology(models), endpoints: plan.endpoints, failures: { spines: ['spine1'], links: [] }, promisedFailures: 1, noVrfReason: 'x', anycastMac: null };
    const withVrf = planFailureProbes({ ...base, vrf: true });
    expect(withVrf.probes.filter((p) => p.group === 'routing').map((p) => `${p.name} -> ${p.peer?.leaf ?? ''}`)).toEqual([
      'web02/web to hv01/app (leaf3 to leaf1+leaf2) -> leaf1',
      'web01/web to db01/db (leaf1 to leaf3) -> leaf3',
      'hv01/app to db01/db (leaf1+leaf2 to leaf3) -> leaf3',
      'hv01/app to web02/web (leaf1+leaf2 to leaf3) -> leaf3',
      'hv01/web to db01/db (leaf1+leaf2 to leaf3) -> leaf3',
    ]);
    expect(planFailureProbes({ ...base, vrf: false }).probes.filter((p) => p.group === 'routing')).toEqual([]);
    expect(planFailureProbes({ ...base, vrf: false }).notRun.filter((c) => c.group === 'routing')).toEqual([]);
  });
});
