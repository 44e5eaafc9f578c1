/**
 * `clos doc`: the documents of the examples and of a thousand-leaf fabric, with every Mermaid
 * diagram parsed by Mermaid's own parser (mermaid.parse, headless under jsdom: Mermaid sanitises
 * labels with DOMPurify, which needs a window).
 */
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileIntent } from '../../compiler/compile.js';
import type { DeviceModel } from '../../compiler/build/device-model.js';
import type { FabricModel } from '../../compiler/resolve/fabric-model.js';
import { compileExample, exampleModels, exampleNames, implementedPlatforms } from '../../test-helpers/examples.js';
import { baseIntent, compileText, edit, twoTenantIntent } from '../../test-helpers/intent.js';
import { verifyCompiled } from '../../verify/verify.js';
import { generateIntent } from '../../bench/generate-intent.js';
import { compileEditedExample } from '../../test-helpers/review.js';
import { renderFabricDoc } from './fabric-doc.js';
import { renderTopology, topologyLimits } from './topology-mermaid.js';

type MermaidParse = (text: string) => Promise<{ diagramType: string } | false>;
let parseMermaid: MermaidParse;

beforeAll(async () => {
  (globalThis as { window?: unknown }).window = new JSDOM('').window;
  const mermaid = (await import('mermaid')).default;
  parseMermaid = (text) => mermaid.parse(text);
}, 60_000);

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

interface LargeFabricShape {
  readonly spines: number;
  readonly leaves: number;
  readonly perRack: number;
  /** Networks, and how many each leaf carries: the rest are placed on one pod (tag) each. Default 3 on every leaf. */
  readonly networks?: number;
  readonly networksPerLeaf?: number;
}

/** The benchmark's generator (one tenant, one server port per leaf), with racks of `perRack` leaves. */
function compileLarge(shape: LargeFabricShape): { fabric: FabricModel; devices: readonly DeviceModel[] } {
  const generated = generateIntent({
    spines: shape.spines,
    leaves: shape.leaves,
    leavesPerRack: shape.perRack,
    tenants: 1,
    vrfs: 1,
    networks: shape.networks ?? 3,
    networksPerLeaf: shape.networksPerLeaf ?? 3,
    serversPerLeaf: 1,
    seed: 1,
  });
  const r = compileIntent(generated.files);
  if (r.fabric === undefined || r.devices === undefined) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)));
  return { fabric: r.fabric, devices: r.devices };
}

describe('the Mermaid check itself', () => {
  it('rejects a broken diagram, so a passing parse means something', async () => {
    await expect(parseMermaid('flowchart TB\n  a["x"y"] --- b\n')).rejects.toThrow(/Parse error/);
    await expect(parseMermaid('flowchart TB\n  subgraph s["S"]\n    a\n')).rejects.toThrow();
  });
});

describe('clos doc on the examples', () => {
  for (const example of exampleNames()) {
    it(`${example}: answers a reviewer's questions without opening a config, and its diagram parses`, async () => {
      const { fabric, devices } = compileEditedExample(example, example);
      const doc = renderFabricDoc(fabric, devices);
      for (const heading of ['## Topology', '## Devices', '## Cabling and /31 plan', '## Tenants, VRFs and networks', '## Servers', '## BGP sessions']) {
        expect(doc).toContain(`\n${heading}\n`);
      }
      for (const d of devices) expect(doc).toContain(`| ${d.name} | ${d.role} | ${d.id} | ${d.asn} | ${d.routerId} |`);
      for (const link of fabric.links) expect(doc).toContain(`| ${link.prefix} | ${link.leafAddress} | ${link.spineAddress} |`);
      for (const n of fabric.networks) expect(doc).toMatch(new RegExp(`\\| ${n.name} \\| ${n.vlan} \\| ${n.vni} \\| ${n.subnet?.prefix.cidr ?? 'L2 only'} \\|`));
      for (const s of fabric.servers) expect(doc).toMatch(new RegExp(`\\| ${s.name} \\| ${s.leaves[0] ?? ''} `));
      for (const t of fabric.tenants) expect(doc).toContain(`### Tenant ${t.name}`);
      const blocks = mermaidBlocks(doc);
      expect(blocks).toHaveLength(1);
      await expect(parseMermaid(blocks[0] ?? '')).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
      expect(doc.endsWith('\n') && !doc.endsWith('\n\n')).toBe(true);
      expect(doc).not.toMatch(/[ \t]$/m);
    });
  }

  it("lists the networks a server's label: selector carried onto its leaf outside their placement", () => {
    const edits = [
      { file: 'fabric.yaml', from: 'leaves: [tag:db]            # only the db rack', to: 'leaves: [tag:db]\n            labels: [backend]' },
      { file: 'fabric.yaml', from: 'networks: ["label:frontend", dev-web]', to: 'networks: ["label:frontend", "label:backend", dev-web]' },
    ];
    const { fabric, devices } = compileEditedExample('quickstart', 'q', edits);
    // hv01 is dual-homed: the selector carries the network onto both of its leaves.
    expect(fabric.stretched).toEqual([
      { server: 'hv01', selector: 'label:backend', leaf: 'leaf1', networks: ['db'] },
      { server: 'hv01', selector: 'label:backend', leaf: 'leaf2', networks: ['db'] },
    ]);
    const doc = renderFabricDoc(fabric, devices);
    expect(doc).toContain("A server's `label:` selector carries these networks onto its leaf, outside their `leaves` placement (CLOS3056):");
    for (const x of fabric.stretched) expect(doc).toContain(`| ${x.server} | \`${x.selector}\` | ${x.leaf} | ${x.networks.join(', ')} |`);
    expect(renderFabricDoc(compileEditedExample('quickstart', 'q').fabric, devices)).not.toContain('CLOS3056');
  });

  it('names which leaves carry a network placed on some of them', () => {
    const { fabric, devices } = compileEditedExample('quickstart', 'q');
    const doc = renderFabricDoc(fabric, devices);
    expect(doc).toContain('| db | 130 | 10130 | 10.130.0.0/24 | 10.130.0.1 | 1500 | — | leaf3, leaf4 |');
    expect(doc).toContain('| web | 110 | 10110 | 10.110.0.0/24 | 10.110.0.1 | 1500 | frontend | all 4 leaves |');
    expect(doc).toContain('| hv01 | leaf1 swp2; leaf2 swp2 | LACP, Ethernet segment (bond2) | trunk (tagged) | web (110), app (120), dev-web (210) |');
  });

  it('lists every Ethernet segment with the identities an operator types into show commands', () => {
    const { fabric, devices } = compileEditedExample('dc1', 'dc1', [], 'eos');
    const doc = renderFabricDoc(fabric, devices);
    expect(doc).toContain('\n### Ethernet segments\n');
    expect(doc).toContain('| hv-r02-01 | dc1-leaf03, dc1-leaf04 | Port-Channel1 | 0302:4d00:0d00:0e00:0001 | 024d.000d.000e | trunk | 100, 101, 103, 110, 111 |');
    expect(doc).toContain('| db-01 | dc1-leaf09 Ethernet1, Ethernet2 | LACP, local LAG (Port-Channel10) | ');
    expect(doc).toContain('| Servers | 18 (5 dual-homed in Ethernet segments, 1 on a local LAG, 2 active-backup, 10 single-homed) |');
  });

  it("gives each segment's ESI and system MAC in the form its leaves' configurations write them", () => {
    for (const platform of implementedPlatforms()) {
      const { fabric, devices } = exampleModels('dc1', platform);
      const doc = renderFabricDoc(fabric, devices);
      const { files } = compileExample('dc1', platform);
      const configOf = (leaf: string): string => files.find((f) => f.path.startsWith(`${leaf}/`) && !f.path.endsWith('.json') && !f.path.endsWith('.sh'))?.content ?? '';
      expect(fabric.segments).toHaveLength(5);
      for (const g of fabric.segments) {
        const cells = new RegExp(`^\\| ${g.server} \\| ${g.leaves.join(', ')} \\| [^|]+ \\| ([^|]+) \\| ([^|]+) \\|`, 'm').exec(doc);
        const [esi = '', mac = ''] = [cells?.[1]?.trim(), cells?.[2]?.trim()];
        expect(mac, `${platform} ${g.server}`).toBe(platform === 'frr' ? g.systemMac : g.systemMac.replace(/:/g, '').replace(/(.{4})(?!$)/g, '$1.'));
        expect(esi, `${platform} ${g.server}`).toBe(platform === 'eos' ? g.esi.replace(/:/g, '').replace(/(.{4})(?!$)/g, '$1:') : g.esi);
        for (const leaf of g.leaves) {
          expect(configOf(leaf), `${platform} ${leaf}`).toMatch(platform === 'frr' ? `es-sys-mac ${mac}` : platform === 'eos' ? `lacp system-id ${mac}` : `system-mac ${mac}`);
          if (platform === 'eos') expect(configOf(leaf)).toContain(`identifier ${esi}`);
        }
      }
      expect(doc).toContain(platform === 'frr' ? 'FRR leaves write the system MAC colon-separated' : platform === 'eos' ? 'EOS leaves write the ESI in groups of four hex digits' : 'NX-OS leaves write the system MAC dotted');
    }
  });

  it("gives each leaf's form when a segment's leaves run different platforms", () => {
    const edits = [{ file: 'fabric.yaml', from: 'attach: [{ leaf: frr-leaf3, port: 1 }]', to: 'attach: [{ leaf: frr-leaf3, port: 1 }, { leaf: eos-leaf4, port: 2 }]' }];
    const { fabric, devices } = compileEditedExample('mixed', 'mixed', edits);
    const doc = renderFabricDoc(fabric, devices);
    expect(doc).toContain('| db01 | frr-leaf3, eos-leaf4 | bond1 | 03:02:4d:00:0d:00:0e:00:00:01 (frr-leaf3), 0302:4d00:0d00:0e00:0001 (eos-leaf4) | 02:4d:00:0d:00:0e (frr-leaf3), 024d.000d.000e (eos-leaf4) |');
    expect(doc).toContain('| hv01 | nx-leaf1, nx-leaf2 | port-channel2 | 03:02:4d:00:0b:00:0c:00:00:02 | 024d.000b.000c |');
  });

  it('lists the single points of failure as clos verify notes them: single-homed servers, and local links that survive a link failure, not their leaf\'s', () => {
    const { fabric, devices } = compileEditedExample('dc1', 'dc1');
    const doc = renderFabricDoc(fabric, devices);
    const section = doc.slice(doc.indexOf('\n### Single points of failure\n'), doc.indexOf('\n### Ethernet segments\n'));
    expect(section).toContain('10 servers are single-homed: one link to one leaf, so the link and the leaf are each a single point of failure; 1 server has several links to one leaf only (a local LAG or an active-backup bond) and survives a link failure, not the failure of its leaf.');
    expect(section).toContain('| dc1-leaf06 | ci-runner-01 | — |');
    expect(section).toContain('| dc1-leaf09 | — | db-01 |');
    expect(section).toContain('| dc1-leaf17 | k8s-node-01 | — |');
    // The same servers as the verifier's notes (check 10's details), by leaf.
    const check = verifyCompiled(fabric, devices).checks.find((c) => c.id === 'segments');
    const details = check?.details as { singleHomedByLeaf: Record<string, string[]>; localLinksOnlyByLeaf: Record<string, string[]> };
    const listed = (column: 1 | 2): Record<string, string[]> =>
      Object.fromEntries(
        [...section.matchAll(/^\| (dc1-[\w-]+) \| ([^|]+) \| ([^|]+) \|$/gm)]
          .map((m) => [m[1] ?? '', (m[column + 1] ?? '').trim()] as const)
          .filter(([, v]) => v !== '—')
          .map(([leaf, v]) => [leaf, v.split(', ')]),
      );
    expect(listed(1)).toEqual(details.singleHomedByLeaf);
    expect(listed(2)).toEqual(details.localLinksOnlyByLeaf);
    // Dual-homed servers are no single point of failure.
    expect(section).not.toContain('hv-r02-01');
  });

  it('says when no server is a single point of failure, and lists servers with independent ports apart', () => {
    const dual = edit(baseIntent, '    attach: [{ leaf: leaf1, port: 1 }]', '    attach: [{ leaf: leaf1, port: 1 }, { leaf: leaf2, port: 1 }]');
    const r = compileText(dual);
    if (r.fabric === undefined || r.devices === undefined) throw new Error(JSON.stringify(r.diagnostics));
    expect(renderFabricDoc(r.fabric, r.devices)).toContain('### Single points of failure\n\nNone: every server is multihomed and keeps its networks with any one leaf or link down (`clos verify`, server redundancy).\n');
    const apart = compileText(edit(dual, '    mode: access', '    mode: access\n    bond: none'));
    if (apart.fabric === undefined || apart.devices === undefined) throw new Error(JSON.stringify(apart.diagnostics));
    const doc = renderFabricDoc(apart.fabric, apart.devices);
    expect(doc).toContain('With independent ports (bond none), each port a single point of failure for what it carries: web01.');
    expect(doc).not.toContain('| Leaf | Single-homed');
  });

  it("lists the way out by tenant, the table's first column, and names one VRF in the singular in the diagram", () => {
    // Tenant acme owns VRF prod, tenant other VRF ext: by VRF name, other/ext would come first.
    const r = compileText(twoTenantIntent);
    if (r.fabric === undefined || r.devices === undefined) throw new Error(JSON.stringify(r.diagnostics));
    const doc = renderFabricDoc(r.fabric, r.devices);
    const section = doc.slice(doc.indexOf('\n## The way out\n'), doc.indexOf('\n## BGP to hosts\n'));
    const firstColumns = [...section.matchAll(/^\| (\w+) \| (\w+) \| (border\d) \|/gm)].map((m) => `${m[1] ?? ''}/${m[2] ?? ''} ${m[3] ?? ''}`);
    expect(firstColumns).toEqual(['acme/prod border1', 'acme/prod border2', 'other/ext border1', 'other/ext border2']);
    const diagram = mermaidBlocks(doc)[0] ?? '';
    expect(diagram).toContain('Outside · AS65500<br/>VRF prod"]');
    expect(diagram).toContain('Outside · AS65501<br/>VRF ext"]');
    expect(diagram).not.toContain('VRFs');
    // Two VRFs to one AS: the plural.
    const shared = compileText(edit(edit(twoTenantIntent, 'subnet: 192.0.2.4/31, asn: 65501', 'subnet: 192.0.2.4/31, asn: 65500'), 'subnet: 192.0.2.6/31, asn: 65501', 'subnet: 192.0.2.6/31, asn: 65500'));
    if (shared.fabric === undefined || shared.devices === undefined) throw new Error(JSON.stringify(shared.diagnostics));
    expect(renderTopology(shared.fabric, shared.devices).source).toContain('Outside · AS65500<br/>VRFs ext, prod"]');
  });

  it('names the external and host peer groups, route maps, prefix lists and listen limit as each platform renders them', () => {
    for (const platform of implementedPlatforms()) {
      const { fabric, devices } = exampleModels('dc1', platform);
      const doc = renderFabricDoc(fabric, devices);
      const section = doc.slice(doc.indexOf('\n### External and host peer groups\n'));
      const { files } = compileExample('dc1', platform);
      const configs = files.filter((f) => !f.path.endsWith('.json') && !f.path.endsWith('.sh')).map((f) => f.content).join('\n');
      // NX-OS's own route maps for redistribution and the spines' next hop are no session policy.
      const notSessionPolicy = new Set(['RM-CONNECTED', 'RM-NEXT-HOP-UNCHANGED']);
      const rendered = new Set(configs.split(/\s+/).filter((t) => /^(EXTERNAL|HOSTS|RM|PL)-[\w-]+$/.test(t) && !notSessionPolicy.has(t)));
      const named = new Set([...section.matchAll(/(?<=[\s`|(])(?:EXTERNAL|HOSTS|RM|PL)-[\w-]+/g)].map((m) => m[0]));
      expect([...named].sort(), platform).toEqual([...rendered].sort());
      expect(rendered.has('HOSTS-k8s-nodes') && rendered.has('EXTERNAL-retail-prod') && rendered.has('PL-k8s-nodes-HOSTS'), platform).toBe(true);
      expect(section).toContain('| HOSTS-k8s-nodes | retail-prod | hosts of k8s-nodes | AS65400 | dc1-leaf17, dc1-leaf18 | `RM-k8s-nodes-HOSTS-IN` (prefix list `PL-k8s-nodes-HOSTS`): 10.10.200.0/24 le 32, 10.244.0.0/16 le 32 | `RM-HOSTS-OUT`: nothing | 256 | yes |');
      expect(section).toContain('| EXTERNAL-retail-prod | retail-prod | routers outside the fabric | AS65500 | dc1-border1, dc1-border2 | `RM-retail-prod-EXTERNAL-IN` (prefix list `PL-retail-prod-ACCEPT`): 0.0.0.0/0 |');
      // The maximum as each platform renders it, and the listen limit only where it is rendered.
      expect(configs).toMatch(platform === 'eos' ? /maximum-routes 256$/m : /maximum-prefix 256$/m);
      if (platform === 'frr') {
        expect(configs).toContain('bgp listen limit 254');
        expect(section).toContain('| 10.10.120.0/24 | retail-prod | HOSTS-k8s-nodes | AS65400 | dc1-leaf17, dc1-leaf18 | 254 |');
      } else {
        expect(configs).not.toContain('listen limit');
        expect(section).toContain(`| 10.10.120.0/24 | retail-prod | HOSTS-k8s-nodes | AS65400 | dc1-leaf17, dc1-leaf18 | not configured (${platform}) |`);
      }
      expect(section).toContain(platform === 'nxos' ? '`template peer <group>`' : platform === 'eos' ? '`neighbor <group> peer group`' : '`neighbor <group> peer-group`');
    }
  });
});

describe('clos doc at scale', () => {
  const shapes: { shape: LargeFabricShape; detail: string }[] = [
    { shape: { spines: 4, leaves: 64, perRack: 2 }, detail: 'racks' },
    { shape: { spines: 4, leaves: 300, perRack: 10 }, detail: 'rack-nodes' },
    { shape: { spines: 4, leaves: 1000, perRack: 2 }, detail: 'rack-buckets' },
    { shape: { spines: 32, leaves: 1000, perRack: 40 }, detail: 'rack-nodes' },
  ];
  for (const { shape, detail } of shapes) {
    it(`${shape.leaves} leaves in racks of ${shape.perRack}, ${shape.spines} spines: the diagram summarises (${detail}) and parses`, async () => {
      const { fabric, devices } = compileLarge(shape);
      const diagram = renderTopology(fabric, devices);
      expect(diagram.detail).toBe(detail);
      const nodes = diagram.source.split('\n').filter((l) => /^\s+\w+\["/.test(l)).length;
      const edges = diagram.source.split('\n').filter((l) => l.includes('---')).length;
      // Never a hairball: at most one edge per rack group, never one per link above the limit.
      expect(edges).toBeLessThanOrEqual(Math.max(topologyLimits.links, topologyLimits.racks));
      expect(nodes).toBeLessThanOrEqual(topologyLimits.leaves + fabric.spines.length + topologyLimits.racks);
      await expect(parseMermaid(diagram.source)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    });
  }

  it('a thousand leaves: every leaf listed, per-link tables collapsed per rack', () => {
    // 6 networks, 4 per leaf: 2 on every leaf, 2 on each of two pods of 500 leaves (250 racks each).
    const { fabric, devices } = compileLarge({ spines: 4, leaves: 1000, perRack: 2, networks: 6, networksPerLeaf: 4 });
    const doc = renderFabricDoc(fabric, devices);
    for (const l of fabric.leaves) expect(doc).toContain(`| ${l.name} | leaf | ${l.id} |`);
    // Cabling and sessions per rack, Ethernet segments and single points of failure per rack that has some.
    const rackOf = new Map(fabric.leaves.map((l) => [l.name, l.rack]));
    const segmentRacks = new Set(fabric.segments.map((g) => rackOf.get(g.leaves[0] ?? ''))).size;
    expect(segmentRacks).toBeGreaterThan(0);
    // Single points of failure per rack that has a server on one leaf only (independent ports aside).
    const oneLeafRacks = new Set(fabric.servers.filter((s) => s.leaves.length === 1 && (s.attachments.length === 1 || s.bond !== 'none')).map((s) => rackOf.get(s.leaves[0] ?? ''))).size;
    expect(oneLeafRacks).toBeGreaterThan(0);
    expect(doc.match(/<details>/g)?.length).toBe(2 * 500 + segmentRacks + oneLeafRacks);
    const everywhere = fabric.networks.filter((n) => n.leaves.length === 1000);
    const firstPod = fabric.networks.filter((n) => n.leaves.includes('leaf0001') && n.leaves.length === 500);
    expect(everywhere).toHaveLength(2);
    expect(firstPod).toHaveLength(2);
    for (const n of everywhere) expect(doc).toMatch(new RegExp(`\\| ${n.name} \\| ${n.vlan} \\| ${n.vni} \\| [^\\n]* \\| all 1000 leaves \\|\n`));
    for (const n of firstPod) {
      expect(doc).toMatch(
        new RegExp(`\\| ${n.name} \\| ${n.vlan} \\| ${n.vni} \\| [^\\n]* \\| 500 of 1000 leaves, racks p01-r0001, p01-r0002, p01-r0003, p01-r0004, p01-r0005, p01-r0006, p01-r0007, p01-r0008, and 242 more racks \\|\n`),
      );
    }
  });
});
