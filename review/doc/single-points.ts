/**
 * `clos doc`, Servers: the servers that do not survive any one leaf or link failure, by leaf. Which
 * server is which comes from verify/analysis/server-homing.ts, the notion the verifier's redundancy
 * check prints as notes, read from the same device models, so the document and `clos verify` list
 * the same servers.
 */
import type { DeviceModel } from '../../compiler/build/device-model.js';
import type { FabricModel, ResolvedLeaf } from '../../compiler/resolve/fabric-model.js';
import { classifyHoming, collectServerViews, type Homing } from '../../verify/analysis/server-homing.js';
import { perRack } from './markdown.js';
import { plural } from './topology-mermaid.js';

/** Servers by how they are attached, each list by leaf (the one leaf of a server not multihomed). */
export interface ServerHoming {
  readonly count: Readonly<Record<Homing, number>>;
  /** Leaf → its single-homed servers, sorted. */
  readonly singleHomed: ReadonlyMap<string, readonly string[]>;
  /** Leaf → its servers with several links to it alone (local LAG or active-backup), sorted. */
  readonly localLinks: ReadonlyMap<string, readonly string[]>;
  /** Servers with several independent ports (bond none), sorted. */
  readonly independent: readonly string[];
}

export function describeServerHoming(fabric: FabricModel, byName: ReadonlyMap<string, DeviceModel>): ServerHoming {
  const leaves = fabric.leaves.flatMap((l) => {
    const d = byName.get(l.name);
    return d === undefined ? [] : [d];
  });
  const count: Record<Homing, number> = { multihomed: 0, 'local-links': 0, 'independent-ports': 0, 'single-homed': 0 };
  const singleHomed = new Map<string, string[]>();
  const localLinks = new Map<string, string[]>();
  const independent: string[] = [];
  for (const s of collectServerViews(leaves)) {
    const homing = classifyHoming(s);
    if (homing === undefined) continue;
    count[homing]++;
    const leaf = s.attachments[0]?.leaf ?? '';
    if (homing === 'single-homed') push(singleHomed, leaf, s.name);
    else if (homing === 'local-links') push(localLinks, leaf, s.name);
    else if (homing === 'independent-ports') independent.push(s.name);
  }
  for (const list of [...singleHomed.values(), ...localLinks.values()]) list.sort();
  return { count, singleHomed, localLinks, independent: independent.sort() };
}

/** `### Single points of failure`: a table by leaf (per rack above 32 leaves), and the servers with independent ports. */
export function singlePoints(fabric: FabricModel, homing: ServerHoming): string[] {
  const out = ['### Single points of failure', ''];
  const { singleHomed, localLinks, independent } = homing;
  if (singleHomed.size === 0 && localLinks.size === 0 && independent.length === 0) {
    return [...out, fabric.servers.length === 0 ? 'No servers are attached.' : 'None: every server is multihomed and keeps its networks with any one leaf or link down (`clos verify`, server redundancy).'];
  }
  const single = homing.count['single-homed'];
  const local = homing.count['local-links'];
  const parts = [
    single === 0 ? '' : `${plural(single, 'server is', 'servers are')} single-homed: one link to one leaf, so the link and the leaf are each a single point of failure`,
    local === 0 ? '' : `${plural(local, 'server has', 'servers have')} several links to one leaf only (a local LAG or an active-backup bond) and ${local === 1 ? 'survives a link failure, not the failure of its' : 'survive a link failure, not the failure of their'} leaf`,
  ].filter((p) => p !== '');
  if (parts.length > 0) out.push(`As \`clos verify\` notes them (server redundancy): ${parts.join('; ')}.`, '');
  const rows = (leaves: readonly ResolvedLeaf[]): string[][] =>
    leaves.flatMap((l) => {
      const one = singleHomed.get(l.name) ?? [];
      const several = localLinks.get(l.name) ?? [];
      return one.length === 0 && several.length === 0 ? [] : [[l.name, one.join(', ') || '—', several.join(', ') || '—']];
    });
  if (singleHomed.size > 0 || localLinks.size > 0) out.push(...perRack(fabric, ['Leaf', 'Single-homed (link or leaf down: cut off)', 'Several links to this leaf only (leaf down: cut off)'], rows), '');
  if (independent.length > 0) out.push(`With independent ports (bond none), each port a single point of failure for what it carries: ${independent.join(', ')}.`);
  return out;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
