import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import type { DevicePlan, Endpoint } from '../plan.js';
import type { Probe } from './data-plane.js';
import { devOf } from '../reverse-path.js';
import { parseNeighbours, planIdleSource } from './idle-source.js';

function endpoint(server: string, network: string, vrf: string, leaves: string[], address: string): Endpoint {
  return { id: `${server}/${network}`, server, namespace: `clos-t_h_${server}`, leaf: leaves[0] ?? '', leaves, network, tenant: 't', vrf, vlan: 110, interface: 'eth0', address, prefixLength: 24, gateway: '10.0.0.1', mtu: 1500, labSubnet: false };
}

/** A leaf's model with only what the plan reads: its port-channels' segments and its SVIs (network, name). */
function leaf(segment: boolean, networks: string[]): DeviceModel {
  return { interfaces: { lags: segment ? [{ segment: {} }] : [], svis: networks.map((network) => ({ network, name: network === 'web' ? 'vlan110' : 'vlan130' })) } } as unknown as DeviceModel;
}

const devices: DevicePlan[] = ['leaf1', 'leaf2', 'leaf3'].map((name) => ({ name, role: 'leaf', namespace: `clos-t_${name}` }));
const routing = (from: Endpoint, to: Endpoint): Probe => ({ group: 'routing', name: `${from.id} to ${to.id}`, from, to: to.address, toLabel: to.id, peer: to, expect: 'reply' });

const web01 = endpoint('web01', 'web', 'prod', ['leaf1'], '10.110.0.3');
const db01 = endpoint('db01', 'db', 'prod', ['leaf3'], '10.130.0.2');
const hv01 = endpoint('hv01', 'web', 'prod', ['leaf1', 'leaf2'], '10.110.0.2');

describe('planIdleSource', () => {
  it('takes a single-homed source on a leaf with a segment, to a target whose leaf carries its network; one per VRF', () => {
    const models = new Map([
      ['leaf1', leaf(true, ['web'])],
      ['leaf2', leaf(true, ['web'])],
      ['leaf3', leaf(false, ['web', 'db'])],
    ]);
    const plans = planIdleSource([routing(hv01, db01), routing(web01, db01), routing(db01, web01)], devices, models);
    expect(plans.map((p) => [p.probe.name, p.sourceLeaf.name, p.targetLeaves.map((t) => `${t.leaf.name} ${t.svi}`)])).toEqual([['web01/web to db01/db, web01/web idle', 'leaf1', ['leaf3 vlan110']]]);
    expect(plans[0]?.probe.to).toBe('10.130.0.2');
  });

  it("leaves out a source whose leaf has no segment (zebra announces STALE entries there) and a target leaf without the source's network", () => {
    expect(planIdleSource([routing(web01, db01)], devices, new Map([['leaf1', leaf(false, ['web'])], ['leaf3', leaf(false, ['web', 'db'])]]))).toEqual([]);
    expect(planIdleSource([routing(web01, db01)], devices, new Map([['leaf1', leaf(true, ['web'])], ['leaf3', leaf(false, ['db'])]]))).toEqual([]);
  });
});

describe('reading the kernel', () => {
  it('the device and MAC of an ARP entry, whatever its state', () => {
    expect(parseNeighbours('10.110.0.3 dev vlan110 lladdr 66:7e:f5:a6:5d:fc STALE \n')).toEqual([{ dev: 'vlan110', mac: '66:7e:f5:a6:5d:fc' }]);
    expect(parseNeighbours('10.110.0.3 dev vlan110 FAILED \n')).toEqual([]);
    expect(parseNeighbours('')).toEqual([]);
    // A leaf with the gateway on a macvlan holds the host on both devices (seen in the VM).
    expect(parseNeighbours('10.110.0.3 dev vlan110-v0 lladdr 0e:7e:01:9c:86:0d STALE \n10.110.0.3 dev vlan110 lladdr 0e:7e:01:9c:86:0d REACHABLE \n')).toEqual([
      { dev: 'vlan110-v0', mac: '0e:7e:01:9c:86:0d' },
      { dev: 'vlan110', mac: '0e:7e:01:9c:86:0d' },
    ]);
  });
  it('a route to a host over its EVPN host route, or over the connected SVI', () => {
    // the shapes of `ip route get <host> vrf prod` on leaf3 of the quickstart: over a host route, over the SVI
    expect(devOf('10.110.0.3 via 10.0.1.11 dev vlan2151 table 51001 src 10.110.0.1 uid 0 \n    cache ')).toBe('vlan2151');
    expect(devOf('10.110.0.3 dev vlan110 table 51001 src 10.110.0.1 uid 0 \n    cache ')).toBe('vlan110');
  });
});
