/**
 * Intent files parsed ahead of loadIntent — earlier on this thread, or on a worker thread — and
 * handed over to it (its `parseFile` hook) with the same value, diagnostics and source positions
 * as if it had parsed them itself. Measured reason: YAML parsing is the largest stage that runs
 * before anything else can start (2.7 s of CPU for a 4 MB, thousand-leaf intent), and a
 * directory intent splits by file across cores.
 *
 * A file parsed here records into a RecordingIndex, which remembers every record so it can be
 * replayed into the index loadIntent builds. A file parsed on another thread travels as plain
 * data (PortableParse): its value, and the source ranges of every mapping, key, value and list
 * item as numbers, from which the receiving thread rebuilds the value (null-prototype mappings,
 * as the parser makes them) and light yaml nodes carrying just those ranges, which is all the
 * SourceIndex reads. Files that cannot travel — any diagnostic, merge keys (`<<`), anything
 * unexpected — are parsed on the receiving thread instead.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, type Range } from 'yaml';
import type { ParseFile } from './load-intent.js';
import { parseYamlFile, type ParsedFile, type YamlLimits } from './parse-yaml.js';
import { SourceIndex, type SourceFile } from './source-index.js';

interface Recorded {
  readonly value: object;
  readonly file: SourceFile;
  readonly node: YAMLMap | YAMLSeq;
  readonly parent: object | undefined;
  readonly parentKey: string | number | undefined;
  readonly mergeSources: readonly YAMLMap[];
}

/** A SourceIndex that also keeps what was recorded, to replay it into another index. */
class RecordingIndex extends SourceIndex {
  readonly records: Recorded[] = [];

  override record(
    value: object,
    file: SourceFile,
    node: YAMLMap | YAMLSeq,
    parent: object | undefined,
    parentKey: string | number | undefined,
    mergeSources: readonly YAMLMap[] = [],
  ): void {
    super.record(value, file, node, parent, parentKey, mergeSources);
    this.records.push({ value, file, node, parent, parentKey, mergeSources });
  }
}

/** A file parsed ahead of loadIntent. */
export interface ParsedAhead {
  readonly name: string;
  /** The text it was parsed from: handOver uses it only for this exact text. */
  readonly text: string;
  readonly parsed: ParsedFile;
  readonly records: readonly Recorded[];
}

/** Parses a file now, for loadIntent to take over later. */
export function parseAhead(name: string, text: string, limits: YamlLimits): ParsedAhead {
  const index = new RecordingIndex();
  const parsed = parseYamlFile(name, text, index, limits);
  return { name, text, parsed, records: index.records };
}

/** loadIntent's parseFile: files parsed ahead (same name, same text) are handed over; others are parsed. */
export function handOver(ahead: ReadonlyMap<string, ParsedAhead>): ParseFile {
  return (name, text, index, limits) => {
    const file = ahead.get(name);
    if (file?.text !== text) return parseYamlFile(name, text, index, limits);
    for (const r of file.records) index.record(r.value, r.file, r.node, r.parent, r.parentKey, r.mergeSources);
    return file.parsed;
  };
}

/** A parsed file as plain data, to cross a thread boundary (structured clone; `positions` is transferable). */
export interface PortableParse {
  readonly name: string;
  readonly value: object;
  /** Per mapping and list, in walk order: see encode(). */
  readonly positions: Int32Array;
  /** The parser's line starts when its line index exposes them; else they are taken from the text. */
  readonly lineStarts: Int32Array | undefined;
}

/** On the parsing thread: the file as plain data, or undefined when it must be parsed where it is loaded. */
export function parsePortable(name: string, text: string, limits: YamlLimits): PortableParse | undefined {
  const { parsed, records } = parseAhead(name, text, limits);
  const value = parsed.value;
  if (parsed.diagnostics.length > 0 || value === null || typeof value !== 'object') return undefined;
  const byValue = new Map(records.map((r) => [r.value, r]));
  const out: number[] = [];
  try {
    walk(value, (object) => {
      encode(object, byValue.get(object), out);
    });
  } catch (e) {
    if (e instanceof CannotTravel) return undefined;
    throw e;
  }
  const starts = (records[0]?.file.lines as { lineStarts?: unknown } | undefined)?.lineStarts;
  return { name, value, positions: Int32Array.from(out), lineStarts: Array.isArray(starts) ? Int32Array.from(starts as number[]) : undefined };
}

/** On the loading thread: the file, ready to hand over to loadIntent. */
export function receivePortable(portable: PortableParse, text: string): ParsedAhead {
  const file: SourceFile = { name: portable.name, lines: lineIndex(portable.lineStarts === undefined ? startsOf(text) : [...portable.lineStarts]) };
  const records: Recorded[] = [];
  const p = portable.positions;
  let at = 0;
  const next = (): number => p[at++] ?? -1;
  const range = (): Range | undefined => {
    const start = next();
    const valueEnd = next();
    const end = next();
    return start < 0 ? undefined : [start, valueEnd, end];
  };
  const rebuild = (source: object, parent: object | undefined, parentKey: string | number | undefined): object => {
    const kind = next();
    const nodeRange = range();
    const count = next();
    if (kind === seqKind) {
      const list: unknown[] = [];
      const node = new YAMLSeq();
      node.range = nodeRange ?? null;
      for (let i = 0; i < count; i++) {
        const isPairItem = p[at] === pairMarker;
        const itemRange = range();
        node.items.push(isPairItem ? new Pair(null) : withRange(new Scalar(null), itemRange));
      }
      records.push({ value: list, file, node, parent, parentKey, mergeSources: [] });
      (source as unknown[]).forEach((item, i) => {
        list.push(item !== null && typeof item === 'object' ? rebuild(item, list, i) : item);
      });
      return list;
    }
    const map = Object.create(null) as Record<string, unknown>;
    const node = new YAMLMap();
    node.range = nodeRange ?? null;
    const keys = Object.keys(source);
    for (let i = 0; i < count; i++) {
      const key = keys[next()] ?? '';
      const keyRange = range();
      const valueRange = range();
      node.items.push(new Pair(withRange(new Scalar(key), keyRange), valueRange === undefined ? null : withRange(new Scalar(null), valueRange)));
    }
    records.push({ value: map, file, node, parent, parentKey, mergeSources: [] });
    for (const key of keys) {
      const item = (source as Record<string, unknown>)[key];
      map[key] = item !== null && typeof item === 'object' ? rebuild(item, map, key) : item;
    }
    return map;
  };
  const value = rebuild(portable.value, undefined, undefined);
  return { name: portable.name, text, parsed: { file: portable.name, value, diagnostics: [] }, records };
}

const mapKind = 0;
const seqKind = 1;
/** In place of an item's start offset: the item is a pair (`[a: 1]`). */
const pairMarker = -2;

class CannotTravel extends Error {}

/** Every mapping and list under `value`, parents before children, keys in Object.keys order. */
function walk(value: object, visit: (object: object) => void): void {
  visit(value);
  const items = Array.isArray(value) ? (value as unknown[]) : Object.keys(value).map((k) => (value as Record<string, unknown>)[k]);
  for (const item of items) if (item !== null && typeof item === 'object') walk(item, visit);
}

/**
 * One mapping or list: kind, node range, item count, then per mapping pair the key's index in
 * Object.keys, the key's range and the value's range; per list item its range. A range is three
 * numbers, -1 when absent.
 */
function encode(object: object, record: Recorded | undefined, out: number[]): void {
  if (record === undefined || record.mergeSources.length > 0) throw new CannotTravel();
  const { node } = record;
  if (isSeq(node) && Array.isArray(object)) {
    out.push(seqKind, ...rangeOf(node.range), node.items.length);
    for (const item of node.items) {
      if (isPair(item)) out.push(pairMarker, -1, -1);
      else out.push(...rangeOf(rangeOfNode(item)));
    }
    return;
  }
  if (!isMap(node) || Array.isArray(object)) throw new CannotTravel();
  const keys = Object.keys(object);
  out.push(mapKind, ...rangeOf(node.range), node.items.length);
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    const index = typeof key === 'string' ? keys.indexOf(key) : -1;
    if (index < 0) throw new CannotTravel();
    out.push(index, ...rangeOf(rangeOfNode(pair.key)), ...rangeOf(rangeOfNode(pair.value)));
  }
}

function rangeOfNode(node: unknown): Range | null | undefined {
  return node !== null && typeof node === 'object' ? (node as { range?: Range | null }).range : undefined;
}

function rangeOf(range: Range | null | undefined): [number, number, number] {
  return range == null ? [-1, -1, -1] : [range[0], range[1], range[2]];
}

function withRange<T extends Scalar>(node: T, range: Range | undefined): T {
  node.range = range ?? null;
  return node;
}

function startsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The line index of a file parsed elsewhere, from its line starts. */
function lineIndex(starts: readonly number[]): SourceFile['lines'] {
  const lines = new LineCounter();
  for (const start of starts) lines.addNewLine(start);
  return lines;
}
