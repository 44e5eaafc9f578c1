/**
 * One mistake, one diagnostic: a device, network or VRF dropped after an error is still a known
 * name, so references to it are not reported a second time as unknown.
 */
import { describe, expect, it } from 'vitest';
import { baseIntent, compileText, edit, errorsOf } from '../../test-helpers/intent.js';

describe('errors do not cascade', () => {
  it('an uplink to a spine with an invalid id is not also an unknown spine', () => {
    const text = edit(
      edit(baseIntent, '  - { name: spine2, id: 2 }\n', '  - { name: spine2, id: 2 }\n  - { name: spine9, id: 9 }\n'),
      '{ name: leaf2, id: 12, tags: [db] }',
      '{ name: leaf2, id: 12, tags: [db], uplinks: [{ spine: spine1, port: 49 }, { spine: spine9, port: 50 }] }',
    );
    expect(errorsOf(compileText(text))).toEqual(['fabric.yaml:14:25 CLOS3003']);
  });

  it('a server on a leaf with an unusable ASN is not also on an unknown leaf', () => {
    expect(errorsOf(compileText(edit(baseIntent, '{ name: leaf1, id: 11,', '{ name: leaf1, id: 11, asn: 23456,')))).toEqual(['fabric.yaml:15:33 CLOS3025']);
  });

  it('a server using a network with an invalid gateway, by name and by label, gets no second error', () => {
    const text = edit(edit(baseIntent, '            subnet: 10.110.0.0/24\n', '            subnet: 10.110.0.0/24\n            gateway: 10.110.0.255\n'), '    networks: [web]\n', '    networks: [web, "label:frontend"]\n    mode: trunk\n').replace('    mode: access\n', '');
    expect(errorsOf(compileText(text))).toEqual(['fabric.yaml:26:22 CLOS3021']);
  });

  it('networks of a duplicate VRF are still known to servers', () => {
    const text = edit(baseIntent, 'servers:', '  - name: other\n    vrfs:\n      - name: prod\n        l3vni: 50002\n        networks:\n          - { name: extra, vlan: 300 }\nservers:') + '  - name: web02\n    attach: [{ leaf: leaf2, port: 2 }]\n    networks: [extra]\n';
    expect(errorsOf(compileText(text))).toEqual(['fabric.yaml:33:15 CLOS3007']);
  });

  it('placement on a leaf with a duplicate id is not also an unknown leaf', () => {
    const text = edit(edit(baseIntent, '{ name: leaf2, id: 12,', '{ name: leaf2, id: 11,'), 'leaves: [tag:db]', 'leaves: [leaf2]');
    expect(errorsOf(compileText(text))).toEqual(['fabric.yaml:16:24 CLOS3002']);
  });
});
