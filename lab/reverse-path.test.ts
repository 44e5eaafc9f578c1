import { describe, expect, it } from 'vitest';
import { exampleModels, must } from '../test-helpers/lab.js';
import { judgeReversePath, reversePathProbe } from './reverse-path.js';

const models = exampleModels('quickstart');
const end = (name: string) => ({ model: must(models.find((m) => m.name === name)), namespace: `clos-t_${name}` });

// What the lab's VM answered on FRR 8.4 with spine1 down: leaf1 routes web01's echo request to
// db01 over the L3VNI to leaf3, which carries web01's network itself, holds no EVPN host route for
// web01, and refuses the packet.
const leaf1ToDb01 = '10.130.0.2 via 10.0.1.13 dev vlan2151 table 51001 src 10.110.0.1 uid 0 \n    cache \n';
const refused = 'RTNETLINK answers: Invalid cross-device link\n';
const leaf3ToWeb01 = '10.110.0.3 dev vlan110 table 51001 src 10.110.0.1 uid 0 \n    cache \n';

describe("a routed probe's reverse path", () => {
  const request = must(reversePathProbe(end('leaf1'), end('leaf3'), 'prod', 'request', { address: '10.110.0.3', network: 'web' }, '10.130.0.2'));

  it("is the sender's and the receiver's L3VNI bridge of the VRF", () => {
    expect(request).toEqual({
      direction: 'request',
      vrf: 'prod',
      source: '10.110.0.3',
      destination: '10.130.0.2',
      sender: { leaf: 'leaf1', namespace: 'clos-t_leaf1', bridge: 'vlan2151' },
      receiver: { leaf: 'leaf3', namespace: 'clos-t_leaf3', bridge: 'vlan2151' },
      sourceVni: 10110,
    });
    expect(reversePathProbe(end('leaf1'), end('spine1'), 'prod', 'request', { address: '10.110.0.3', network: 'web' }, '10.130.0.2')).toBeUndefined();
  });

  it('names the receiver that drops the packet, and where its route back goes', () => {
    expect(judgeReversePath(request, leaf1ToDb01, refused, leaf3ToWeb01)).toBe(
      "leaf3, the destination leaf, drops the request from 10.110.0.3 that leaf1 routes to it over VRF prod's L3VNI, by reverse-path filtering: it arrives on vlan2151, which has no address, and leaf3 routes 10.110.0.3 over vlan110, not over vlan2151 (the VRF's EVPN host route for 10.110.0.3 is missing)",
    );
    const reply = must(reversePathProbe(end('leaf3'), end('leaf1'), 'prod', 'reply', { address: '10.130.0.2', network: 'db' }, '10.110.0.3'));
    expect(judgeReversePath(reply, '10.110.0.3 via 10.0.1.11 dev vlan2151 table 51001 src 10.130.0.1 uid 0 \n', refused, 'RTNETLINK answers: Network is unreachable\n')).toBe(
      "leaf1, the source leaf, drops the reply from 10.130.0.2 that leaf3 routes to it over VRF prod's L3VNI, by reverse-path filtering: it arrives on vlan2151, which has no address, and leaf1 has no route back to 10.130.0.2 (the VRF's EVPN host route for 10.130.0.2 is missing)",
    );
  });

  it("says why the sender announces no host route for the source, when its zebra holds the ARP entry as local-inactive or has none", () => {
    // leaf1's `show evpn arp-cache vni 10110 ip 10.110.0.3 json` in the same state.
    const inactive = '{\n  "uptime":"00:04:36",\n  "ip":"10.110.0.3",\n  "type":"local",\n  "state":"active",\n  "mac":"fe:36:22:3f:a3:eb",\n  "localInactive":true,\n  "localSequence":0,\n  "remoteSequence":0,\n  "detectionCount":0,\n  "isDuplicate":false\n}\n';
    expect(judgeReversePath(request, leaf1ToDb01, refused, leaf3ToWeb01, inactive)).toMatch(
      /\(the VRF's EVPN host route for 10\.110\.0\.3 is missing: leaf1's zebra holds its ARP entry for 10\.110\.0\.3 in VNI 10110 as local-inactive, and announces no route for an inactive entry\)$/,
    );
    expect(judgeReversePath(request, leaf1ToDb01, refused, leaf3ToWeb01, '{\n}\n')).toMatch(/leaf1's zebra has no ARP entry for 10\.110\.0\.3 in VNI 10110, so it announces none\)$/);
    expect(judgeReversePath(request, leaf1ToDb01, refused, leaf3ToWeb01, inactive.replace('"localInactive":true', '"localInactive":false'))).toMatch(/is missing\)$/);
    expect(judgeReversePath(request, leaf1ToDb01, refused, leaf3ToWeb01, '% VNI 10110 does not exist\n')).toMatch(/is missing\)$/);
  });

  it('says nothing when the receiver accepts the packet, or the sender does not route it over the L3VNI', () => {
    expect(judgeReversePath(request, leaf1ToDb01, '10.130.0.2 from 10.110.0.3 dev vlan130 table 51001 \n    cache iif vlan2151 \n', leaf3ToWeb01)).toBeUndefined();
    // leaf1 carrying db01's network itself would bridge the request over the layer-2 VNI instead.
    expect(judgeReversePath(request, '10.130.0.2 dev vlan130 table 51001 src 10.130.0.1 uid 0 \n', refused, leaf3ToWeb01)).toBeUndefined();
    expect(judgeReversePath(request, 'RTNETLINK answers: Network is unreachable\n', refused, leaf3ToWeb01)).toBeUndefined();
  });
});
