/**
 * Schema-valid random intents with a few deliberate collisions (names, ids, VNIs, VLANs, ports,
 * pools, ASNs, subnets): they reach the resolve and build stages, where the cross-key rules live.
 */
import { pick, random } from './mutations.js';

type Rnd = () => number;

export function randomIntent(seed: number): Record<string, unknown> {
  const r = random(seed);
  const int = (a: number, b: number): number => a + Math.floor(r() * (b - a + 1));
  const chance = (p: number): boolean => r() < p;
  const spineNames = ['s1', 's2', 's3', 's4'];
  const leafNames = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'];

  const spines = Array.from({ length: int(1, 4) }, (_, i) => ({
    name: chance(0.05) ? pick(r, spineNames) : `s${i + 1}`,
    id: chance(0.05) ? int(1, 9) : i + 1,
    ...(chance(0.2) ? { platform: pick(r, ['frr', 'eos', 'nxos']) } : {}),
  }));
  const leaves = Array.from({ length: int(1, 6) }, (_, i) => {
    const leaf: Record<string, unknown> = { name: chance(0.05) ? pick(r, leafNames) : `l${i + 1}`, id: chance(0.05) ? int(1, 30) : 11 + i };
    if (chance(0.1)) leaf['asn'] = pick(r, [65000, 65001, 64512, 23456, 4200000000]);
    if (chance(0.5)) leaf['tags'] = [...new Set(Array.from({ length: int(1, 2) }, () => pick(r, ['a', 'b', 'c'])))];
    if (chance(0.1)) leaf['spine_port'] = int(1, 8);
    if (chance(0.15)) leaf['uplinks'] = Array.from({ length: int(1, 2) }, (_, k) => ({ spine: `s${k + 1}`, port: 40 + k }));
    if (chance(0.1)) leaf['platform'] = pick(r, ['frr', 'eos', 'nxos']);
    return leaf;
  });

  let networks = 0;
  let vrfs = 0;
  const tenants = Array.from({ length: int(0, 2) }, (_, t) => ({
    name: chance(0.05) ? 't1' : `t${t + 1}`,
    vrfs: Array.from({ length: int(1, 2) }, () => randomVrf(r, ++vrfs, () => ++networks)),
  }));
  const servers =
    networks === 0
      ? []
      : Array.from({ length: int(0, 4) }, (_, i) => ({
          name: chance(0.05) ? 'h1' : `h${i + 1}`,
          attach: [{ leaf: chance(0.1) ? pick(r, leafNames) : 'l1', port: chance(0.1) ? pick(r, [1, 49]) : 1 + i }],
          networks: [...new Set(Array.from({ length: int(1, 2) }, () => (chance(0.1) ? pick(r, ['label:x', 'label:y', 'n9']) : `n${int(1, networks)}`)))],
          ...(chance(0.4) ? { mode: pick(r, ['access', 'trunk']) } : {}),
        }));
  const fabric: Record<string, unknown> = {
    name: 'fuzz',
    max_spines: pick(r, [2, 4, 8]),
    asn: { spine: chance(0.1) ? pick(r, [65535, 64496, 4200000000]) : 65000, ...(chance(0.95) ? { leaf_base: chance(0.1) ? pick(r, [64000, 4294967200]) : 65100 } : {}) },
    pools: {
      loopback: chance(0.1) ? pick(r, ['10.0.0.0/28', '10.0.0.0/32']) : '10.0.0.0/24',
      vtep: chance(0.05) ? '10.0.0.0/25' : '10.0.1.0/24',
      p2p: chance(0.1) ? pick(r, ['10.1.0.0/26', '10.1.0.0/31']) : '10.1.0.0/16',
    },
  };
  if (chance(0.3)) fabric['uplink_port'] = pick(r, [1, 49, 1023]);
  if (chance(0.1)) fabric['mtu'] = pick(r, [1500, 9216]);
  if (chance(0.1)) fabric['evpn'] = { ...(chance(0.5) ? { vni_base: pick(r, [0, 16777000]) } : {}), ...(chance(0.5) ? { rt_asn: pick(r, [65000, 70000]) } : {}) };
  return { version: 1, fabric, spines, leaves, tenants, servers };
}

function randomVrf(r: Rnd, index: number, nextNetwork: () => number): Record<string, unknown> {
  const int = (a: number, b: number): number => a + Math.floor(r() * (b - a + 1));
  const chance = (p: number): boolean => r() < p;
  const vrf: Record<string, unknown> = { name: chance(0.05) ? pick(r, ['v1', 'default']) : `v${index}`, l3vni: chance(0.1) ? pick(r, [50001, 10110, 70000, 100]) : 50000 + index };
  if (chance(0.2)) vrf['id'] = chance(0.2) ? int(1, 3) : 100 + index;
  if (chance(0.1)) vrf['vlan'] = pick(r, [2001, 110, 3000 + index]);
  vrf['networks'] = Array.from({ length: int(0, 3) }, () => {
    const n = nextNetwork();
    const network: Record<string, unknown> = { name: chance(0.05) ? pick(r, ['n1', 'n2']) : `n${n}`, vlan: chance(0.1) ? pick(r, [110, 2001, 4094]) : 100 + n };
    if (chance(0.1)) network['vni'] = chance(0.3) ? pick(r, [10110, 50001]) : 20000 + n;
    if (chance(0.6)) network['subnet'] = chance(0.1) ? pick(r, ['10.10.0.0/16', '10.0.0.0/28', '192.168.0.0/30', '10.12.0.0/23']) : `10.${20 + n}.0.0/24`;
    if (chance(0.1) && network['subnet'] !== undefined) network['gateway'] = chance(0.2) ? pick(r, ['10.10.0.1', '10.11.0.255']) : `10.${20 + n}.0.${int(1, 254)}`;
    if (chance(0.2)) network['mtu'] = pick(r, [1500, 9000, 9100]);
    if (chance(0.4)) network['labels'] = [pick(r, ['x', 'y'])];
    if (chance(0.5)) network['leaves'] = [...new Set(Array.from({ length: int(1, 2) }, () => pick(r, ['all', 'l1', 'l2', 'tag:a', 'tag:b'])))];
    return network;
  });
  return vrf;
}
