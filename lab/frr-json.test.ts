import { describe, expect, it } from 'vitest';
import { frrFixture } from '../test-helpers/lab.js';
import { installedRoute, parseBfdPeers, parseBgpNeighbors, parseEvpnVnis, parseFloodLists, parseKernelRoutes, parseRoutes } from './frr-json.js';
import { splitJsonDocuments } from './observe.js';

function value<T>(parsed: { value: T } | { error: string }): T {
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.value;
}

describe('parseBgpNeighbors', () => {
  it('reads state and negotiated address families of every peer', () => {
    const n = value(parseBgpNeighbors(frrFixture('leaf1-neighbors.json')));
    expect([...n.keys()].sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.1.0.160', '10.1.0.162']);
    expect(n.get('10.1.0.160')).toEqual({ state: 'Established', families: ['ipv4Unicast'] });
    expect(n.get('10.0.0.1')).toEqual({ state: 'Established', families: ['l2VpnEvpn'] });
  });
  it('counts only families advertised and received', () => {
    const text = JSON.stringify({
      '10.0.0.1': {
        bgpState: 'Established',
        neighborCapabilities: { multiprotocolExtensions: { l2VpnEvpn: { advertised: true }, ipv4Unicast: { advertisedAndReceived: true } } },
      },
      '10.0.0.2': { bgpState: 'Active' },
    });
    const n = value(parseBgpNeighbors(text));
    expect(n.get('10.0.0.1')?.families).toEqual(['ipv4Unicast']);
    expect(n.get('10.0.0.2')).toEqual({ state: 'Active', families: [] });
  });
  it('says when the output is not JSON', () => {
    expect(parseBgpNeighbors('% BGP instance not found')).toEqual({ error: expect.stringContaining('not JSON') as unknown });
    expect(parseBgpNeighbors('[]')).toEqual({ error: 'not a JSON object' });
  });
});

describe('parseRoutes', () => {
  it('reads the ECMP routes to other VTEPs with their installed next hops', () => {
    const routes = value(parseRoutes(frrFixture('leaf1-routes.json')));
    const r = installedRoute(routes, '10.0.1.12/32');
    expect(r?.protocol).toBe('bgp');
    expect(r?.nexthops).toEqual([
      { ip: '10.1.0.160', interface: 'swp49', fib: true },
      { ip: '10.1.0.162', interface: 'swp50', fib: true },
    ]);
    expect(installedRoute(routes, '192.0.2.0/24')).toBeUndefined();
  });
  it("counts only active next hops as forwarding: FRR 10.3 keeps 'fib' on the next hop over a link that went down", () => {
    // `show ip route 10.0.1.12/32 json` on leaf1 of the quickstart with spine1 failed, FRR 10.3;
    // the kernel's route at that moment: `10.0.1.12 via 10.1.0.162 dev swp50 proto bgp metric 20`.
    const hop = (ip: string, ifname: string, active: boolean): Record<string, unknown> => ({ flags: active ? 3 : 2, fib: true, ip, afi: 'ipv4', interfaceName: ifname, ...(active ? { active: true } : {}), weight: 1 });
    const text = JSON.stringify({ '10.0.1.12/32': [{ prefix: '10.0.1.12/32', protocol: 'bgp', selected: true, installed: true, internalNextHopNum: 2, internalNextHopActiveNum: 1, nexthops: [hop('10.1.0.160', 'swp49', false), hop('10.1.0.162', 'swp50', true)] }] });
    expect(installedRoute(value(parseRoutes(text)), '10.0.1.12/32')?.nexthops).toEqual([
      { ip: '10.1.0.160', interface: 'swp49', fib: false },
      { ip: '10.1.0.162', interface: 'swp50', fib: true },
    ]);
  });
  it('ignores a route that is selected but rejected by the kernel', () => {
    const text = JSON.stringify({ '10.0.1.12/32': [{ protocol: 'bgp', selected: true, installed: false, nexthops: [{ ip: '10.1.0.160', interfaceName: 'swp49' }] }] });
    expect(installedRoute(value(parseRoutes(text)), '10.0.1.12/32')).toBeUndefined();
  });
});

describe('parseEvpnVnis', () => {
  it("reads FRR 8.4's remote VTEP list from numRemoteVteps", () => {
    const vnis = value(parseEvpnVnis(frrFixture('leaf1-vnis.json')));
    expect(vnis.get(10110)).toEqual({ vni: 10110, type: 'L2', remoteVteps: ['10.0.1.12', '10.0.1.13', '10.0.1.14'] });
    expect(vnis.get(50001)?.type).toBe('L3');
  });
  it('reads remoteVteps objects (newer FRR) and a count of zero', () => {
    const text = JSON.stringify([
      { vni: 1, type: 'L2', remoteVteps: [{ ip: '10.0.1.2' }] },
      { vni: 2, type: 'L2', numRemoteVteps: 0 },
    ]);
    const vnis = value(parseEvpnVnis(text));
    expect(vnis.get(1)?.remoteVteps).toEqual(['10.0.1.2']);
    expect(vnis.get(2)?.remoteVteps).toEqual([]);
  });
  it('treats no output (a spine) as no VNIs', () => {
    expect(value(parseEvpnVnis(frrFixture('spine1-vnis.json'))).size).toBe(0);
  });
});

describe('parseKernelRoutes', () => {
  it("reads a leaf's `ip -j -4 route show proto bgp`: host routes get their /32, a route's one next hop or its several", () => {
    const parsed = parseKernelRoutes(frrFixture('leaf1-kernel-routes.json'));
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.value.get('10.0.0.1/32')).toEqual([{ gateway: '10.1.0.160', dev: 'swp49' }]);
    expect(parsed.value.get('10.0.1.13/32')).toEqual([
      { gateway: '10.1.0.160', dev: 'swp49' },
      { gateway: '10.1.0.162', dev: 'swp50' },
    ]);
    expect(parsed.value.size).toBe(8);
  });

  it('keeps a prefix length it is given, names the default route 0.0.0.0/0, and says what is wrong with output that is not an array', () => {
    const text = '[{"dst":"default","gateway":"10.1.0.1","dev":"swp1"},{"dst":"10.200.0.0/16","nexthops":[{"gateway":"10.1.0.3","dev":"swp2"}]}]';
    expect([...(parseKernelRoutes(text) as { value: ReadonlyMap<string, unknown> }).value.keys()]).toEqual(['0.0.0.0/0', '10.200.0.0/16']);
    expect(parseKernelRoutes('')).toEqual({ value: new Map() });
    expect(parseKernelRoutes('{}')).toEqual({ error: 'not a JSON array' });
  });
});

describe('parseFloodLists', () => {
  it("reads each VXLAN device's all-zeros MAC entries of a leaf's `bridge -j fdb show`, sorted, and nothing else", () => {
    const parsed = parseFloodLists(frrFixture('leaf1-fdb.json'));
    if ('error' in parsed) throw new Error(parsed.error);
    expect([...parsed.value]).toEqual([
      ['vxlan10110', ['10.0.1.12', '10.0.1.13', '10.0.1.14']],
      ['vxlan10120', ['10.0.1.12', '10.0.1.13', '10.0.1.14']],
      ['vxlan10210', ['10.0.1.12', '10.0.1.13', '10.0.1.14']],
    ]);
  });

  it('takes no output as no entries, and says what is wrong with output that is not an array', () => {
    expect(parseFloodLists('')).toEqual({ value: new Map() });
    const reversed = '[{"mac":"00:00:00:00:00:00","ifname":"vxlan1","dst":"10.0.1.14"},{"mac":"00:00:00:00:00:00","ifname":"vxlan1","dst":"10.0.1.12"},{"mac":"02:00:00:00:00:01","ifname":"vxlan1","dst":"10.0.1.13"}]';
    expect(parseFloodLists(reversed)).toEqual({ value: new Map([['vxlan1', ['10.0.1.12', '10.0.1.14']]]) });
    expect(parseFloodLists('{}')).toEqual({ error: 'not a JSON array' });
  });
});

describe('parseBfdPeers', () => {
  it('reads single-hop and multihop sessions', () => {
    const peers = value(parseBfdPeers(frrFixture('leaf1-bfd.json')));
    expect(peers).toHaveLength(4);
    expect(peers.find((p) => p.peer === '10.1.0.160')).toMatchObject({ multihop: false, interface: 'swp49', vrf: 'default', status: 'up' });
    expect(peers.find((p) => p.peer === '10.0.0.1')).toMatchObject({ multihop: true, interface: null, status: 'up' });
  });
});

describe('splitJsonDocuments', () => {
  it('splits documents printed back to back, braces inside strings included', () => {
    expect(splitJsonDocuments('{"a":"}{"}\n[\n {"b":"\\"]"}\n]\n')).toEqual(['{"a":"}{"}', '[\n {"b":"\\"]"}\n]']);
  });
  it('returns nothing for unbalanced text', () => {
    expect(splitJsonDocuments('{"a":1')).toEqual([]);
    expect(splitJsonDocuments('}')).toEqual([]);
  });
});
