/**
 * The way out and BGP to hosts in the lab, for real (`npm run test:lab`; root, FRR): boots
 * lab/fixtures/outside with its stand-ins (the firewall ext-as65500, node1's BGP agent), tests it
 * healthy, with the firewall stopped, and with each border down in turn (one `lab test
 * --failures`, whose first scenario is the healthy fabric), and tears everything down. Needs VRF
 * and 802.1Q devices: on a kernel without them `lab up` boots the lab in a VM (lab/vm/). The
 * fixture has one spine (its comment says why), so no spine is taken down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clos, downLab, frrVersion, inVm, keepReport, labState, leftovers, testLabName, unexpectedFailures, upLab } from '../test-helpers/lab-e2e.js';
import { bgpdWaitsForBfd, labFrr } from './frr-install.js';
import { speakerPathspace } from './names.js';
import type { LabReport } from './report.js';

const lab = `${testLabName}-outside`;

const frr = frrVersion();

/** Failed checks of every scenario, less FRR 8.4's known defects (test-helpers/lab-e2e.ts unexpectedFailures). */
function unexpected(scenarios: LabReport['scenarios']): string[] {
  return scenarios.flatMap((s) => unexpectedFailures(s.checks, frr).map((c) => `${s.name}: ${c.code ?? ''} ${c.message ?? ''}`));
}

beforeAll(async () => {
  await clos('lab', 'down', '--name', lab);
});

afterAll(async () => {
  await downLab(lab);
});

describe('clos lab outside the fabric (lab/fixtures/outside)', () => {
  it('up starts the firewall and the node agent beside the fabric', async () => {
    await upLab(lab, 'lab/fixtures/outside');
    if (inVm(lab)) return; // the guest's state is the guest's
    const s = labState(lab);
    // zebra, bgpd and bfdd (and mgmtd first on FRR 9 and later), as on every device.
    expect(s.daemons.filter((d) => d.device === 'ext-as65500').map((d) => d.daemon)).toEqual(labFrr().daemons);
    expect(s.daemons.filter((d) => d.device === 'node1').map((d) => d.pathspace)).toEqual(labFrr().daemons.map(() => speakerPathspace(lab, 'node1')));
  });

  it('test --failures: every VRF with an exit reaches outside over both borders and keeps it with either border down; tenants meet only at the firewall; the node is heard and filtered', async () => {
    const result = await clos('lab', 'test', '--name', lab, '--failures', '--format', 'json');
    const report = JSON.parse(keepReport(lab, result.out)) as LabReport;
    const all = report.scenarios.flatMap((s) => s.checks);
    expect(unexpected(report.scenarios)).toEqual([]);
    // Not run, and said so: the fixture's networks on one leaf (no pair to ping) and its one spine (nothing left with it down);
    // with a bgpd that waits for BFD before connecting (10.2.0 to 10.2.2, 10.3.0) node1's agent runs without BFD, so leaf1's BFD session to it too.
    const agentWithoutBfd = bgpdWaitsForBfd(frr);
    expect(labState(lab).agentsWithoutBfd ?? []).toEqual(agentWithoutBfd ? ['node1'] : []);
    expect([...new Set(all.filter((c) => c.status === 'not-run').map((c) => c.code))].sort()).toEqual(agentWithoutBfd ? ['CLOS7202', 'CLOS7204', 'CLOS7220'] : ['CLOS7202', 'CLOS7204']);
    const hostBfd = all.filter((c) => c.group === 'bfd' && c.name.startsWith('leaf1 to node1 10.120.0.2 '));
    expect(hostBfd.length).toBeGreaterThan(0);
    expect(hostBfd.every((c) => c.status === (agentWithoutBfd ? 'not-run' : 'passed'))).toBe(true);
    if (agentWithoutBfd) expect(hostBfd.every((c) => c.code === 'CLOS7220')).toBe(true);
    expect(all.filter((c) => c.status === 'not-run' && c.code === 'CLOS7220' && !hostBfd.includes(c))).toEqual([]);
    expect(all.filter((c) => c.status === 'not-run' && (c.group === 'exits' || c.group === 'hosts'))).toEqual([]);
    expect(result.code).toBe(all.some((c) => c.status === 'failed') ? 1 : 0);
    const base = report.scenarios[0]?.checks ?? [];
    const passed = (group: string, text: string): boolean => base.some((c) => c.group === group && c.status === 'passed' && c.name.includes(text));
    expect(passed('exits', 'ext-as65500 to border1 192.0.2.0 (VRF prod)')).toBe(true);
    expect(passed('exits', 'ext-as65500 receives from border1 (VRF legacy) what it advertises: 10.30.0.0/16')).toBe(true);
    expect(passed('exits', 'ext-as65500 receives from border2 (VRF prod) what it advertises: 10.110.0.0/24, 10.120.0.0/24, 10.244.0.0/28')).toBe(true);
    expect(passed('exits', 'leaf1 VRF prod default route over border1, border2')).toBe(true);
    expect(passed('exits', 'leaf2 VRF legacy refuses 203.0.113.0/24 from ext-as65500 (outside the accept list)')).toBe(true);
    // VRF legacy accepts 198.51.100.0/24 besides the default route: the firewall announces it, every leaf of legacy holds it, prod's refuse it.
    expect(passed('exits', 'leaf2 VRF legacy has 198.51.100.0/24 from ext-as65500 (inside the accept list)')).toBe(true);
    expect(passed('exits', 'leaf1 VRF prod refuses 198.51.100.0/24 from ext-as65500 (outside the accept list)')).toBe(true);
    expect(passed('exits', 'to ext-as65500 203.0.113.1')).toBe(true);
    expect(passed('exits', 'through ext-as65500')).toBe(true);
    expect(passed('hosts', 'node1 to leaf1 10.120.0.244')).toBe(true);
    // BFD between each border and the firewall, on every hand-off, in the VRF (node1's is above).
    for (const session of ['border1 to ext-as65500 192.0.2.1 (VRF prod)', 'border1 to ext-as65500 192.0.2.5 (VRF legacy)', 'border2 to ext-as65500 192.0.2.3 (VRF prod)', 'border2 to ext-as65500 192.0.2.7 (VRF legacy)']) {
      expect(passed('bfd', session), session).toBe(true);
    }
    expect(passed('hosts', 'leaf2 VRF prod has 10.244.0.0/28 from node1')).toBe(true);
    expect(passed('hosts', 'leaf1 VRF prod refuses 198.19.2.0/24 from node1')).toBe(true);
    expect(passed('hosts', 'pod address 10.244.0.1')).toBe(true);
    const stopped = report.scenarios.find((s) => s.name === 'ext-as65500 stopped');
    expect(stopped?.checks.filter((c) => c.group === 'isolation' && c.status === 'passed').length).toBeGreaterThan(0);
    expect(stopped?.checks.some((c) => c.group === 'convergence' && c.name === 'ext-as65500 restarted' && c.status === 'passed')).toBe(true);
    for (const border of ['border1', 'border2']) {
      const scenario = report.scenarios.find((s) => s.name === `${border} down`);
      expect(scenario?.checks.filter((c) => c.group === 'exits' && c.status === 'passed' && c.name.includes('203.0.113.1')).length, border).toBeGreaterThan(0);
      expect(scenario?.checks.some((c) => c.name.startsWith(`ext-as65500 to ${border}`) && c.name.endsWith('is down') && c.status === 'passed')).toBe(true);
    }
    expect(passed('hosts', 'leaf1 VRF prod takes at most 256 prefixes from host 10.120.0.2 (network k8s)')).toBe(true);
    expect(passed('exits', 'border1 VRF prod takes at most 1000 prefixes from external peer 192.0.2.1')).toBe(true);
  });

  it("exec reaches the firewall's bgpd and the node's agent with vtysh", async () => {
    const firewall = await clos('lab', 'exec', '--name', lab, 'ext-as65500', 'vtysh', '-c', 'show bgp vrf all summary json');
    expect(firewall.code, firewall.err).toBe(0);
    expect(firewall.out).toContain('192.0.2.0');
    const agent = await clos('lab', 'exec', '--name', lab, 'node1', 'vtysh', '-c', 'show bgp summary json');
    expect(agent.code, agent.err).toBe(0);
    expect(agent.out).toContain('10.120.0.244');
    const plain = await clos('lab', 'exec', '--name', lab, 'web1', 'vtysh');
    expect(plain.code).toBe(1);
    expect(plain.err).toContain('error CLOS7023');
  });

  it('down leaves nothing of the stand-ins', async () => {
    expect((await clos('lab', 'down', '--name', lab)).code).toBe(0);
    expect(await leftovers(lab)).toEqual([]);
  });
});
