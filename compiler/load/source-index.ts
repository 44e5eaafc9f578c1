/**
 * Source positions for values parsed from YAML. The loader records, for every mapping and sequence
 * it turns into a JS object or array, the YAML node it came from. Later stages ask for the span of
 * `leaf.asn` or of `networks[3]` without carrying positions inside the values themselves, so the
 * typed intent stays plain data. Spans are computed on demand: recording is O(1) per node, which
 * keeps loading a 20,000-server intent cheap.
 */
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from './yaml-lib.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { PlainCollectionPositions } from './plain-yaml.js';

export interface SourceFile {
  /** Path relative to the intent root, as shown in diagnostics. */
  readonly name: string;
  readonly lines: LineIndex;
  /**
   * For a file read by the plain-YAML reader (plain-yaml.ts), which builds no syntax tree: where
   * the n-th collection the reader made (in pre-order) and its entries sit. The plain reader reads
   * the file again on the first call, when a position is first asked for.
   */
  readonly positions?: (ordinal: number) => PlainCollectionPositions;
  /**
   * For the same file: the full parser's mapping or list node of the n-th collection, for the one
   * position the plain reader leaves to it, a block collection's end. The file is parsed on the
   * first call.
   */
  readonly collection?: (ordinal: number) => YAMLMap | YAMLSeq;
}

/**
 * Offsets to 1-based lines and columns, computed from the text itself. (yaml's LineCounter learns
 * line breaks from the parser's tokens, and misses those inside tokens it recovers from after an
 * error: positions after them were off by whole lines.) Columns count UTF-16 code units, as the
 * parser's offsets do; a CRLF line's `\r` belongs to the line.
 */
export class LineIndex {
  /** Offsets where lines start, found on the first call: most files are never asked. */
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  linePos(offset: number): { line: number; col: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

interface NodeRecord {
  readonly file: SourceFile;
  /** The full parser's node, or its pre-order number in a plain-YAML file (see SourceFile.positions). */
  readonly node: YAMLMap | YAMLSeq | number;
  /** Maps merged in with `<<`, searched after the node's own keys. */
  readonly mergeSources: readonly YAMLMap[];
  readonly parent: object | undefined;
  readonly parentKey: string | number | undefined;
  /** For a copy made by an alias: the alias, where every position of the copy is. */
  readonly alias: Node | undefined;
}

export function spanFromOffsets(file: SourceFile, start: number, end: number): Span {
  const a = file.lines.linePos(start);
  const b = file.lines.linePos(Math.max(start, end));
  return { file: file.name, line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

export function spanOfNode(file: SourceFile, node: Node): Span | undefined {
  const range = node.range;
  if (range == null) return undefined;
  return spanFromOffsets(file, range[0], range[1]);
}

export class SourceIndex {
  private readonly nodes = new WeakMap<object, NodeRecord>();

  record(
    value: object,
    file: SourceFile,
    node: YAMLMap | YAMLSeq | number,
    parent: object | undefined,
    parentKey: string | number | undefined,
    mergeSources: readonly YAMLMap[] = [],
    alias?: Node,
  ): void {
    this.nodes.set(value, { file, node, parent, parentKey, mergeSources, alias });
  }

  has(value: object): boolean {
    return this.nodes.has(value);
  }

  /** The file a node came from. */
  file(value: object): string | undefined {
    return this.nodes.get(value)?.file.name;
  }

  /** The span of a whole mapping or sequence. */
  span(value: object): Span | undefined {
    const rec = this.nodes.get(value);
    if (rec === undefined) return undefined;
    if (rec.alias !== undefined) return spanOfNode(rec.file, rec.alias);
    const plain = plainOf(rec);
    if (plain !== undefined && plain.end >= 0) return spanFromOffsets(rec.file, plain.start, plain.end);
    return spanOfNode(rec.file, nodeOf(rec));
  }

  /** The span of a key, falling back to the node itself. */
  keySpan(value: object, key: string): Span | undefined {
    const rec = this.nodes.get(value);
    if (rec === undefined) return undefined;
    if (rec.alias !== undefined) return spanOfNode(rec.file, rec.alias);
    const plain = plainOf(rec);
    if (plain !== undefined) {
      const i = plainEntry(plain, key);
      return i < 0 ? this.span(value) : spanFromOffsets(rec.file, plain.entries[4 * i] ?? 0, plain.entries[4 * i + 1] ?? 0);
    }
    const pair = findPair(rec, key);
    if (pair !== undefined && isScalar(pair.key)) return spanOfNode(rec.file, pair.key) ?? this.span(value);
    return this.span(value);
  }

  /** The span of a value (or list item), falling back to its key, then to the node. */
  valueSpan(value: object, key: string | number): Span | undefined {
    const rec = this.nodes.get(value);
    if (rec === undefined) return undefined;
    if (rec.alias !== undefined) return spanOfNode(rec.file, rec.alias);
    const plain = plainOf(rec);
    if (plain !== undefined) {
      const i = plainEntry(plain, key);
      if (i < 0) return this.span(value); // as below: no such item or key, the node itself
      const end = plain.entries[4 * i + 3] ?? -1;
      if (end >= 0) return spanFromOffsets(rec.file, plain.entries[4 * i + 2] ?? 0, end);
      // A block collection: its end is the full parser's, below.
    }
    if (typeof key === 'number') {
      const node = nodeOf(rec);
      const item = isSeq(node) ? node.items[key] : undefined;
      if (item != null && typeof item === 'object' && !isPair(item)) return spanOfNode(rec.file, item as Node) ?? this.span(value);
      return this.span(value);
    }
    const pair = findPair(rec, key);
    if (pair?.value != null) return spanOfNode(rec.file, pair.value as Node) ?? this.keySpan(value, key);
    return this.keySpan(value, key);
  }

  /**
   * A readable path for a node, e.g. `leaves[leaf7].asn` or `tenants[ota].vrfs[prod]`: list items
   * with a `name` are shown by name, others by their index in their own file (the loader records
   * file-local indices, so a merged list does not renumber them).
   */
  path(value: object, key?: string | number): string {
    const parts: string[] = [];
    if (key !== undefined) parts.push(typeof key === 'number' ? `[${key}]` : key);
    let current: object | undefined = value;
    while (current !== undefined) {
      const rec = this.nodes.get(current);
      if (rec?.parentKey === undefined) break;
      if (typeof rec.parentKey === 'number') {
        const name = (current as { name?: unknown }).name;
        parts.push(typeof name === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(name) ? `[${name}]` : `[${rec.parentKey}]`);
      } else {
        parts.push(rec.parentKey);
      }
      current = rec.parent;
    }
    let out = '';
    for (let i = parts.length - 1; i >= 0; i--) {
      const part = parts[i] ?? '';
      out += part.startsWith('[') || out === '' ? part : `.${part}`;
    }
    return out === '' ? '(top level)' : out;
  }
}

/** A plain-YAML file's positions of the record's collection; undefined for a file the full parser read. */
function plainOf(rec: NodeRecord): PlainCollectionPositions | undefined {
  return typeof rec.node === 'number' && rec.file.positions !== undefined ? rec.file.positions(rec.node) : undefined;
}

/** The entry of a list's item (a number) or a mapping's key (a string); -1 when it has none. */
function plainEntry(plain: PlainCollectionPositions, key: string | number): number {
  if (typeof key === 'string') return plain.keys === undefined ? -1 : plain.keys.indexOf(key);
  return plain.keys === undefined && Number.isInteger(key) && key >= 0 && key < plain.entries.length / 4 ? key : -1;
}

function nodeOf(rec: NodeRecord): YAMLMap | YAMLSeq {
  if (typeof rec.node !== 'number') return rec.node;
  if (rec.file.collection === undefined) throw new Error(`internal error: no syntax tree for ${rec.file.name}`);
  return rec.file.collection(rec.node);
}

function findPair(rec: NodeRecord, key: string): Pair | undefined {
  const node = nodeOf(rec);
  if (!isMap(node)) return undefined;
  for (const map of [node, ...rec.mergeSources]) {
    for (const pair of map.items) {
      if (isScalar(pair.key) && pair.key.value === key) return pair;
    }
  }
  return undefined;
}

