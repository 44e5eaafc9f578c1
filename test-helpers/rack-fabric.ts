/**
 * A synthetic fabric of any size, as intent YAML: `spines` spines, `leaves` leaves in racks of
 * `perRack`, a few tenants whose networks are placed on all leaves, on tags and on single leaves,
 * and one server per rack. For the scale tests of the review tools (a thousand leaves).
 */
export interface LargeFabricShape {
  readonly spines: number;
  readonly leaves: number;
  readonly perRack: number;
}

export function largeFabricYaml(shape: LargeFabricShape): string {
  const racks = Math.ceil(shape.leaves / shape.perRack);
  const rackName = (r: number): string => `r${String(r + 1).padStart(String(racks).length, '0')}`;
  const leafName = (i: number): string => `leaf${String(i + 1).padStart(4, '0')}`;
  const lines = [
    'version: 1',
    'fabric:',
    `  name: big${shape.leaves}`,
    '  platform: frr',
    `  max_spines: ${Math.max(4, shape.spines)}`,
    '  asn: { spine: 65000, leaf_base: 4200000000 }',
    '  pools: { loopback: 10.0.0.0/20, vtep: 10.16.0.0/20, p2p: 10.128.0.0/14 }',
    'spines:',
    ...Array.from({ length: shape.spines }, (_, i) => `  - { name: spine${i + 1}, id: ${i + 1} }`),
    'leaves:',
    ...Array.from({ length: shape.leaves }, (_, i) => {
      const rack = Math.floor(i / shape.perRack);
      return `  - { name: ${leafName(i)}, id: ${i + 101}, rack: ${rackName(rack)}, tags: [${rack % 2 === 0 ? 'even' : 'odd'}] }`;
    }),
    'tenants:',
    '  - name: acme',
    '    vrfs:',
    '      - name: prod',
    '        l3vni: 50001',
    '        networks:',
    '          - { name: web, vlan: 110, subnet: 10.200.0.0/16 }',
    '          - { name: even-only, vlan: 120, subnet: 10.201.0.0/16, leaves: [tag:even] }',
    `          - { name: pinned, vlan: 130, leaves: [${leafName(0)}, ${leafName(1)}] }`,
    'servers:',
    ...Array.from({ length: racks }, (_, r) => `  - { name: host-${rackName(r)}, attach: [{ leaf: ${leafName(r * shape.perRack)}, port: 1 }], networks: [web], mode: access }`),
  ];
  return `${lines.join('\n')}\n`;
}
