/** CLOS3145: which servers and platforms the multihomed-BGP-host warning is for (bgp-hosts.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileText, edit } from '../../test-helpers/intent.js';

const fixture = readFileSync(new URL('../fixtures/invalid/warn-bgp-host-multihomed/fabric.yaml', import.meta.url), 'utf8');

function warnings(text: string): string[] {
  return compileText(text)
    .diagnostics.filter((d) => d.code === 'CLOS3145')
    .map((d) => `${d.span?.line ?? 0}:${d.span?.col ?? 0} ${d.message.split(' in network')[0] ?? ''}`);
}

const leaves = '  - { name: leaf1, id: 11, rack: r01 }\n  - { name: leaf2, id: 12, rack: r01 }\n';
const withPlatforms = (a: string, b: string): string =>
  edit(fixture, leaves, `  - { name: leaf1, id: 11, rack: r01, platform: ${a} }\n  - { name: leaf2, id: 12, rack: r01, platform: ${b} }\n`);

describe('a BGP host attached to two leaves (CLOS3145)', () => {
  it('is warned about when an NX-OS leaf is among the server\'s, at its attach list, once per network', () => {
    expect(warnings(fixture)).toEqual(["34:13 server 'node01' is attached to leaves 'leaf1' and 'leaf2'"]);
    expect(warnings(withPlatforms('nxos', 'nxos'))).toHaveLength(1);
    expect(warnings(withPlatforms('eos', 'nxos'))).toHaveLength(1);
    expect(warnings(withPlatforms('nxos', 'frr'))).toHaveLength(1);
  });

  it('is not on EOS and FRR leaves (the session address answers with the leaf\'s own MAC)', () => {
    expect(warnings(withPlatforms('eos', 'eos'))).toEqual([]);
    expect(warnings(withPlatforms('frr', 'frr'))).toEqual([]);
    expect(warnings(withPlatforms('eos', 'frr'))).toEqual([]);
  });

  it('is not for a single-homed host, nor for a multihomed server in networks without BGP hosts', () => {
    const singleHomed = edit(fixture, 'attach: [{ leaf: leaf1, port: 1 }, { leaf: leaf2, port: 1 }]', 'attach: [{ leaf: leaf1, port: 1 }]');
    expect(warnings(singleHomed)).toEqual([]);
    const noBgp = edit(fixture, '            bgp_hosts:\n              asn: 65400\n              accept: [10.244.0.0/16]\n', '');
    expect(compileText(noBgp).diagnostics).toEqual([]);
  });

  it('is a warning: the fabric still compiles', () => {
    const result = compileText(fixture);
    expect(result.devices?.length).toBe(4);
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
});

const withExit = readFileSync(new URL('../fixtures/invalid/warn-bgp-hosts-asn-is-external-asn/fabric.yaml', import.meta.url), 'utf8');
/** The CLOS3146 positions of an intent that compiles (errors would make an empty list meaningless). */
function asnWarnings(text: string): string[] {
  const result = compileText(text);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.diagnostics.filter((d) => d.code === 'CLOS3146').map((d) => `${d.span?.line ?? 0}:${d.span?.col ?? 0}`);
}

describe('BGP hosts with the ASN of an external peer of their VRF (CLOS3146)', () => {
  it('is warned about at the hosts\' asn when the VRF announces their pool', () => {
    expect(asnWarnings(withExit)).toEqual(['36:20']);
    const aggregate = edit(withExit, '        networks:\n', '          advertise: [10.244.0.0/16]\n        networks:\n');
    expect(asnWarnings(aggregate)).toEqual(['37:20']);
  });

  it('is not when the VRF announces nothing, announces other prefixes only, or the ASNs differ', () => {
    expect(asnWarnings(edit(withExit, '        networks:\n', '          advertise: none\n        networks:\n'))).toEqual([]);
    expect(asnWarnings(edit(withExit, '        networks:\n', '          advertise: [10.120.0.0/24]\n        networks:\n'))).toEqual([]);
    expect(asnWarnings(edit(withExit, '              asn: 65500\n', '              asn: 65400\n'))).toEqual([]);
  });
});

const transitFixture = readFileSync(new URL('../fixtures/invalid/external-transit-overlap/fabric.yaml', import.meta.url), 'utf8');

describe('a host accept pool over an external transit /31', () => {
  // The fixture's second transit lies in the p2p pool; put it back outside so that only the pool matters.
  const base = edit(transitFixture, 'subnet: 10.1.200.0/31', 'subnet: 192.0.2.2/31');
  const withPool = (vrfOfTransit: string): string =>
    edit(
      vrfOfTransit === 'prod' ? base : edit(base, '      - name: prod\n', '      - name: dev\n        l3vni: 50002\n        networks:\n          - { name: db, vlan: 130, subnet: 10.130.0.0/24 }\n      - name: prod\n'),
      '            subnet: 10.110.0.0/24\n',
      '            subnet: 10.110.0.0/24\n            bgp_hosts: { asn: 65400, accept: [192.0.2.0/30] }\n',
    );
  const codes = (text: string): string[] => compileText(text).diagnostics.map((d) => `${d.code} ${d.span?.line ?? 0}`);

  it('is one error, CLOS3123 at each transit, when the transit is of the pool\'s own VRF', () => {
    expect(compileText(base).diagnostics).toEqual([]);
    expect(codes(withPool('prod'))).toEqual(['CLOS3123 27', 'CLOS3123 28']);
  });

  it('is CLOS3142 at the pool when the transit is of another VRF', () => {
    // The exit moves to VRF dev; the pool stays on prod's network web.
    const moved = edit(
      edit(withPool('dev'), '        external:\n          peers:\n            - { leaf: border1, port: 47, vlan: 3001, subnet: 192.0.2.0/31, asn: 65500 }\n            - { leaf: border2, port: 47, vlan: 3001, subnet: 192.0.2.2/31, asn: 65500 }\n', ''),
      '      - name: dev\n        l3vni: 50002\n',
      '      - name: dev\n        l3vni: 50002\n        external:\n          peers:\n            - { leaf: border1, port: 47, vlan: 3001, subnet: 192.0.2.0/31, asn: 65500 }\n            - { leaf: border2, port: 47, vlan: 3001, subnet: 192.0.2.2/31, asn: 65500 }\n',
    );
    expect(codes(moved).filter((c) => c.startsWith('CLOS3123'))).toEqual([]);
    expect(codes(moved).filter((c) => c.startsWith('CLOS3142'))).toHaveLength(2);
  });
});
