/**
 * The fabric's topology as a Mermaid flowchart (GitHub and GitLab render it in Markdown). A
 * diagram has to stay readable from four switches to a thousand, so its detail follows the size:
 *
 * | fabric | drawn as |
 * |---|---|
 * | at most 48 leaf–spine links | every switch and every link, leaves grouped by rack |
 * | at most 64 leaves | every switch, leaves grouped by rack, one edge per rack labelled with its link count |
 * | at most 40 racks | every spine, one node per rack (leaf count and names), one edge per rack |
 * | larger | every spine (or one node for more than 16), racks bucketed into at most 32 nodes |
 *
 * The two summarised forms are drawn left to right, racks stacked in a column, so a large fabric
 * grows down the page instead of shrinking into an unreadable row.
 * Routers outside the fabric (each external AS the border leaves hand VRFs off to) are drawn as one
 * node each, joined by a dotted edge to each border (or to its rack, when racks are nodes).
 * Node ids are generated (`n0`, `r0`, `x0`…), never taken from names, so no name can collide with
 * Mermaid's keywords (`end`) or edge syntax (`---o`); labels contain only the restricted
 * characters names allow, and anything else is escaped as an entity.
 */
import type { DeviceModel } from '../../compiler/build/device-model.js';
import type { FabricModel, ResolvedLeaf } from '../../compiler/resolve/fabric-model.js';

export type TopologyDetail = 'links' | 'racks' | 'rack-nodes' | 'rack-buckets';

export interface TopologyDiagram {
  readonly detail: TopologyDetail;
  /** The Mermaid source, without the code fence. */
  readonly source: string;
  /** One sentence saying what the diagram shows and leaves out. */
  readonly caption: string;
}

export const topologyLimits = { links: 48, leaves: 64, racks: 40, buckets: 32, spines: 16 } as const;

/** Leaves without a rack are drawn in a group of their own under this name. */
const noRack = '(no rack)';

export interface RackGroup {
  readonly rack: string;
  readonly leaves: readonly ResolvedLeaf[];
}

/** Leaves grouped by rack, racks in natural order, leaves without a rack last. */
export function groupByRack(leaves: readonly ResolvedLeaf[]): RackGroup[] {
  const map = new Map<string, ResolvedLeaf[]>();
  for (const l of leaves) {
    const rack = l.rack ?? noRack;
    const list = map.get(rack) ?? [];
    list.push(l);
    map.set(rack, list);
  }
  return [...map.entries()]
    .sort(([a], [b]) => (a === noRack ? 1 : b === noRack ? -1 : naturalCompare(a, b)))
    .map(([rack, list]) => ({ rack, leaves: list }));
}

export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function renderTopology(fabric: FabricModel, devices: readonly DeviceModel[]): TopologyDiagram {
  const racks = groupByRack(fabric.leaves);
  const detail: TopologyDetail =
    fabric.links.length <= topologyLimits.links
      ? 'links'
      : fabric.leaves.length <= topologyLimits.leaves
        ? 'racks'
        : racks.length <= topologyLimits.racks
          ? 'rack-nodes'
          : 'rack-buckets';
  // Few racks read best top-down (spines above racks); many read best left to right, racks
  // stacked in a column, which scrolls down the page instead of shrinking into a wide row.
  const summarised = detail === 'rack-nodes' || detail === 'rack-buckets';
  const lines = [summarised ? 'flowchart LR' : 'flowchart TB'];
  const spineIds = new Map<string, string>();
  const leafIds = new Map<string, string>();
  const byName = new Map(devices.map((d) => [d.name, d]));
  const linksPerLeaf = new Map<string, number>();
  for (const l of fabric.links) linksPerLeaf.set(l.leaf, (linksPerLeaf.get(l.leaf) ?? 0) + 1);
  const linkCount = (leaves: readonly ResolvedLeaf[]): number => leaves.reduce((n, l) => n + (linksPerLeaf.get(l.name) ?? 0), 0);

  // Spines: one subgraph, side by side.
  const spineAsns = [...new Set(fabric.spines.map((s) => s.asn))];
  lines.push(`  subgraph spines["${label(`Spines · AS${spineAsns.join(', AS')}`)}"]`, `    direction ${summarised ? 'TB' : 'LR'}`);
  if (detail === 'rack-buckets' && fabric.spines.length > topologyLimits.spines) {
    const first = fabric.spines[0]?.name ?? '';
    const last = fabric.spines[fabric.spines.length - 1]?.name ?? '';
    lines.push(`    spineset["${label(`${fabric.spines.length} spines<br/>${first} … ${last}`)}"]`);
  } else {
    fabric.spines.forEach((s, i) => {
      const id = `n${i}`;
      spineIds.set(s.name, id);
      lines.push(`    ${id}["${label(`${s.name}<br/>${s.loopback}`)}"]`);
    });
  }
  lines.push('  end');

  let nextLeaf = fabric.spines.length;
  const leafLabel = (l: ResolvedLeaf): string => label(`${l.name}<br/>AS${l.asn} · ${byName.get(l.name)?.routerId ?? l.loopback}`);
  if (detail === 'links' || detail === 'racks') {
    racks.forEach((r, i) => {
      lines.push(`  subgraph r${i}["${label(r.rack === noRack ? 'No rack' : `Rack ${r.rack}`)}"]`, '    direction LR');
      for (const l of r.leaves) {
        const id = `n${nextLeaf++}`;
        leafIds.set(l.name, id);
        lines.push(`    ${id}["${leafLabel(l)}"]`);
      }
      lines.push('  end');
    });
    if (detail === 'links') {
      for (const link of fabric.links) {
        const s = spineIds.get(link.spine);
        const l = leafIds.get(link.leaf);
        if (s !== undefined && l !== undefined) lines.push(`  ${s} --- ${l}`);
      }
    } else {
      racks.forEach((r, i) => lines.push(`  spines ---|"${plural(linkCount(r.leaves), 'link')}"| r${i}`));
    }
  } else if (detail === 'rack-nodes') {
    racks.forEach((r, i) => {
      const names = r.leaves.length <= 3 ? r.leaves.map((l) => l.name).join(', ') : `${r.leaves[0]?.name ?? ''} … ${r.leaves[r.leaves.length - 1]?.name ?? ''}`;
      lines.push(`  r${i}["${label(`${r.rack === noRack ? 'No rack' : `Rack ${r.rack}`}<br/>${plural(r.leaves.length, 'leaf', 'leaves')}: ${names}`)}"]`);
    });
    racks.forEach((r, i) => lines.push(`  spines ---|"${plural(linkCount(r.leaves), 'link')}"| r${i}`));
  } else {
    const size = Math.ceil(racks.length / topologyLimits.buckets);
    for (let b = 0; b * size < racks.length; b++) {
      const bucket = racks.slice(b * size, (b + 1) * size);
      const leaves = bucket.flatMap((r) => r.leaves);
      const first = bucket[0]?.rack ?? '';
      const last = bucket[bucket.length - 1]?.rack ?? '';
      lines.push(`  b${b}["${label(`Racks ${first} – ${last}<br/>${plural(bucket.length, 'rack')}, ${plural(leaves.length, 'leaf', 'leaves')}`)}"]`);
      lines.push(`  spines ---|"${plural(linkCount(leaves), 'link')}"| b${b}`);
    }
  }
  // Routers outside: one node per external AS, a dotted edge to each border (or its rack or bucket).
  const outside = new Map<number, { vrfs: Set<string>; borders: Set<string> }>();
  for (const v of fabric.vrfs) {
    for (const p of v.external?.peers ?? []) {
      const entry = outside.get(p.asn) ?? { vrfs: new Set<string>(), borders: new Set<string>() };
      entry.vrfs.add(v.name);
      entry.borders.add(p.leaf);
      outside.set(p.asn, entry);
    }
  }
  const rackIndex = new Map(racks.flatMap((r, i) => r.leaves.map((l) => [l.name, i] as const)));
  const size = Math.ceil(racks.length / topologyLimits.buckets);
  [...outside].sort((a, b) => a[0] - b[0]).forEach(([asn, { vrfs, borders }], i) => {
    lines.push(`  x${i}["${label(`Outside · AS${asn}<br/>${vrfs.size === 1 ? 'VRF' : 'VRFs'} ${[...vrfs].sort().join(', ')}`)}"]`);
    const targets = new Set<string>();
    for (const b of [...borders].sort(naturalCompare)) {
      const r = rackIndex.get(b) ?? 0;
      targets.add(detail === 'links' ? (leafIds.get(b) ?? `r${r}`) : detail === 'rack-buckets' ? `b${Math.floor(r / size)}` : `r${r}`);
    }
    for (const t of targets) lines.push(`  ${t} -.- x${i}`);
  });
  return { detail, source: `${lines.join('\n')}\n`, caption: caption(detail, fabric, racks.length) };
}

function caption(detail: TopologyDetail, fabric: FabricModel, racks: number): string {
  const total = `${plural(fabric.spines.length, 'spine')}, ${plural(fabric.leaves.length, 'leaf', 'leaves')} in ${plural(racks, 'rack')}, ${plural(fabric.links.length, 'leaf–spine link')}`;
  switch (detail) {
    case 'links':
      return `${total}; every switch and every link is drawn.`;
    case 'racks':
      return `${total}; leaves are grouped by rack and each rack's links to the spines are drawn as one edge (the cabling table lists every link).`;
    case 'rack-nodes':
      return `${total}; each rack is one node and each rack's links one edge (the device and cabling tables list every leaf and link).`;
    case 'rack-buckets':
      return `${total}; consecutive racks are grouped into at most ${topologyLimits.buckets} nodes (the device and cabling tables list every leaf and link).`;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Text inside a quoted Mermaid label: `<br/>` is kept, anything that could end the label is an entity. */
function label(text: string): string {
  return text
    .split('<br/>')
    .map((part) => part.replace(/["#<>[\]{}|]/g, (ch) => `#${ch.charCodeAt(0)};`))
    .join('<br/>');
}
