import { describe, expect, it } from 'vitest';
import type { DeviceModel, PeerGroup, Platform } from '../../compiler/build/device-model.js';
import { exampleModels } from '../../test-helpers/examples.js';
import { advertisesVnis, checksPeerAs, keepsEvpnNextHop, retainsEvpnRoutes, sendsExtendedCommunities } from './platform-behaviour.js';

const { devices } = exampleModels('quickstart');
function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`quickstart has no ${what}`);
  return value;
}
const spine: DeviceModel = found(devices.find((d) => d.role === 'spine'), 'spine');
const leaf: DeviceModel = found(devices.find((d) => d.role === 'leaf'), 'leaf');
const overlay: PeerGroup = found(spine.bgp.peerGroups.find((g) => g.purpose === 'overlay'), 'overlay peer group');
const platforms: readonly Platform[] = ['frr', 'eos', 'nxos'];

describe('what a platform deploys for a field its template does not render', () => {
  it('FRR keeps the EVPN next hop and every EVPN route whatever the model says; EOS and NX-OS as it says', () => {
    for (const platform of platforms) {
      for (const value of [true, false]) {
        const group = { ...overlay, nextHopUnchanged: value };
        const m = { ...spine, platform, bgp: { ...spine.bgp, evpn: { ...spine.bgp.evpn, retainRouteTargetAll: value } } };
        expect(keepsEvpnNextHop(platform, group)).toBe(platform === 'frr' || value);
        expect(retainsEvpnRoutes(m)).toBe(platform === 'frr' || value);
      }
    }
  });

  it('only NX-OS checks the peer AS outbound, as its model says', () => {
    for (const platform of platforms) {
      for (const value of [true, false]) expect(checksPeerAs(platform, { ...overlay, peerAsCheck: value })).toBe(platform === 'nxos' && value);
    }
    expect(checksPeerAs('nxos', undefined)).toBe(false);
  });

  it('only FRR needs advertise-all-vni to originate EVPN routes', () => {
    for (const platform of platforms) {
      for (const value of [true, false]) {
        const m = { ...leaf, platform, bgp: { ...leaf.bgp, evpn: { ...leaf.bgp.evpn, advertiseAllVni: value } } };
        expect(advertisesVnis(m)).toBe(platform !== 'frr' || value);
      }
    }
  });

  it('FRR sends extended communities whatever the model says; EOS and NX-OS only as it says', () => {
    for (const platform of platforms) {
      for (const value of ['extended', null] as const) expect(sendsExtendedCommunities(platform, { ...overlay, sendCommunity: value })).toBe(platform === 'frr' || value === 'extended');
    }
  });
});
