/**
 * The templates' view of a device (template-view.ts), and what it is for: every platform lists a
 * leaf's physical ports, fabric links and server ports together, in natural port order, with the
 * other interfaces where they were.
 */
import { describe, expect, it } from 'vitest';
import { allPlatforms, loadPlatformTemplates } from '../../cli/templates.js';
import { baseIntent, devicesOf, edit } from '../../test-helpers/intent.js';
import type { DeviceModel, Platform } from '../build/device-model.js';
import { Renderer, type PlatformTemplates } from './render.js';
import { createTemplateView } from './template-view.js';

/**
 * leaf1 has its uplinks on the default ports 49 and 50, and servers below them (1, 9) and above
 * them (51, 100): as text, `swp100` < `swp49` < `swp9`.
 */
const withExits = edit(
  edit(
    baseIntent,
    '        l3vni: 50001\n',
    `        l3vni: 50001
        external:
          peers: [{ leaf: leaf2, port: 9, vlan: 3001, subnet: 192.0.2.0/31, asn: 65500 }]
          accept: [0.0.0.0/0, 198.51.100.0/24]
`,
  ),
  'servers:\n',
  `      - name: dev
        l3vni: 50002
        external:
          peers: [{ leaf: leaf2, port: 9, vlan: 3002, subnet: 192.0.2.2/31, asn: 65500 }]
        networks:
          - { name: dev-web, vlan: 210, subnet: 10.210.0.0/24, leaves: [leaf2] }
servers:
`,
);

const intent = `${withExits}  - name: app09
    attach: [{ leaf: leaf1, port: 9 }]
    networks: [web]
  - name: app51
    attach: [{ leaf: leaf1, port: 51 }]
    networks: [web]
    mode: access
  - name: app100
    attach: [{ leaf: leaf1, port: 100 }]
    networks: [web]
`;

function devicesOn(platform: Platform): Map<string, DeviceModel> {
  return devicesOf(edit(intent, '  name: lab\n', `  name: lab\n  platform: ${platform}\n`));
}

function device(devices: Map<string, DeviceModel>, name: string): DeviceModel {
  const d = devices.get(name);
  if (d === undefined) throw new Error(`no device ${name}`);
  return d;
}

function templatesOf(platform: Platform): PlatformTemplates {
  const set = loadPlatformTemplates(platform);
  if (set === undefined) throw new Error(`no templates for ${platform}`);
  return set;
}

/** The device's files by name (`frr.conf`), rendered by the fast runtime or by Handlebars. */
function render(d: DeviceModel, engine: 'fast' | 'handlebars' = 'fast'): Map<string, string> {
  const files = new Renderer([templatesOf(d.platform)], engine).render(d);
  return new Map(files.map((f) => [f.path.slice(`${d.name}/`.length), f.content]));
}

/** `interface X` headers in file order. */
function interfaceOrder(config: string): string[] {
  return [...config.matchAll(/^interface (\S+)$/gm)].map((m) => m[1] ?? '');
}

/** The lines of one `interface X` stanza, up to the next blank, `!` or `exit` line. */
function stanza(config: string, name: string): string[] {
  const lines = config.split('\n');
  const start = lines.indexOf(`interface ${name}`);
  if (start < 0) throw new Error(`no interface ${name}`);
  const end = lines.findIndex((l, i) => i > start && (l === '' || l === '!' || l === 'exit'));
  return lines.slice(start, end);
}

describe('createTemplateView', () => {
  const leaf = device(devicesOn('eos'), 'leaf1');

  it('lists fabric and server ports together, in natural order, each with its own entry', () => {
    const { physical } = createTemplateView(leaf).interfaces;
    expect(physical.map((p) => p.fabric?.name ?? p.server?.name)).toEqual(['Ethernet1', 'Ethernet9', 'Ethernet49', 'Ethernet50', 'Ethernet51', 'Ethernet100']);
    expect(physical.map((p) => (p.fabric === null ? 'server' : 'fabric'))).toEqual(['server', 'server', 'fabric', 'fabric', 'server', 'server']);
    for (const p of physical) expect((p.fabric === null) !== (p.server === null)).toBe(true);
    // The model's own objects, not copies.
    expect(physical[2]?.fabric).toBe(leaf.interfaces.fabric[0]);
    expect(physical[4]?.server).toBe(leaf.interfaces.servers[2]);
  });

  it('keeps every other field of the model as it is, and leaves the model unchanged', () => {
    const before = JSON.stringify(leaf);
    const view = createTemplateView(leaf);
    const { physical, ...interfaces } = view.interfaces;
    const { prefixListLines, routeMapClauses, ...routingPolicy } = view.routingPolicy;
    expect(physical).toHaveLength(leaf.interfaces.fabric.length + leaf.interfaces.servers.length);
    expect([prefixListLines, routeMapClauses]).toEqual([[], []]);
    expect({ ...view, interfaces, routingPolicy }).toEqual(leaf);
    expect(JSON.stringify(leaf)).toBe(before);
    expect('physical' in leaf.interfaces).toBe(false);
  });

  it('lists a hand-off port with its routed sub-interfaces right after it, and flattens the routing policy', () => {
    const border = device(devicesOn('eos'), 'leaf2');
    const view = createTemplateView(border);
    expect(view.interfaces.physical.map((p) => p.fabric?.name ?? p.server?.name ?? p.external?.name ?? p.subinterface?.name)).toEqual([
      'Ethernet9',
      'Ethernet9.3001',
      'Ethernet9.3002',
      'Ethernet49',
      'Ethernet50',
    ]);
    for (const p of view.interfaces.physical) expect([p.fabric, p.server, p.external, p.subinterface].filter((x) => x !== null)).toHaveLength(1);
    expect(view.routingPolicy.prefixListLines.flatMap((g) => g.lines).map((l) => `${l.list} ${l.seq} ${l.prefix}${l.le === null ? '' : ` le ${l.le}`}`)).toEqual([
      'PL-dev-ACCEPT 10 0.0.0.0/0',
      'PL-dev-ADVERTISE 10 10.210.0.0/24',
      'PL-prod-ACCEPT 10 0.0.0.0/0',
      'PL-prod-ACCEPT 20 198.51.100.0/24 le 32',
      'PL-prod-ADVERTISE 10 10.110.0.0/24',
      'PL-prod-ADVERTISE 20 10.130.0.0/24',
    ]);
    expect(view.routingPolicy.routeMapClauses.map((c) => `${c.map} ${c.action} ${c.seq} ${c.matchPrefixList ?? '-'}`)).toEqual([
      'RM-dev-EXTERNAL-IN permit 10 PL-dev-ACCEPT',
      'RM-dev-EXTERNAL-OUT permit 10 PL-dev-ADVERTISE',
      'RM-prod-EXTERNAL-IN permit 10 PL-prod-ACCEPT',
      'RM-prod-EXTERNAL-OUT permit 10 PL-prod-ADVERTISE',
    ]);
  });

  it('shares the lines of a shared routing policy between devices, frozen like the lists they come from', () => {
    const devices = [...devicesOn('frr').values()].filter((d) => d.routingPolicy.prefixLists.length > 0);
    expect(devices.length).toBeGreaterThan(0);
    for (const d of devices) {
      const view = createTemplateView(d);
      for (const [i, l] of d.routingPolicy.prefixLists.entries()) {
        const group = view.routingPolicy.prefixListLines[i];
        expect(group?.lines.map((line) => `${line.list} ${line.seq}`)).toEqual(l.entries.map((e) => `${l.name} ${e.seq}`));
        expect(Object.isFrozen(group) && Object.isFrozen(group?.lines) && group?.lines.every((line) => Object.isFrozen(line))).toBe(Object.isFrozen(l));
        // The same list renders from the same lines on the next view.
        expect(createTemplateView(d).routingPolicy.prefixListLines[i]).toBe(group);
      }
    }
  });

  it('gives a spine its fabric links, in their order', () => {
    const spine = device(devicesOn('nxos'), 'spine1');
    expect(createTemplateView(spine).interfaces.physical.map((p) => p.fabric?.name)).toEqual(spine.interfaces.fabric.map((f) => f.name));
  });
});

describe('rendered configurations list physical ports in natural order', () => {
  it('FRR: lo, then swp ports in port order, then the SVIs', () => {
    const conf = render(device(devicesOn('frr'), 'leaf1')).get('frr.conf') ?? '';
    expect(interfaceOrder(conf)).toEqual(['lo', 'swp1', 'swp9', 'swp49', 'swp50', 'swp51', 'swp100', 'vlan110', 'vlan2151']);
    expect(stanza(conf, 'swp9')).toEqual(['interface swp9', ' description server app09']);
    expect(stanza(conf, 'swp49')).toEqual(['interface swp49', ' description to spine1 swp1']);
  });

  it('EOS: Ethernet ports in port order, then loopbacks, SVIs and Vxlan1', () => {
    const cfg = render(device(devicesOn('eos'), 'leaf1')).get('eos.cfg') ?? '';
    expect(interfaceOrder(cfg)).toEqual(['Ethernet1', 'Ethernet9', 'Ethernet49', 'Ethernet50', 'Ethernet51', 'Ethernet100', 'Loopback0', 'Loopback1', 'Vlan110', 'Vxlan1']);
    expect(stanza(cfg, 'Ethernet50')).toContain('   no switchport');
    expect(stanza(cfg, 'Ethernet51')).toContain('   switchport mode access');
    expect(stanza(cfg, 'Ethernet100')).toContain('   switchport mode trunk');
  });

  it('NX-OS: SVIs and nve1, then Ethernet1/ ports in port order, then loopbacks', () => {
    const cfg = render(device(devicesOn('nxos'), 'leaf1')).get('nxos.cfg') ?? '';
    expect(interfaceOrder(cfg)).toEqual([
      'Vlan110',
      'Vlan2151',
      'nve1',
      'Ethernet1/1',
      'Ethernet1/9',
      'Ethernet1/49',
      'Ethernet1/50',
      'Ethernet1/51',
      'Ethernet1/100',
      'loopback0',
      'loopback1',
    ]);
    expect(stanza(cfg, 'Ethernet1/49')).toContain('  no switchport');
    expect(stanza(cfg, 'Ethernet1/9')).toContain('  switchport mode trunk');
  });

  it('renders the same text with the fast runtime and with Handlebars', () => {
    for (const platform of allPlatforms) {
      const leaf = device(devicesOn(platform), 'leaf1');
      expect(render(leaf, 'fast'), platform).toEqual(render(leaf, 'handlebars'));
    }
  });
});
