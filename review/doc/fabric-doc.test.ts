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
import { exampleNames } from '../../test-helpers/examples.js';
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
    expect(doc).toContain('| hv-r02-01 | dc1-leaf03, dc1-leaf04 | Port-Channel1 | 03:02:4d:00:0d:00:0e:00:00:01 | 02:4d:00:0d:00:0e | trunk | 100, 101, 103, 110, 111 |');
    expect(doc).toContain('| db-01 | dc1-leaf09 Ethernet1, Ethernet2 | LACP, local LAG (Port-Channel10) | ');
    expect(doc).toContain('| Servers | 18 (5 dual-homed in Ethernet segments, 1 on a local LAG, 2 active-backup) |');
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
    // Cabling and sessions per rack, and Ethernet segments per rack that has some.
    const rackOf = new Map(fabric.leaves.map((l) => [l.name, l.rack]));
    const segmentRacks = new Set(fabric.segments.map((g) => rackOf.get(g.leaves[0] ?? ''))).size;
    expect(segmentRacks).toBeGreaterThan(0);
    expect(doc.match(/<details>/g)?.length).toBe(2 * 500 + segmentRacks);
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
