/**
 * Parses one intent file: YAML text to plain JS values, recording every mapping's and sequence's
 * source node in a SourceIndex. Hostile input is bounded before and during parsing: file size,
 * flow and block nesting, alias expansion, duplicate keys, several documents, unknown tags.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { LoadDiagnostics as L } from '../diagnostics/catalogue/index.js';
import { spanFromOffsets, spanOfNode, type SourceFile, type SourceIndex } from './source-index.js';

export interface YamlLimits {
  /** Largest file, in UTF-16 code units of the decoded text (the CLI checks bytes before reading). */
  readonly maxFileChars: number;
  /** Deepest nesting of mappings and sequences. */
  readonly maxDepth: number;
  /** Most nodes that alias expansion may add to a file. */
  readonly maxAliasNodes: number;
  /** Widest indentation, in columns: bounds block nesting before the YAML parser sees it. */
  readonly maxIndent: number;
}

export const defaultYamlLimits: YamlLimits = {
  maxFileChars: 16 * 1024 * 1024,
  maxDepth: 32,
  maxAliasNodes: 100_000,
  maxIndent: 256,
};

export interface ParsedFile {
  readonly file: string;
  /** The file's value; undefined when the file is empty or could not be parsed. */
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

class AliasBudgetExceeded extends Error {}
class DepthExceeded extends Error {
  constructor(readonly node: Node) {
    super('depth');
  }
}

export function parseYamlFile(name: string, text: string, index: SourceIndex, limits: YamlLimits = defaultYamlLimits): ParsedFile {
  const lines = new LineCounter();
  const file: SourceFile = { name, lines };
  const diagnostics: Diagnostic[] = [];
  const whole = (): ReturnType<typeof spanFromOffsets> => ({ file: name, line: 1, col: 1, endLine: 1, endCol: 1 });

  if (text.length > limits.maxFileChars) {
    return { file: name, value: undefined, diagnostics: [createDiagnostic(L.fileTooLarge, { span: whole() }, text.length, limits.maxFileChars)] };
  }
  if (text.includes('\uFFFD')) {
    const at = text.indexOf('\uFFFD');
    const pre = prescanLines(text, at);
    return {
      file: name,
      value: undefined,
      diagnostics: [createDiagnostic(L.invalidEncoding, { span: { file: name, line: pre.line, col: pre.col, endLine: pre.line, endCol: pre.col } })],
    };
  }
  const nesting = prescanNesting(text, limits);
  if (nesting !== undefined) {
    const pos = prescanLines(text, nesting);
    return {
      file: name,
      value: undefined,
      diagnostics: [
        createDiagnostic(L.nestingTooDeep, { span: { file: name, line: pos.line, col: pos.col, endLine: pos.line, endCol: pos.col } }, limits.maxDepth),
      ],
    };
  }

  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
    strict: true,
    version: '1.2',
    schema: 'core',
    intAsBigInt: false,
  });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  if (list.length === 0 || (list.length === 1 && list[0]?.contents == null && list[0]?.errors.length === 0)) {
    return { file: name, value: undefined, diagnostics: [createDiagnostic(L.emptyFile, { span: whole() })] };
  }
  for (const doc of list) {
    for (const err of [...doc.errors, ...doc.warnings]) {
      const span = spanFromOffsets(file, err.pos[0], err.pos[1]);
      if (err.code === 'DUPLICATE_KEY') {
        const key = text.slice(err.pos[0], err.pos[1]).trim() || '?';
        diagnostics.push(createDiagnostic(L.duplicateKey, { span }, key));
      } else if (err.code === 'TAG_RESOLVE_FAILED') {
        diagnostics.push(createDiagnostic(L.unsupportedYaml, { span }, `${lowerFirst(err.message)}; custom tags are not part of the intent language`));
      } else {
        diagnostics.push(createDiagnostic(L.yamlSyntax, { span }, lowerFirst(err.message)));
      }
    }
  }
  const second = list[1];
  if (second !== undefined) {
    const start = second.range[0];
    diagnostics.push(createDiagnostic(L.multipleDocuments, { span: spanFromOffsets(file, start, start) }));
  }
  const first = list[0];
  if (diagnostics.length > 0 || first === undefined) return { file: name, value: undefined, diagnostics };

  const converter = new Converter(file, first, index, limits);
  try {
    const value = converter.convert(first.contents, undefined, undefined, 0);
    diagnostics.push(...converter.diagnostics);
    if (converter.diagnostics.length > 0) return { file: name, value: undefined, diagnostics };
    return { file: name, value, diagnostics };
  } catch (e) {
    if (e instanceof AliasBudgetExceeded) {
      return { file: name, value: undefined, diagnostics: [createDiagnostic(L.aliasLimit, { span: whole() }, limits.maxAliasNodes)] };
    }
    if (e instanceof DepthExceeded) {
      return { file: name, value: undefined, diagnostics: [createDiagnostic(L.nestingTooDeep, { span: spanOfNode(file, e.node) }, limits.maxDepth)] };
    }
    throw e;
  }
}

class Converter {
  readonly diagnostics: Diagnostic[] = [];
  private aliasNodes = 0;
  private aliasDepth = 0;

  constructor(
    private readonly file: SourceFile,
    private readonly doc: Document.Parsed,
    private readonly index: SourceIndex,
    private readonly limits: YamlLimits,
  ) {}

  convert(node: unknown, parent: object | undefined, parentKey: string | number | undefined, depth: number): unknown {
    if (node == null) return null;
    if (this.aliasDepth > 0 && ++this.aliasNodes > this.limits.maxAliasNodes) throw new AliasBudgetExceeded();
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) return null; // the parser already reported the unknown anchor
      this.aliasDepth++;
      try {
        return this.convert(target, parent, parentKey, depth);
      } finally {
        this.aliasDepth--;
      }
    }
    if (isScalar(node)) {
      const v: unknown = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span: spanOfNode(this.file, node) }, `a value of type ${typeof v}`));
      return null;
    }
    if (depth >= this.limits.maxDepth) throw new DepthExceeded(node as Node);
    if (isSeq(node)) return this.convertSeq(node, parent, parentKey, depth);
    if (isMap(node)) return this.convertMap(node, parent, parentKey, depth);
    this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span: spanOfNode(this.file, node as Node) }, 'this kind of node'));
    return null;
  }

  private convertSeq(node: YAMLSeq, parent: object | undefined, parentKey: string | number | undefined, depth: number): unknown[] {
    const out: unknown[] = [];
    this.index.record(out, this.file, node, parent, parentKey);
    node.items.forEach((item, i) => {
      out.push(this.convert(item, out, i, depth + 1));
    });
    return out;
  }

  private convertMap(node: YAMLMap, parent: object | undefined, parentKey: string | number | undefined, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const mergeSources: YAMLMap[] = [];
    const merged: { source: YAMLMap; key: string; value: unknown }[] = [];
    this.index.record(out, this.file, node, parent, parentKey, mergeSources);
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'symbol') {
        // `<<: *defaults` merge key: collect, explicit keys win below.
        for (const src of this.mergeTargets(pair.value)) {
          mergeSources.push(src);
          this.aliasDepth++;
          try {
            for (const p of src.items) {
              if (isScalar(p.key) && typeof p.key.value === 'string') merged.push({ source: src, key: p.key.value, value: p.value });
            }
          } finally {
            this.aliasDepth--;
          }
        }
        continue;
      }
      if (!isScalar(key) || typeof key.value !== 'string') {
        const span = key != null && typeof key === 'object' ? spanOfNode(this.file, key as Node) : spanOfNode(this.file, node);
        this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span }, `keys must be plain strings, got ${describeKey(key)}`));
        continue;
      }
      if (key.value === '__proto__' || key.value === 'constructor' || key.value === 'prototype') {
        // Never reaches an object's prototype: the object has none. Kept as data, rejected by the schema.
      }
      out[key.value] = this.convert(pair.value, out, key.value, depth + 1);
    }
    for (const m of merged) {
      if (Object.prototype.hasOwnProperty.call(out, m.key)) continue;
      this.aliasDepth++;
      try {
        out[m.key] = this.convert(m.value, out, m.key, depth + 1);
      } finally {
        this.aliasDepth--;
      }
    }
    return out;
  }

  private mergeTargets(value: unknown): YAMLMap[] {
    const items = isSeq(value) ? value.items : [value];
    const out: YAMLMap[] = [];
    for (const item of items) {
      const target = isAlias(item) ? item.resolve(this.doc) : item;
      if (isMap(target)) out.push(target);
      else {
        const span = item != null && typeof item === 'object' ? spanOfNode(this.file, item as Node) : undefined;
        this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span }, "a merge key '<<' must refer to a mapping"));
      }
    }
    return out;
  }
}

function describeKey(key: unknown): string {
  if (key == null) return 'an empty key';
  if (isScalar(key)) return `${typeof key.value} ${JSON.stringify(key.value)}`;
  if (isMap(key) || isSeq(key)) return 'a complex (mapping or sequence) key';
  return 'a non-string key';
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/**
 * Bounds nesting before the YAML parser runs (deep flow nesting can exhaust its memory): the flow
 * depth of `[` and `{` outside quotes and comments, and the indentation of block lines.
 * Returns the offset of the first violation, or undefined.
 */
function prescanNesting(text: string, limits: YamlLimits): number | undefined {
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32) {
        if (++indent > limits.maxIndent) return i;
        continue;
      }
      lineStart = false;
    }
    if (quote !== undefined) {
      if (quote === '"' && c === 92) i++; // backslash escape
      else if (c === quote.charCodeAt(0)) quote = undefined;
      continue;
    }
    if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9 || text.charCodeAt(i - 1) === 10)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    if ((c === 34 || c === 39) && startsScalar(text, i)) quote = c === 34 ? '"' : "'";
    else if (c === 91 || c === 123) {
      if (++flow > limits.maxDepth) return i;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return undefined;
}

/** A quote opens a quoted scalar only where a scalar can start (not inside `it's`). */
function startsScalar(text: string, i: number): boolean {
  if (i === 0) return true;
  const p = text.charCodeAt(i - 1);
  // space, tab, newline, ':', ',', '[', '{', '-', '?'
  return p === 32 || p === 9 || p === 10 || p === 58 || p === 44 || p === 91 || p === 123 || p === 45 || p === 63;
}

function prescanLines(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}
