/**
 * In-memory intents for unit tests: compile YAML text (one file or several) through the library and
 * read diagnostics as `file:line:col CODE` strings, the form the tests assert.
 */
import { compileIntent, type CompileResult } from '../compiler/compile.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { LoadLimits } from '../compiler/load/load-intent.js';

/** A small, valid intent in the style of the quickstart example; tests change one thing in it. */
export const baseIntent = `version: 1
fabric:
  name: lab
  asn:
    spine: 65000
    leaf_base: 65100
  pools:
    loopback: 10.0.0.0/24
    vtep: 10.0.1.0/24
    p2p: 10.1.0.0/16
spines:
  - { name: spine1, id: 1 }
  - { name: spine2, id: 2 }
leaves:
  - { name: leaf1, id: 11, tags: [web] }
  - { name: leaf2, id: 12, tags: [db] }
tenants:
  - name: acme
    vrfs:
      - name: prod
        l3vni: 50001
        networks:
          - name: web
            vlan: 110
            subnet: 10.110.0.0/24
            labels: [frontend]
          - name: db
            vlan: 130
            subnet: 10.130.0.0/24
            leaves: [tag:db]
servers:
  - name: web01
    attach: [{ leaf: leaf1, port: 1 }]
    networks: [web]
    mode: access
`;

/** Compiles one file (named fabric.yaml) or several (name → text). */
export function compileText(text: string | Readonly<Record<string, string>>, limits?: LoadLimits): CompileResult {
  const files = typeof text === 'string' ? { 'fabric.yaml': text } : text;
  const sources = Object.entries(files).map(([name, t]) => ({ name, text: t }));
  return limits === undefined ? compileIntent(sources) : compileIntent(sources, { limits });
}

/** `file:line:col CODE` for each diagnostic, in the compiler's (sorted) order. */
export function located(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.span === undefined ? '-' : `${d.span.file}:${d.span.line}:${d.span.col}`} ${d.code}`);
}

/** Only the errors' `file:line:col CODE`. */
export function errorsOf(result: CompileResult): string[] {
  return located(result.diagnostics.filter((d) => d.severity === 'error'));
}

/** The device models of a valid intent; fails the test with the diagnostics otherwise. */
export function devicesOf(text: string | Readonly<Record<string, string>>): Map<string, DeviceModel> {
  const result = compileText(text);
  if (result.devices === undefined) {
    throw new Error(`intent does not compile:\n${result.diagnostics.map((d) => `${located([d]).join('')} ${d.message}`).join('\n')}`);
  }
  return new Map(result.devices.map((d) => [d.name, d]));
}

/** Replaces exactly one occurrence of `from` in `text`; throws when it is absent or ambiguous. */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`edit: '${from}' not found`);
  if (text.includes(from, at + 1)) throw new Error(`edit: '${from}' found twice`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * Two tenants handed off at two border leaves, a network whose hosts speak BGP, and a non-default
 * `accept` entry (the audit's lab1): tenant `acme` owns VRF `prod`, tenant `other` VRF `ext`, so
 * tenant and VRF names sort differently.
 */
export const twoTenantIntent = `version: 1
fabric:
  name: lab1
  asn: { spine: 65000, leaf_base: 65100 }
  pools: { loopback: 10.0.0.0/24, vtep: 10.0.1.0/24, p2p: 10.1.0.0/16 }
spines:
  - { name: spine1, id: 1 }
  - { name: spine2, id: 2 }
leaves:
  - { name: leaf1, id: 11, rack: r1 }
  - { name: leaf2, id: 12, rack: r1 }
  - { name: leaf3, id: 13, rack: r2 }
  - { name: border1, id: 21, rack: r9 }
  - { name: border2, id: 22, rack: r9 }
tenants:
  - name: acme
    vrfs:
      - name: prod
        l3vni: 50001
        external:
          peers:
            - { leaf: border1, port: 47, vlan: 3001, subnet: 192.0.2.0/31, asn: 65500 }
            - { leaf: border2, port: 47, vlan: 3001, subnet: 192.0.2.2/31, asn: 65500 }
          accept: [0.0.0.0/0, 198.51.100.0/24]
          advertise: [10.10.0.0/16]
          max_prefixes: 500
        networks:
          - { name: web, vlan: 110, subnet: 10.10.10.0/24 }
          - { name: k8s, vlan: 120, subnet: 10.10.20.0/24, leaves: [leaf3], bgp_hosts: { asn: 65300, accept: [10.244.0.0/16] } }
          - { name: repl, vlan: 140 }
  - name: other
    vrfs:
      - name: ext
        l3vni: 50002
        external:
          peers:
            - { leaf: border1, port: 47, vlan: 3002, subnet: 192.0.2.4/31, asn: 65501 }
            - { leaf: border2, port: 48, vlan: 3002, subnet: 192.0.2.6/31, asn: 65501 }
        networks:
          - { name: ext-web, vlan: 210, subnet: 10.20.10.0/24, leaves: [leaf1, leaf2] }
servers:
  - { name: hv1, attach: [{ leaf: leaf1, port: 1 }, { leaf: leaf2, port: 1 }], networks: [web, repl] }
  - { name: hv2, attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }], bond: active-backup, networks: [web, ext-web] }
  - { name: db1, attach: [{ leaf: leaf3, port: 1 }, { leaf: leaf3, port: 2 }], lag: 7, networks: [web, repl] }
  - { name: k8s1, attach: [{ leaf: leaf3, port: 3 }], networks: [k8s], mode: access }
  - { name: ext1, attach: [{ leaf: leaf1, port: 5 }], networks: [ext-web], mode: access }
`;
