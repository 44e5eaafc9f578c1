import { describe, expect, it } from 'vitest';
import { exampleModels, frrFixture, must } from '../../test-helpers/lab.js';
import { planLab } from '../plan.js';
import { buildTopology, noFailures } from '../topology.js';
import { checkBond, checkDesignatedForwarders, checkSegment, checkSegmentTakenDown, parseBondingProc, parseEvpnEs, planMultihoming, type BondState, type EsEntry } from './multihoming.js';

// The fixtures are what the quickstart lab's hv01 and its leaves reported in the lab VM (Debian's
// kernel 6.1, FRR 8.4): /proc/net/bonding/bond0 and `show evpn es json`. The active-backup one is
// the same kernel's report of a two-member active-backup bond, members named as the lab names them.
const models = exampleModels('quickstart');
const topology = buildTopology(models);
const plan = planLab('q', models, { vrf: true, dot1q: true });
const expected = planMultihoming(plan, topology);
const hv01 = must(expected.bonds.find((b) => b.server === 'hv01'));
const bond = parseBondingProc(frrFixture('hv01-bond0.txt'));
const es = new Map<string, EsEntry[] | { error: string }>([
  ['leaf1', parseEvpnEs(frrFixture('leaf1-es.json'))],
  ['leaf2', parseEvpnEs(frrFixture('leaf2-es.json'))],
]);
const entries = (leaf: string): EsEntry[] | { error: string } => es.get(leaf) ?? { error: 'none' };

describe('planMultihoming on the quickstart lab', () => {
  it('expects hv01 to bond its links to leaf1 and leaf2 with the segment system MAC as LACP partner', () => {
    expect(expected.bonds).toEqual([
      {
        server: 'hv01',
        namespace: 'clos-q_h_hv01',
        mode: '802.3ad',
        members: [
          { name: 'eth0', leaf: 'leaf1' },
          { name: 'eth1', leaf: 'leaf2' },
        ],
        partner: '02:4d:00:0b:00:0c',
      },
    ]);
  });

  it('expects the segment on both leaves, each with the other as peer', () => {
    expect(expected.segments.map((s) => `${s.leaf} ${s.lag} ${s.segment.esi} peers ${s.peers.map((p) => `${p.leaf}=${p.vtep}`).join(',')}`)).toEqual([
      'leaf1 bond2 03:02:4d:00:0b:00:0c:00:00:02 peers leaf2=10.0.1.12',
      'leaf2 bond2 03:02:4d:00:0b:00:0c:00:00:02 peers leaf1=10.0.1.11',
    ]);
  });
});

describe('parseBondingProc', () => {
  it('reads mode, active aggregator, and per member its state, aggregator and LACP partner', () => {
    expect(bond).toEqual({
      mode: 'IEEE 802.3ad Dynamic link aggregation',
      activeMember: null,
      activeAggregator: 2,
      members: [
        { name: 'eth0', up: true, aggregator: 2, partner: '02:4d:00:0b:00:0c' },
        { name: 'eth1', up: true, aggregator: 2, partner: '02:4d:00:0b:00:0c' },
      ],
    });
  });

  it('reads the member an active-backup bond uses', () => {
    const ab = parseBondingProc(frrFixture('active-backup-bond.txt'));
    expect(ab.mode).toBe('fault-tolerance (active-backup)');
    expect(ab.activeMember).toBe('eth0');
    expect(ab.members.map((m) => `${m.name} ${m.up ? 'up' : 'down'}`)).toEqual(['eth0 up', 'eth1 up']);
  });
});

describe('checkBond', () => {
  it('passes a bond that aggregates both links with the segment as partner', () => {
    expect(checkBond(hv01, bond, noFailures)).toMatchObject({ status: 'passed', detail: '2 of 2 links aggregated' });
  });

  it('fails a member in its own aggregator: the two leaves did not look like one LACP partner', () => {
    const split: BondState = { ...bond, members: bond.members.map((m, i) => (i === 1 ? { ...m, aggregator: 3, partner: '02:4d:00:0b:00:0d' } : m)) };
    expect(checkBond(hv01, split, noFailures)).toMatchObject({
      status: 'failed',
      code: 'CLOS7120',
      message:
        "server 'hv01': its bond member eth1 is not in the active aggregator; member eth1 has LACP partner 02:4d:00:0b:00:0d, not the segment's system MAC 02:4d:00:0b:00:0c",
    });
  });

  it('ignores the member whose leaf is down, and fails a member that is down while its leaf is up', () => {
    const down: BondState = { ...bond, members: bond.members.map((m, i) => (i === 0 ? { ...m, up: false, aggregator: 1 } : m)) };
    expect(checkBond(hv01, down, { spines: [], links: [], leaves: ['leaf1'] })).toMatchObject({ status: 'passed', detail: '1 of 2 links aggregated (leaf1 down)' });
    expect(checkBond(hv01, down, noFailures)).toMatchObject({ status: 'failed', message: "server 'hv01': its bond member eth0 is down" });
  });

  it('fails an active-backup bond in the wrong mode, or on a member whose leaf is down', () => {
    const ab = parseBondingProc(frrFixture('active-backup-bond.txt'));
    const expectation = { ...hv01, mode: 'active-backup' as const, partner: null };
    expect(checkBond(expectation, ab, noFailures)).toMatchObject({ status: 'passed', detail: 'active member eth0' });
    expect(checkBond(expectation, ab, { spines: [], links: [], leaves: ['leaf1'] })).toMatchObject({ status: 'failed', message: "server 'hv01': its bond uses eth0, not a live one" });
    expect(checkBond(hv01, ab, noFailures).message).toContain("is in mode 'fault-tolerance (active-backup)'");
  });

  it('fails a member still aggregated with a leaf that lost every uplink, and passes once LACP took it out', () => {
    const isolated = { spines: [], links: [], isolated: ['leaf1'] };
    expect(checkBond(hv01, bond, isolated)).toMatchObject({ status: 'failed', message: "server 'hv01': its bond member eth0 is still in the active aggregator though leaf1 lost every uplink" });
    const out: BondState = { ...bond, members: bond.members.map((m, i) => (i === 0 ? { ...m, aggregator: 1, partner: null } : m)) };
    expect(checkBond(hv01, out, isolated)).toMatchObject({ status: 'passed', detail: '1 of 2 links aggregated (leaf1 down)' });
  });

  it('fails a bond that cannot be read', () => {
    expect(checkBond(hv01, { error: 'No such file or directory' }, noFailures)).toMatchObject({ status: 'failed', message: "server 'hv01': its bond cannot be read: No such file or directory" });
  });
});

describe('checkSegment and checkDesignatedForwarders', () => {
  const [onLeaf1, onLeaf2] = expected.segments;
  const s1 = must(onLeaf1);
  const s2 = must(onLeaf2);

  it('passes both leaves listing the segment as local with the other VTEP, and one designated forwarder', () => {
    expect(checkSegment(s1, entries('leaf1'), noFailures)).toMatchObject({ status: 'passed', detail: 'VTEPs 10.0.1.12; designated forwarder' });
    expect(checkSegment(s2, entries('leaf2'), noFailures)).toMatchObject({ status: 'passed', detail: 'VTEPs 10.0.1.11; not the designated forwarder' });
    expect(checkDesignatedForwarders(expected.segments, es, noFailures)).toMatchObject([{ status: 'passed', detail: 'leaf1' }]);
  });

  it('fails a leaf that does not list the segment, or lists it without the other leaf', () => {
    expect(checkSegment(s1, [], noFailures)).toMatchObject({
      status: 'failed',
      code: 'CLOS7121',
      message: "'leaf1' does not list Ethernet segment 03:02:4d:00:0b:00:0c:00:00:02 of server 'hv01'",
    });
    const lonely = (entries('leaf1') as EsEntry[]).map((e) => ({ ...e, vteps: [] }));
    expect(checkSegment(s1, lonely, noFailures).message).toBe("'leaf1' lists, without the VTEP of leaf2 (10.0.1.12), Ethernet segment 03:02:4d:00:0b:00:0c:00:00:02 of server 'hv01'");
    // With leaf2 down, leaf1 alone is right, and leaf2's VTEP would be wrong.
    const down = { spines: [], links: [], leaves: ['leaf2'] };
    expect(checkSegment(s1, lonely, down).status).toBe('passed');
    expect(checkSegment(s1, entries('leaf1'), down).message).toContain('with VTEPs 10.0.1.12 that should be down');
  });

  it('fails a segment on a port that is not its port-channel', () => {
    const elsewhere = (entries('leaf1') as EsEntry[]).map((e) => ({ ...e, accessPort: 'swp2' }));
    expect(checkSegment(s1, elsewhere, noFailures).message).toContain('lists, but not as local on bond2 (flags local,remote, port swp2)');
  });

  it('fails a segment with no designated forwarder, or two', () => {
    const allNonDf = new Map([...es].map(([leaf, list]) => [leaf, (list as EsEntry[]).map((e) => ({ ...e, flags: [...e.flags.filter((f) => f !== 'nonDF'), 'nonDF'] }))]));
    expect(checkDesignatedForwarders(expected.segments, allNonDf, noFailures)).toMatchObject([
      { status: 'failed', code: 'CLOS7122', message: "Ethernet segment 03:02:4d:00:0b:00:0c:00:00:02 of server 'hv01' has no designated forwarder among leaf1 and leaf2: its broadcast, unknown-unicast and multicast traffic would be dropped or delivered twice" },
    ]);
    const bothDf = new Map([...es].map(([leaf, list]) => [leaf, (list as EsEntry[]).map((e) => ({ ...e, flags: e.flags.filter((f) => f !== 'nonDF') }))]));
    expect(checkDesignatedForwarders(expected.segments, bothDf, noFailures)[0]?.message).toContain('has 2 designated forwarders (leaf1, leaf2) among leaf1 and leaf2');
    // With leaf1 down, leaf2 must take over.
    expect(checkDesignatedForwarders(expected.segments, es, { spines: [], links: [], leaves: ['leaf1'] })[0]?.message).toContain('has no designated forwarder among leaf2');
  });

  it('reports JSON it cannot read', () => {
    expect(parseEvpnEs('{"esi"')).toMatchObject({ error: expect.stringContaining('JSON') as unknown });
    expect(parseEvpnEs('')).toEqual([]);
  });
});

describe('checkSegmentTakenDown', () => {
  const s1 = must(expected.segments[0]);
  it('passes when every member of the segment is protodown, and names the ones that are not', () => {
    expect(checkSegmentTakenDown(s1, ['swp2'], [{ ifname: 'swp1', proto_down: false }, { ifname: 'swp2', proto_down: true }])).toMatchObject({ status: 'passed', detail: 'swp2 protodown' });
    expect(checkSegmentTakenDown(s1, ['swp2'], [{ ifname: 'swp2', proto_down: false }])).toMatchObject({
      status: 'failed',
      code: 'CLOS7123',
      message: "'leaf1' lost every uplink but did not take Ethernet segment 03:02:4d:00:0b:00:0c:00:00:02 of server 'hv01' down: swp2 is not protodown; the server keeps sending its share of traffic to a leaf that cannot forward it",
    });
    expect(checkSegmentTakenDown(s1, ['swp2'], { error: 'Cannot find device' }).status).toBe('failed');
  });
});
