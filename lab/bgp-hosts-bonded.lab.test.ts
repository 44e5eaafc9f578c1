/**
 * BGP hosts bonded to a rack pair, for real (`npm run test:lab`), on lab/fixtures/bgp-hosts-bonded:
 * hv01's one LACP bond spans leaf1 and leaf2, and its BGP agent peers with both leaves' session
 * addresses; k8s01 on leaf3 alone peers with leaf3's. On FRR the anycast gateway of a network with
 * BGP hosts is a macvlan of its own while the SVI keeps the leaf's MAC and the session address
 * (README, bgp_hosts): before that design the lab lost hv01's pings to both session addresses and
 * the leaf's kernel looped them. Then the interfaces.sh the lab ran: idempotent, gateway device too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../test-helpers/lab.js';
import { chosenFrr, clos, downLab, frrVersion, keepReport, labState, leftovers, refusedMacNexthop, rerunInterfacesSh, testLabName, unexpectedFailures, upLab } from '../test-helpers/lab-e2e.js';
import type { LabReport } from './report.js';

const frr = frrVersion();
const lab = `${testLabName}-bonded`;

beforeAll(async () => {
  await clos('lab', 'down', '--name', lab);
});

afterAll(async () => {
  await downLab(lab);
});

describe('clos lab with a BGP host bonded to two FRR leaves', () => {
  it('up boots the fabric and a BGP agent per host, hv01 peering with leaf1 and leaf2', async () => {
    await upLab(lab, 'lab/fixtures/bgp-hosts-bonded');
    const speakers = labState(lab).plan.hostSpeakers.map(({ speaker: s }) => `${s.server} ${s.leaf} ${s.pod}`);
    expect(speakers).toEqual(['hv01 leaf1 10.244.0.0/28', 'hv01 leaf2 10.244.0.0/28', 'k8s01 leaf3 10.244.0.16/28']);
  });

  it('test: both of hv01\'s sessions, its gateway and its pod, and every check of network app run and pass', async () => {
    const result = await clos('lab', 'test', '--name', lab, '--format', 'json');
    const report = JSON.parse(keepReport(lab, result.out)) as LabReport;
    const checks = must(report.scenarios[0]).checks;
    expect(unexpectedFailures(checks, frr).map((c) => `${c.code ?? ''} ${c.message ?? ''}`)).toEqual([]);
    expect(result.code).toBe(checks.some((c) => c.status === 'failed') ? 1 : 0);
    const s = labState(lab);
    if (s.kernel.vrf !== 'supported') {
      expect(checks.some((c) => c.code === 'CLOS7201')).toBe(true);
      return;
    }
    const passed = (group: string, ...parts: string[]): boolean => checks.some((c) => c.group === group && c.status === 'passed' && parts.every((p) => c.name.includes(p)));
    for (const { speaker } of s.plan.hostSpeakers) {
      expect(passed('hosts', `${speaker.server} to ${speaker.leaf} ${speaker.peerAddress} `), `${speaker.server} to ${speaker.leaf}`).toBe(true);
    }
    expect(passed('gateway', 'hv01/app to gateway 10.120.0.1')).toBe(true);
    expect(passed('hosts', "to hv01's pod address 10.244.0.1 (leaf3 to leaf1+leaf2)")).toBe(true);
    expect(passed('hosts', "to k8s01's pod address 10.244.0.17")).toBe(true);
    expect(passed('reachability', 'hv01/app', 'k8s01/app')).toBe(true);
    // Not run, and said so: host BFD where the agents run without it (CLOS7220), and network web's
    // routed probes of hv01 on a kernel that refuses FRR's synced ARP entries (CLOS7211): web has
    // its gateway on the SVI. Nothing of network app, nothing of BGP to hosts.
    const notRun = checks.filter((c) => c.status === 'not-run');
    // And duplicate replies where leaf3 floods to hv01's segment, with zebra's refusal as evidence (CLOS7222).
    expect(notRun.filter((c) => c.code !== 'CLOS7220' && c.code !== 'CLOS7211' && !refusedMacNexthop(c)).map((c) => `${c.code ?? ''} ${c.name}`)).toEqual([]);
    // hv01's flows were looked at again for duplicates, and none was left unexplained.
    expect(checks.filter((c) => c.group === 'duplicates' && c.name.startsWith('hv01/')).length).toBeGreaterThan(0);
    expect(notRun.filter((c) => c.code === 'CLOS7211' && c.name.includes('/app')).map((c) => c.name)).toEqual([]);
  });

  it("a leaf routes only what is addressed to it: hv01's one-hop pings to both session addresses, over both links, come back once each", async () => {
    // What hv01's bond hashes to leaf2 for leaf1's address, leaf2 bridges to leaf1 and must not
    // route as well: a routed copy of a TTL-1 packet expires on the way ("time exceeded"), which
    // aborts a BGP connection being opened (its session then waits out FRR's 120 s retry), and a
    // copy with TTL to spare comes back as a duplicate. Each ping is a flow of its own (its ICMP
    // id), so 12 per address use both links but with odds of 1 in 2^11.
    const addresses = labState(lab).plan.hostSpeakers.filter(({ speaker: s }) => s.server === 'hv01').map(({ speaker: s }) => s.peerAddress);
    expect(addresses).toHaveLength(2);
    const script = addresses.map((a) => `for i in 1 2 3 4 5 6 7 8 9 10 11 12; do ping -n -c 2 -i 0.3 -t 1 -W 2 ${a}; done`).join('; ');
    const r = await clos('lab', 'exec', '--name', lab, 'hv01', '--', 'sh', '-c', `${script} 2>&1`);
    const summaries = r.out.split('\n').filter((l) => l.includes('packets transmitted'));
    expect(summaries).toHaveLength(24);
    expect(summaries.filter((l) => !l.startsWith('2 packets transmitted, 2 received, 0% packet loss'))).toEqual([]);
    expect(r.out).not.toMatch(/Time to live exceeded|DUP!/);
  });

  it.skipIf(chosenFrr)('interfaces.sh changes nothing when run again, the gateway device included', async () => {
    for (const leaf of ['leaf1', 'leaf3']) {
      // The gateway device's permanent fdb entry and ARP settings as well.
      const r = await rerunInterfacesSh(lab, leaf, "bridge fdb show | grep -i ' permanent'; sysctl net.ipv4.conf.vlan120.arp_ignore net.ipv4.conf.vlan120-v0.arp_ignore");
      expect(r.code, `${leaf}: ${r.err}`).toBe(0);
      const { before, after } = r;
      expect(after, leaf).toBe(before);
      expect(before, leaf).toMatch(/vlan120-v0@vlan120: .* link\/ether 00:00:5e:00:01:01 .*macvlan mode private/);
      expect(before, leaf).toContain('net.ipv4.conf.vlan120-v0.arp_ignore = 2');
    }
  });

  it('down removes everything, the gateway devices with their leaves', async () => {
    expect((await clos('lab', 'down', '--name', lab)).code).toBe(0);
    expect(await leftovers(lab)).toEqual([]);
  });
});
