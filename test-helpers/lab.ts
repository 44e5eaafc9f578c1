/** Device models of the example intents, and captured FRR output, for the lab's unit tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { compileIntent } from '../compiler/compile.js';
import { compileExample, repoRoot } from './examples.js';

export function exampleModels(example: string): DeviceModel[] {
  return compileExample(example, 'frr')
    .files.filter((f) => f.path.endsWith('/model.json'))
    .map((f) => JSON.parse(f.content) as DeviceModel);
}

/** `show … json` output captured from leaf1 and spine1 of the quickstart lab (FRR 8.4.4). */
export function frrFixture(name: string): string {
  return readFileSync(join(repoRoot, 'lab', 'fixtures', name), 'utf8');
}

/** Device models of an intent given as YAML text (one file). */
export function intentModels(yaml: string): DeviceModel[] {
  const result = compileIntent([{ name: 'fabric.yaml', text: yaml }], { platform: 'frr' });
  if (result.devices === undefined) throw new Error(`intent does not compile: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return [...result.devices];
}

/**
 * A fabric unlike the examples: 3 spines, explicit cabling (leaf3 only to spine1 and spine2), odd
 * ids, two tenants, a /30 network with room for one host, an L2-only network, trunk and access
 * ports, a server with two ports.
 */
export const oddShapeIntent = `
version: 1
fabric:
  name: odd
  max_spines: 4
  asn: { spine: 65000, leaf_base: 65100 }
  pools: { loopback: 10.0.0.0/24, vtep: 10.0.1.0/24, p2p: 10.1.0.0/16 }
  verify: { failures: 0 }
spines:
  - { name: s1, id: 1 }
  - { name: s2, id: 2 }
  - { name: s3, id: 4 }
leaves:
  - { name: l1, id: 7 }
  - { name: l2, id: 9 }
  - name: l3
    id: 30
    uplinks: [{ spine: s1, port: 49 }, { spine: s2, port: 50 }]
tenants:
  - name: red
    vrfs:
      - name: red-a
        l3vni: 50001
        networks:
          - { name: r-web, vlan: 10, subnet: 192.168.10.0/24, gateway: 192.168.10.2 }
          - { name: r-tiny, vlan: 11, subnet: 192.168.11.0/30 }
          - { name: r-l2, vlan: 12 }
  - name: blue
    vrfs:
      - name: blue-a
        l3vni: 50002
        networks:
          - { name: b-web, vlan: 20, subnet: 192.168.20.0/24 }
servers:
  - { name: a1, attach: [{ leaf: l1, port: 1 }], networks: [r-web, r-tiny, r-l2] }
  - { name: a2, attach: [{ leaf: l2, port: 1 }, { leaf: l2, port: 2 }], networks: [r-web, r-tiny, r-l2], bond: none }
  - { name: b1, attach: [{ leaf: l3, port: 3 }], networks: [b-web], mode: access }
  - { name: b2, attach: [{ leaf: l1, port: 4 }], networks: [b-web], mode: access }
`;

/** The value, or a test failure saying it is missing. */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

/**
 * lab/fixtures/outside with node1 on a second network whose hosts speak BGP: k8s2 (VRF dev, hosts
 * AS65401) beside k8s (VRF prod, AS65400), both on leaf1, node1 trunked into both. One host agent
 * then runs two sessions, the second with `local-as` (lab/stand-ins.ts hostAgentConf).
 */
export function outsideTwoNetworksIntent(): string {
  const outside = readFileSync(join(repoRoot, 'lab/fixtures/outside/fabric.yaml'), 'utf8');
  const devWeb = '          - { name: dev-web, vlan: 210, subnet: 10.210.0.0/24, leaves: [leaf1] }';
  const access = 'networks: [k8s], mode: access }';
  if (!outside.includes(devWeb) || !outside.includes(access)) throw new Error('lab/fixtures/outside/fabric.yaml changed: update outsideTwoNetworksIntent');
  return outside
    .replace(devWeb, `${devWeb}\n          - { name: k8s2, vlan: 220, subnet: 10.220.0.0/24, leaves: [leaf1], bgp_hosts: { asn: 65401, accept: [10.245.0.0/16] } }`)
    .replace(access, 'networks: [k8s, k8s2] }');
}
