/**
 * A generated fabric of any size, for the verifier's scale tests: `spines` spines, `leaves` leaves
 * in placement groups, `networks` networks spread over tenants and VRFs so that every leaf carries
 * `networksPerLeaf` of them. The intent is plain YAML text, as a user would write it, so the whole
 * pipeline (load, resolve, build, verify) runs on it. The real benchmark lives in bench/; this is
 * only what the verifier's tests need.
 */
import type { IntentSource } from '../compiler/load/load-intent.js';

export interface LargeFabricShape {
  readonly spines: number;
  readonly leaves: number;
  readonly networks: number;
  readonly networksPerLeaf: number;
  /** Tenants; each has two VRFs. Default 20. */
  readonly tenants?: number;
  readonly failures?: number;
  /** Every VRF handed off to AS 65500 on leaf1 and leaf2 (port 60, one VLAN per VRF). */
  readonly exits?: boolean;
  /** The first this many networks have BGP hosts (AS 65400, pool 100.65.<n>.0/24). */
  readonly hostNetworks?: number;
}

/**
 * Leaves are split into `networks / networksPerLeaf` groups (tag `g<k>`); each group carries its own
 * `networksPerLeaf` networks, so every leaf carries exactly that many and each network sits on one
 * group's leaves. VLANs repeat across groups (never on one leaf); VNIs and subnets are unique.
 */
export function generateLargeFabric(shape: LargeFabricShape): IntentSource {
  const groups = Math.max(1, Math.floor(shape.networks / shape.networksPerLeaf));
  const tenants = shape.tenants ?? 20;
  const lines: string[] = [];
  const maxSpines = Math.max(8, shape.spines);
  lines.push(
    'version: 1',
    'fabric:',
    '  name: large',
    '  platform: frr',
    `  max_spines: ${maxSpines}`,
    '  asn: { spine: 65000, leaf_base: 4200000000 }',
    '  pools: { loopback: 10.0.0.0/16, vtep: 10.1.0.0/16, p2p: 172.16.0.0/14 }',
    `  verify: { hop_limit: 2, failures: ${shape.failures ?? 1} }`,
    'spines:',
  );
  for (let s = 1; s <= shape.spines; s++) lines.push(`  - { name: spine${s}, id: ${s} }`);
  lines.push('leaves:');
  for (let l = 1; l <= shape.leaves; l++) {
    lines.push(`  - { name: leaf${l}, id: ${maxSpines + l}, tags: [g${(l - 1) % groups}] }`);
  }
  lines.push('tenants:');
  const perTenant = Math.ceil(shape.networks / tenants);
  let n = 0;
  for (let t = 0; t < tenants && n < shape.networks; t++) {
    lines.push(`  - name: t${t}`, '    vrfs:');
    for (let v = 0; v < 2; v++) {
      const vrf = t * 2 + v;
      lines.push(`      - name: t${t}-v${v}`, `        l3vni: ${900000 + vrf}`, `        id: ${5000 + vrf}`, `        vlan: ${3000 + vrf}`);
      if (shape.exits === true) {
        const transit = (border: number): string => `100.64.${Math.floor((vrf * 2 + border) / 128)}.${((vrf * 2 + border) % 128) * 2}/31`;
        lines.push(
          '        external:',
          '          peers:',
          `            - { leaf: leaf1, port: 60, vlan: ${100 + vrf}, subnet: ${transit(0)}, asn: 65500 }`,
          `            - { leaf: leaf2, port: 60, vlan: ${100 + vrf}, subnet: ${transit(1)}, asn: 65500 }`,
        );
      }
      lines.push('        networks:');
      const count = Math.ceil(perTenant / 2);
      for (let i = 0; i < count && n < shape.networks; i++, n++) {
        const group = n % groups;
        const vlan = 100 + Math.floor(n / groups);
        const third = n % 256;
        const second = 100 + Math.floor(n / 256);
        const hosts = n < (shape.hostNetworks ?? 0) ? `, bgp_hosts: { asn: 65400, accept: [100.65.${n}.0/24] }` : '';
        lines.push(
          `          - { name: n${n}, vlan: ${vlan}, vni: ${100000 + n}, subnet: 10.${second}.${third}.0/24, leaves: ["tag:g${group}"]${hosts} }`,
        );
      }
    }
  }
  return { name: 'fabric.yaml', text: `${lines.join('\n')}\n` };
}
