/**
 * The Markdown pieces of `clos doc`'s fabric document: tables whose cells cannot break out, tables
 * split per rack into collapsed sections on large fabrics, and leaf lists that stay short.
 */
import type { FabricModel, ResolvedLeaf } from '../../compiler/resolve/fabric-model.js';
import { groupByRack, plural } from './topology-mermaid.js';

/** Above this many leaves, per-link tables are split per rack into collapsed sections. */
export const collapseAboveLeaves = 32;
/** Leaf lists longer than this are summarised. */
const leafListLimit = 8;

/** One table, or one collapsed table per rack for large fabrics. */
export function perRack(fabric: FabricModel, header: readonly string[], rowsOf: (leaves: readonly ResolvedLeaf[]) => string[][]): string[] {
  if (fabric.leaves.length <= collapseAboveLeaves) return table(header, rowsOf(fabric.leaves));
  const out: string[] = [];
  for (const r of groupByRack(fabric.leaves)) {
    const rows = rowsOf(r.leaves);
    if (rows.length === 0) continue; // a rack with nothing to list (no single-homed server, no listen range)
    out.push('<details>', `<summary>Rack ${escapeCell(r.rack)}: ${plural(r.leaves.length, 'leaf', 'leaves')}, ${plural(rows.length, 'row')}</summary>`, '', ...table(header, rows), '', '</details>', '');
  }
  return out;
}

/** `all 16 leaves`, a short list of names, or `12 of 16 leaves: racks r01 (2), r02 (2)…`. */
export function describeCarriers(names: readonly string[], all: readonly ResolvedLeaf[]): string {
  if (names.length === 0) return 'no leaf';
  if (names.length === all.length && all.length > 1) return `all ${all.length} leaves`;
  if (names.length <= leafListLimit) return names.join(', ');
  const carried = new Set(names);
  const racks = groupByRack(all).map((r) => ({ rack: r.rack, total: r.leaves.length, n: r.leaves.filter((l) => carried.has(l.name)).length })).filter((r) => r.n > 0);
  const shown = racks.slice(0, leafListLimit).map((r) => (r.n === r.total ? r.rack : `${r.rack} (${r.n} of ${r.total})`));
  const more = racks.length > leafListLimit ? `, and ${plural(racks.length - leafListLimit, 'more rack')}` : '';
  return `${names.length} of ${all.length} leaves, racks ${shown.join(', ')}${more}`;
}

export function describeLeafNames(names: readonly string[]): string {
  return names.length <= leafListLimit ? names.join(', ') : `${names.length} leaves (${names.slice(0, leafListLimit).join(', ')}, …)`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(escapeCell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ];
}

/** A table cell: no pipe can split it and no HTML can open in it. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');
}
