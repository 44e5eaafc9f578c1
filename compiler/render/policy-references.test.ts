/**
 * No configuration names a filter it does not define: on every platform, every prefix list a
 * route-map clause matches and every route map a neighbor or redistribution applies is written in
 * the same file, and no prefix list is written without entries. FRR and NX-OS write a prefix list
 * as its entry lines, so a list without entries would not exist on the device, and a route map
 * naming it would match what the platform makes of a missing list; EOS would write an empty one.
 *
 * Inputs: every example, and VRFs with an exit whose `advertise` has something, or nothing
 * (`none`, no network, layer-2 networks only: CLOS3130), with hosts that speak BGP.
 */
import { describe, expect, it } from 'vitest';
import { compileText, edit, baseIntent } from '../../test-helpers/intent.js';
import { compileExample, exampleNames, implementedPlatforms } from '../../test-helpers/examples.js';
import { createRenderer } from '../../cli/templates.js';
import { renderOutput } from '../compile.js';
import type { DeviceModel, Platform } from '../build/device-model.js';
import type { RenderedFile } from './render.js';

/** Three VRFs with an exit on leaf2: one announcing its subnet, one without networks, one with a layer-2 network only; hosts on web. */
const exits = edit(
  edit(
    edit(
      baseIntent,
      '        l3vni: 50001\n',
      `        l3vni: 50001
        external:
          peers: [{ leaf: leaf2, port: 9, vlan: 3001, subnet: 192.0.2.0/31, asn: 65500 }]
`,
    ),
    '            labels: [frontend]\n',
    `            labels: [frontend]
            bgp_hosts: { asn: 65300, accept: [10.244.0.0/16] }
`,
  ),
  'servers:\n',
  `      - name: empty
        l3vni: 50002
        external:
          peers: [{ leaf: leaf2, port: 9, vlan: 3002, subnet: 192.0.2.2/31, asn: 65500 }]
        networks: []
      - name: bridged
        l3vni: 50003
        external:
          peers: [{ leaf: leaf2, port: 9, vlan: 3003, subnet: 192.0.2.4/31, asn: 65501 }]
          advertise: subnets
        networks:
          - { name: l2only, vlan: 310, leaves: [leaf1] }
servers:
`,
);

/** The same fabric with the first VRF announcing nothing by choice. */
const silent = edit(exits, '          peers: [{ leaf: leaf2, port: 9, vlan: 3001, subnet: 192.0.2.0/31, asn: 65500 }]\n', '          peers: [{ leaf: leaf2, port: 9, vlan: 3001, subnet: 192.0.2.0/31, asn: 65500 }]\n          advertise: none\n');

function compileOn(text: string, platform: Platform): { devices: readonly DeviceModel[]; files: readonly RenderedFile[]; warnings: string[] } {
  const result = compileText(edit(text, '  name: lab\n', `  name: lab\n  platform: ${platform}\n`));
  if (result.fabric === undefined || result.devices === undefined) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const { renderer } = createRenderer([platform]);
  return { devices: result.devices, files: renderOutput(result.fabric, result.devices, renderer).files, warnings: result.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.span?.line ?? 0}:${d.span?.col ?? 0} ${d.code}`) };
}

/** What a configuration file defines and what it names, of prefix lists and route maps. */
function filterReferences(text: string): { lists: Map<string, number>; maps: Set<string>; listRefs: Set<string>; mapRefs: Set<string> } {
  const lists = new Map<string, number>();
  const maps = new Set<string>();
  const listRefs = new Set<string>();
  const mapRefs = new Set<string>();
  let eosList: string | undefined;
  for (const line of text.split('\n')) {
    // EOS: `ip prefix-list NAME`, then `   seq N permit …` lines; FRR, NX-OS: one `ip prefix-list NAME seq N …` line per entry.
    const header = /^ip prefix-list (\S+)$/.exec(line);
    if (header !== null) {
      eosList = header[1] ?? '';
      lists.set(eosList, 0);
      continue;
    }
    if (eosList !== undefined && /^ {3}seq \d+ (permit|deny) /.test(line)) {
      lists.set(eosList, (lists.get(eosList) ?? 0) + 1);
      continue;
    }
    eosList = undefined;
    const entry = /^ip prefix-list (\S+) seq \d+ (permit|deny) /.exec(line);
    if (entry !== null) lists.set(entry[1] ?? '', (lists.get(entry[1] ?? '') ?? 0) + 1);
    const map = /^route-map (\S+) (permit|deny) \d+$/.exec(line);
    if (map !== null) maps.add(map[1] ?? '');
    const match = /^\s+match ip address prefix-list (\S+)$/.exec(line);
    if (match !== null) listRefs.add(match[1] ?? '');
    const applied = /^\s+.*\broute-map (\S+)(?: (?:in|out))?$/.exec(line);
    if (applied !== null) mapRefs.add(applied[1] ?? '');
  }
  return { lists, maps, listRefs, mapRefs };
}

function expectSelfContained(files: readonly RenderedFile[], label: string): number {
  let checked = 0;
  for (const f of files.filter((x) => /\/(frr\.conf|eos\.cfg|nxos\.cfg)$/.test(x.path))) {
    const { lists, maps, listRefs, mapRefs } = filterReferences(f.content);
    for (const name of listRefs) expect(lists.has(name), `${label} ${f.path}: a route map matches prefix list ${name}, which the file does not define`).toBe(true);
    for (const name of mapRefs) expect(maps.has(name), `${label} ${f.path}: route map ${name} is applied but not defined`).toBe(true);
    for (const [name, entries] of lists) expect(entries, `${label} ${f.path}: prefix list ${name} has no entries`).toBeGreaterThan(0);
    checked += listRefs.size;
  }
  return checked;
}

describe('rendered filters name only what they define', () => {
  for (const example of exampleNames()) {
    it(`${example}: on every platform`, () => {
      let checked = 0;
      for (const platform of implementedPlatforms()) checked += expectSelfContained(compileExample(example, platform).files, `${example} ${platform}`);
      if (example === 'dc1') expect(checked).toBeGreaterThan(0);
    });
  }

  for (const platform of ['frr', 'eos', 'nxos'] as const) {
    it(`${platform}: VRFs with an exit and nothing to announce deny all outbound, with no advertise list`, () => {
      for (const [label, text] of [
        ['advertise: subnets', exits],
        ['advertise: none', silent],
      ] as const) {
        const { devices, files, warnings } = compileOn(text, platform);
        // Both VRFs without a routed subnet are reported: at the `external` key of 'empty' (no
        // `advertise`), at the `advertise` value of 'bridged'; `advertise: none` says it, no warning.
        expect(warnings, label).toEqual(label === 'advertise: none' ? ['38:9 CLOS3130', '45:22 CLOS3130'] : ['37:9 CLOS3130', '44:22 CLOS3130']);
        expect(expectSelfContained(files, `${platform} ${label}`)).toBeGreaterThan(0);
        const border = devices.find((d) => d.name === 'leaf2');
        const policy = border?.routingPolicy;
        expect(policy?.prefixLists.map((l) => l.name)).toEqual(label === 'advertise: none' ? ['PL-bridged-ACCEPT', 'PL-empty-ACCEPT', 'PL-prod-ACCEPT', 'PL-web-HOSTS'] : ['PL-bridged-ACCEPT', 'PL-empty-ACCEPT', 'PL-prod-ACCEPT', 'PL-prod-ADVERTISE', 'PL-web-HOSTS']);
        for (const vrf of ['empty', 'bridged', ...(label === 'advertise: none' ? ['prod'] : [])]) {
          expect(policy?.routeMaps.find((m) => m.name === `RM-${vrf}-EXTERNAL-OUT`)?.entries, `${label} ${vrf}`).toEqual([{ seq: 10, action: 'deny', matchPrefixList: null }]);
        }
        // Every route map of every device matches only lists the device holds, with entries.
        for (const d of devices) {
          const held = new Map(d.routingPolicy.prefixLists.map((l) => [l.name, l.entries.length]));
          for (const m of d.routingPolicy.routeMaps) for (const c of m.entries) if (c.matchPrefixList !== null) expect(held.get(c.matchPrefixList) ?? 0, `${d.name} ${m.name}`).toBeGreaterThan(0);
        }
      }
    });
  }

  it('renders a VRF without a routed subnet exactly as advertise: none', () => {
    const implicit = compileOn(exits, 'frr').files.find((f) => f.path === 'leaf2/frr.conf')?.content ?? '';
    expect(implicit).toContain('route-map RM-empty-EXTERNAL-OUT deny 10\nexit\n');
    expect(implicit).not.toContain('PL-empty-ADVERTISE');
    expect(implicit).not.toContain('PL-bridged-ADVERTISE');
  });
});
