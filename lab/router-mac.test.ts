import { describe, expect, it } from 'vitest';
import { exampleModels, must } from '../test-helpers/lab.js';
import { judgeRouterMac, routerMacEntry } from './router-mac.js';

const models = exampleModels('quickstart');
const leaf = (name: string) => must(models.find((m) => m.name === name));

describe("a routed probe's router MAC", () => {
  const entry = must(routerMacEntry(leaf('leaf1'), 'clos-t_leaf1', leaf('leaf2'), 'prod'));

  it("is leaf2's VTEP with leaf2's router MAC on leaf1's L3VNI bridge of the VRF", () => {
    expect(entry).toEqual({ leaf: 'leaf1', direction: 'request', namespace: 'clos-t_leaf1', bridge: 'vlan2151', vtep: '10.0.1.12', mac: '02:00:0a:00:00:0c' });
  });

  it("for the reply, is leaf1's VTEP and router MAC on leaf2's bridge", () => {
    const reply = must(routerMacEntry(leaf('leaf2'), 'clos-t_leaf2', leaf('leaf1'), 'prod', 'reply'));
    expect(reply).toEqual({ leaf: 'leaf2', direction: 'reply', namespace: 'clos-t_leaf2', bridge: 'vlan2151', vtep: '10.0.1.11', mac: '02:00:0a:00:00:0b' });
    expect(judgeRouterMac(reply, '')).toMatch(/^leaf2, the destination leaf \(for the reply\), has no router-MAC entry for VTEP 10\.0\.1\.11/);
  });

  it('is fine as zebra installs it, and missing when the kernel has none or tried ARP instead', () => {
    expect(judgeRouterMac(entry, '10.0.1.12 lladdr 02:00:0a:00:00:0c extern_learn NOARP proto zebra \n')).toBeUndefined();
    expect(judgeRouterMac(entry, '10.0.1.12 FAILED \n')).toBe(
      "leaf1, the source leaf, has no router-MAC entry for VTEP 10.0.1.12 on vlan2151 (expected 02:00:0a:00:00:0c, found FAILED): zebra did not install the remote router MAC the EVPN routes carry (FRR 8.4.0 to 8.4.4 remove it when a route's best path changes, FRRouting/frr#12391)",
    );
    expect(judgeRouterMac(entry, '')).toContain('found none');
    expect(judgeRouterMac(entry, '10.0.1.12 lladdr 02:00:0a:00:00:0d extern_learn NOARP proto zebra\n')).toContain('found 02:00:0a:00:00:0d');
  });
  it("of a leaf of a dual-homed server's segment, says the route goes over it without its router MAC (and not that zebra lost one)", () => {
    const toSegment = must(routerMacEntry(leaf('leaf3'), 'clos-t_leaf3', leaf('leaf2'), 'prod', 'request', 'hv01'));
    expect(toSegment.segmentOf).toBe('hv01');
    const why = must(judgeRouterMac(toSegment, '10.0.1.12 FAILED \n'));
    expect(why).toBe(
      "leaf3, the source leaf, has no router-MAC entry for VTEP 10.0.1.12 on vlan2151 (expected 02:00:0a:00:00:0c, found FAILED): it routes to hv01 over every leaf of hv01's Ethernet segment, this VTEP's among them, but gets that leaf's router MAC only with a route for hv01's address from that leaf, which it sends only while it holds hv01's ARP entry",
    );
    expect(why).not.toContain('zebra did not install');
    expect(judgeRouterMac(toSegment, '10.0.1.12 lladdr 02:00:0a:00:00:0c extern_learn NOARP proto zebra \n')).toBeUndefined();
  });
});
