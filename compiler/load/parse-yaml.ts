/**
 * Parses one intent file: YAML text to plain JS values, recording every mapping's and sequence's
 * source node in a SourceIndex. Hostile input is bounded before and during parsing: file size,
 * flow and block nesting, alias expansion, duplicate keys, several documents, unknown tags.
 */
import type { Alias, Document, Node, Scalar, YAMLError, YAMLMap, YAMLSeq } from 'yaml';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { LoadDiagnostics as L } from '../diagnostics/catalogue/index.js';
import { readPlainPositions, readPlainYaml, type PlainCollectionPositions } from './plain-yaml.js';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit } from './yaml-lib.js';
import { LineIndex, spanFromOffsets, spanOfNode, type SourceFile, type SourceIndex } from './source-index.js';
import { suggest } from './suggest.js';

export interface YamlLimits {
  /** Largest file, in UTF-16 code units of the decoded text (the CLI checks bytes before reading). */
  readonly maxFileChars: number;
  /** Deepest nesting of mappings and sequences. */
  readonly maxDepth: number;
  /** Most nodes that alias expansion may add to a file. */
  readonly maxAliasNodes: number;
  /** Widest indentation, in columns: bounds block nesting before the YAML parser sees it. */
  readonly maxIndent: number;
  /** Most YAML syntax errors reported per file; one more diagnostic says how many were left out. */
  readonly maxSyntaxErrors: number;
}

export const defaultYamlLimits: YamlLimits = {
  maxFileChars: 16 * 1024 * 1024,
  maxDepth: 32,
  maxAliasNodes: 100_000,
  maxIndent: 256,
  maxSyntaxErrors: 10,
};

export interface ParsedFile {
  readonly file: string;
  /** The file's value; undefined when the file is empty or could not be parsed. */
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

class AliasBudgetExceeded extends Error {
  constructor(readonly alias: Node | undefined) {
    super('aliases');
  }
}
class DepthExceeded extends Error {
  constructor(readonly node: Node) {
    super('depth');
  }
}

/**
 * Which readers may read a file: the plain-YAML reader, then the full parser when it declines
 * (`plain-first`, what the compiler does), or the full parser only (`full`: tests compare them).
 */
export type YamlReaders = 'plain-first' | 'full';

export function parseYamlFile(name: string, text: string, index: SourceIndex, limits: YamlLimits = defaultYamlLimits, readers: YamlReaders = 'plain-first'): ParsedFile {
  const file: SourceFile = { name, lines: new LineIndex(text) };
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

  // Most intents are plain YAML: read them without a syntax tree; a diagnostic's position is found
  // by reading the file again with positions, and a block collection's end by parsing it with the
  // full parser (plain-yaml.ts).
  const plain = readers === 'plain-first' ? readPlainYaml(text, limits.maxDepth) : undefined;
  if (plain !== undefined) {
    const read: SourceFile = { name, lines: file.lines, positions: positionsOf(text, limits.maxDepth), collection: collectionsOf(text) };
    plain.collections.forEach((value, i) => {
      index.record(value, read, i, plain.parents[i], plain.parentKeys[i]);
    });
    return { file: name, value: plain.value, diagnostics: [] };
  }

  const docs = parseAllDocuments(text, yamlOptions);
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  if (list.length === 0 || (list.length === 1 && list[0]?.contents == null && list[0]?.errors.length === 0)) {
    return { file: name, value: undefined, diagnostics: [createDiagnostic(L.emptyFile, { span: whole() })] };
  }
  const problems: { doc: Document.Parsed; err: YAMLError }[] = [];
  const seenProblems = new Set<string>();
  for (const doc of list) {
    for (const err of [...doc.errors, ...doc.warnings]) {
      // One error per line: the parser repeats some once per nesting level, and adds follow-on
      // errors (after a tab, a missing ':') where the first one already says what is wrong.
      const key = String(file.lines.linePos(err.pos[0]).line);
      if (seenProblems.has(key)) continue;
      seenProblems.add(key);
      problems.push({ doc, err });
    }
  }
  // Line ends of CR alone (classic Mac OS): the reader sees one long line, and its errors say
  // nothing of why.
  const crOnly = problems.length > 0 && /\r(?!\n)/.test(text) && !text.includes('\n');
  for (const { doc, err } of problems.slice(0, limits.maxSyntaxErrors)) {
    const span = spanFromOffsets(file, err.pos[0], err.pos[1]);
    if (err.code === 'DUPLICATE_KEY') {
      const keyNode = findKeyAt(doc, err.pos[0]);
      const keySpan = keyNode === undefined ? span : (spanOfNode(file, keyNode) ?? span);
      const key = keyNode !== undefined && isScalar(keyNode) ? String(keyNode.value) : text.slice(err.pos[0], err.pos[1]).trim() || '?';
      diagnostics.push(createDiagnostic(L.duplicateKey, { span: keySpan }, key));
    } else if (err.code === 'TAG_RESOLVE_FAILED') {
      diagnostics.push(createDiagnostic(L.unsupportedYaml, { span }, `${lowerFirst(err.message)}; custom tags are not part of the intent language`));
    } else {
      diagnostics.push(createDiagnostic(L.yamlSyntax, { span, hint: crOnly ? crOnlyHint : syntaxHints[err.code] }, lowerFirst(err.message)));
    }
  }
  const hidden = problems[limits.maxSyntaxErrors];
  if (hidden !== undefined) {
    const more = problems.length - limits.maxSyntaxErrors;
    diagnostics.push(
      createDiagnostic(
        L.yamlSyntax,
        { span: spanFromOffsets(file, hidden.err.pos[0], hidden.err.pos[0]) },
        `${more} more YAML error${more === 1 ? '' : 's'} in this file not shown; fix the ones above first`,
      ),
    );
  }
  const second = list[1];
  if (second !== undefined) {
    const start = second.range[0];
    diagnostics.push(createDiagnostic(L.multipleDocuments, { span: spanFromOffsets(file, start, start) }));
  }
  const first = list[0];
  if (diagnostics.length > 0 || first === undefined) return { file: name, value: undefined, diagnostics };

  const converter = new Converter(file, text, first, index, limits);
  try {
    const value = converter.convert(first.contents, undefined, undefined, 0);
    if (value === null && converter.diagnostics.length === 0) {
      // `---` alone, or a document that is only `~`: nothing to merge.
      return { file: name, value: undefined, diagnostics: [createDiagnostic(L.emptyFile, { span: whole() })] };
    }
    diagnostics.push(...converter.diagnostics);
    if (converter.diagnostics.length > 0) return { file: name, value: undefined, diagnostics };
    return { file: name, value, diagnostics };
  } catch (e) {
    if (e instanceof AliasBudgetExceeded) {
      const span = (e.alias === undefined ? undefined : spanOfNode(file, e.alias)) ?? whole();
      return { file: name, value: undefined, diagnostics: [createDiagnostic(L.aliasLimit, { span }, limits.maxAliasNodes)] };
    }
    if (e instanceof DepthExceeded) {
      return { file: name, value: undefined, diagnostics: [createDiagnostic(L.nestingTooDeep, { span: spanOfNode(file, e.node) }, limits.maxDepth)] };
    }
    throw e;
  }
}

/** How every intent file is parsed: YAML 1.2, core schema, merge keys, duplicate keys are errors. */
const yamlOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  merge: true,
  strict: true,
  version: '1.2',
  schema: 'core',
  intAsBigInt: false,
} as const;

/**
 * Where a plain-YAML file's collections sit, by their pre-order number (plain-yaml.ts
 * readPlainPositions): the file is read again on the first call. Measured reason (bench/PROFILE.md,
 * section 38): the full parser took ~120 ms of a large compile's critical path for one 114 KB file
 * with a warning in it, the plain reader a few; a thousand-leaf intent with warnings in all its
 * files paid seconds.
 */
function positionsOf(text: string, maxDepth: number): (ordinal: number) => PlainCollectionPositions {
  return byOrdinal(() => readPlainPositions(text, maxDepth));
}

/**
 * The full parser's mapping and list nodes of a plain-YAML file, by their pre-order number: the
 * order in which the Converter below (and the plain reader) makes and records collections. The file
 * is parsed on the first call.
 */
function collectionsOf(text: string): (ordinal: number) => YAMLMap | YAMLSeq {
  return byOrdinal(() => preorderCollections(parseAllDocuments(text, yamlOptions)));
}

/** The n-th of a plain-YAML file's collections in `make`'s list, made on the first call. */
function byOrdinal<T>(make: () => readonly T[] | undefined): (ordinal: number) => T {
  let nodes: readonly T[] | undefined;
  return (ordinal) => {
    nodes ??= make();
    const node = nodes?.[ordinal];
    if (node === undefined) throw new Error(`internal error: no collection ${ordinal} in a plain-YAML file`);
    return node;
  };
}

function preorderCollections(docs: ReturnType<typeof parseAllDocuments>): (YAMLMap | YAMLSeq)[] {
  const out: (YAMLMap | YAMLSeq)[] = [];
  const walk = (node: unknown): void => {
    if (isSeq(node)) {
      out.push(node);
      for (const item of node.items) walk(item);
    } else if (isMap(node)) {
      out.push(node);
      for (const pair of node.items) walk(pair.value);
    }
  };
  const first = Array.isArray(docs) ? docs[0] : undefined;
  walk(first?.contents);
  return out;
}

class Converter {
  readonly diagnostics: Diagnostic[] = [];
  private aliasNodes = 0;
  private aliasDepth = 0;
  /** The outermost alias being expanded: where an alias bomb is reported. */
  private expanding: Node | undefined;
  /**
   * The alias (`*name`, outermost) whose copy of its anchor's value is being made: every position in
   * the copy is the alias's, where the user wrote that value, not the anchor's (which the anchored
   * value itself keeps). Merge keys do not set it: a merged key's position is its definition.
   */
  private aliasSite: Node | undefined;
  /** Each alias's anchored node, found in one pass (yaml's Alias.resolve walks the whole document per call). */
  private readonly anchors: ReadonlyMap<Alias, Node>;
  /** Every anchor name of the document, for suggestions. */
  private readonly anchorNames: readonly string[];

  constructor(
    private readonly file: SourceFile,
    private readonly text: string,
    doc: Document.Parsed,
    private readonly index: SourceIndex,
    private readonly limits: YamlLimits,
  ) {
    const { byAlias, names } = resolveAnchors(doc);
    this.anchors = byAlias;
    this.anchorNames = names;
  }

  private reportUnknownAlias(alias: Alias): void {
    const near = suggest(alias.source, this.anchorNames);
    this.diagnostics.push(
      createDiagnostic(
        L.yamlSyntax,
        { span: spanOfNode(this.file, alias), hint: near === undefined ? undefined : near.replace(/'(.*)'/, "'*$1'") },
        `alias '*${alias.source}' refers to no anchor '&${alias.source}' before it`,
      ),
    );
  }

  convert(node: unknown, parent: object | undefined, parentKey: string | number | undefined, depth: number): unknown {
    if (node == null) return null;
    if (this.aliasDepth > 0 && ++this.aliasNodes > this.limits.maxAliasNodes) throw new AliasBudgetExceeded(this.expanding);
    if (isAlias(node)) {
      const target = this.anchors.get(node);
      if (target === undefined) {
        this.reportUnknownAlias(node);
        return null;
      }
      if (this.aliasDepth === 0) this.expanding = node;
      const outer = this.aliasSite;
      this.aliasSite ??= node;
      this.aliasDepth++;
      try {
        return this.convert(target, parent, parentKey, depth);
      } finally {
        this.aliasDepth--;
        this.aliasSite = outer;
      }
    }
    if (isScalar(node)) return this.convertScalar(node);
    if (depth >= this.limits.maxDepth) throw new DepthExceeded(node as Node);
    if ((isSeq(node) || isMap(node)) && node.tag !== undefined && node.tag !== seqTag && node.tag !== mapTag) {
      // !!set, !!omap, !!pairs: YAML 1.1 collection types the intent language does not have.
      this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span: this.tagSpan(node) }, `a collection tagged ${shortTag(node.tag)}; the intent language has only plain lists and mappings`));
      return null;
    }
    if (isSeq(node)) return this.convertSeq(node, parent, parentKey, depth);
    if (isMap(node)) return this.convertMap(node, parent, parentKey, depth);
    this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span: spanOfNode(this.file, node as Node) }, 'this kind of node'));
    return null;
  }

  private convertScalar(node: Scalar): unknown {
    const v: unknown = node.value;
    if (typeof v === 'number') {
      const problem = Number.isInteger(v) ? numberFormatProblem(node.source ?? String(v)) : undefined;
      if (problem !== undefined) {
        this.diagnostics.push(
          createDiagnostic(
            L.numberFormat,
            { span: spanOfNode(this.file, node), hint: `write ${String(v)} for the number, or quote it ("${node.source ?? ''}") if it is text` },
            node.source ?? String(v),
            problem,
          ),
        );
      }
      return v;
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    const tag = node.tag === undefined ? `a value of type ${typeof v}` : `a value tagged ${shortTag(node.tag)}`;
    this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span: this.tagSpan(node) }, `${tag}; the intent language has only strings, numbers, true/false, lists and mappings`));
    return null;
  }

  /** A tagged node starts at its value: find the `!tag` written just before it. */
  private tagSpan(node: Node): ReturnType<typeof spanOfNode> {
    const range = node.range;
    if (range == null) return spanOfNode(this.file, node);
    let i = range[0] - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    const end = i + 1;
    while (i >= 0 && !/\s/.test(this.text[i] ?? ' ')) i--;
    const start = i + 1;
    return this.text[start] === '!' ? spanFromOffsets(this.file, start, end) : spanOfNode(this.file, node);
  }

  private convertSeq(node: YAMLSeq, parent: object | undefined, parentKey: string | number | undefined, depth: number): unknown[] {
    const out: unknown[] = [];
    this.index.record(out, this.file, node, parent, parentKey, [], this.aliasSite);
    node.items.forEach((item, i) => {
      out.push(this.convert(item, out, i, depth + 1));
    });
    return out;
  }

  private convertMap(node: YAMLMap, parent: object | undefined, parentKey: string | number | undefined, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const mergeSources: YAMLMap[] = [];
    this.index.record(out, this.file, node, parent, parentKey, mergeSources, this.aliasSite);
    for (const pair of node.items) {
      const key = pair.key;
      if (isMergeKey(key)) {
        // `<<: *defaults` merge key: collect the mappings (and theirs, recursively); explicit keys win below.
        this.collectMergeSources(pair.value, mergeSources, 0);
        continue;
      }
      if (!isScalar(key) || typeof key.value !== 'string') {
        const span = key != null && typeof key === 'object' ? spanOfNode(this.file, key as Node) : spanOfNode(this.file, node);
        this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span }, `keys must be plain strings, got ${describeKey(key)}`));
        continue;
      }
      // `__proto__` and friends are plain data here: the object has no prototype; the schema rejects them.
      out[key.value] = this.convert(pair.value, out, key.value, depth + 1);
    }
    for (const src of mergeSources) {
      for (const p of src.items) {
        if (!isScalar(p.key) || typeof p.key.value !== 'string' || Object.prototype.hasOwnProperty.call(out, p.key.value)) continue;
        this.aliasDepth++;
        try {
          out[p.key.value] = this.convert(p.value, out, p.key.value, depth + 1);
        } finally {
          this.aliasDepth--;
        }
      }
    }
    return out;
  }

  /** The mappings a merge key refers to, in priority order: each one, then the ones it merges itself. */
  private collectMergeSources(value: unknown, out: YAMLMap[], level: number): void {
    if (level >= this.limits.maxDepth) throw new DepthExceeded(value as Node);
    const items = isSeq(value) ? value.items : [value];
    for (const item of items) {
      const target = isAlias(item) ? this.anchors.get(item) : item;
      if (level === 0 && this.aliasDepth === 0 && isAlias(item)) this.expanding = item;
      if (isMap(target)) {
        if (++this.aliasNodes > this.limits.maxAliasNodes) throw new AliasBudgetExceeded(this.expanding);
        out.push(target);
        for (const p of target.items) if (isMergeKey(p.key)) this.collectMergeSources(p.value, out, level + 1);
      } else if (isAlias(item) && target === undefined) {
        this.reportUnknownAlias(item);
      } else {
        const span = item != null && typeof item === 'object' ? spanOfNode(this.file, item as Node) : undefined;
        this.diagnostics.push(createDiagnostic(L.unsupportedYaml, { span }, "a merge key '<<' must refer to a mapping"));
      }
    }
  }
}

/** What usually causes each YAML error, in the words of someone who has made the mistake. */
const crOnlyHint = "this file's lines end in a carriage return alone (CR, classic Mac OS), which clos reads as one line: save it with LF (or CRLF) line ends";

const syntaxHints: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces: YAML does not allow tabs for indentation',
  MULTILINE_IMPLICIT_KEY: "a key is missing its ':', or the next line is indented more than this one allows",
  BAD_INDENT: 'check the indentation against the lines above: items of one list or mapping start in the same column',
  MISSING_CHAR: "a closing ']', '}' or quote is missing",
  BLOCK_AS_IMPLICIT_KEY: "the next line is indented more than this one allows, or a key is missing its ':'",
  UNEXPECTED_TOKEN: 'check the indentation and the punctuation on this line',
};

const seqTag = 'tag:yaml.org,2002:seq';
const mapTag = 'tag:yaml.org,2002:map';

function shortTag(tag: string): string {
  return tag.replace(/^tag:yaml\.org,2002:/, '!!');
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

/**
 * Maps every alias to the node of the last anchor of its name before it, in document order, as YAML
 * defines it: one pass over the document.
 */
function resolveAnchors(doc: Document.Parsed): { byAlias: Map<Alias, Node>; names: string[] } {
  const current = new Map<string, Node>();
  const out = new Map<Alias, Node>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = current.get(node.source);
        if (target !== undefined) out.set(node, target);
      } else if (node.anchor !== undefined) {
        current.set(node.anchor, node);
      }
    },
  });
  return { byAlias: out, names: [...current.keys()] };
}

/** The key node of the mapping entry that starts at `offset`, for duplicate-key messages. */
function findKeyAt(doc: Document.Parsed, offset: number): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Pair: (_key, pair) => {
      const k = pair.key;
      if (found === undefined && k != null && typeof k === 'object' && (k as Node).range?.[0] === offset) found = k as Node;
    },
  });
  return found;
}

/**
 * Why a whole number is not written as plain decimal digits, or undefined when it is. Intent numbers
 * are all whole numbers; other spellings are refused because YAML versions and tools disagree on
 * them (`0110` is 110 in YAML 1.2 but octal 72 in YAML 1.1; `1e2` is 100 in 1.2 but text in 1.1).
 */
export function numberFormatProblem(source: string): string | undefined {
  const text = source.trim();
  if (/^-?(0|[1-9][0-9]*)$/.test(text)) return undefined;
  if (/^[-+]?0[0-7]+$/.test(text)) return `has a leading zero: YAML 1.1 tools read it as octal (${parseInt(text, 8)}), YAML 1.2 as ${parseInt(text, 10)}`;
  if (/^[-+]?0[0-9]+$/.test(text)) return 'has a leading zero: YAML 1.1 tools read it as text, YAML 1.2 as a number';
  if (/^[-+]?0x/i.test(text)) return 'is hexadecimal';
  if (/^[-+]?0o/i.test(text)) return 'is octal: YAML 1.1 tools read it as text';
  if (/e/i.test(text)) return 'is in exponent notation: YAML 1.1 tools read it as text';
  if (text.includes('.')) return 'is a fraction where a whole number is expected';
  if (text.startsWith('+')) return "has a '+' sign";
  return 'is not plain decimal digits';
}

function describeKey(key: unknown): string {
  if (key == null) return 'an empty key';
  if (isScalar(key)) return key.value === null ? 'an empty key (null)' : `${typeof key.value} ${JSON.stringify(key.value)}`;
  if (isMap(key) || isSeq(key)) return 'a complex (mapping or sequence) key';
  return 'a non-string key';
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/**
 * Bounds nesting before the YAML parser runs (its parser and composer recurse, so deep nesting can
 * exhaust the stack): the flow depth of `[` and `{` outside quotes and comments, the indentation of
 * block lines, and the block indicators (`- `, `? `, `: `) on one line, which nest without indenting
 * (`- - - x`, `a: b: c:`). Returns the offset of the first violation, or undefined.
 */
function prescanNesting(text: string, limits: YamlLimits): number | undefined {
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let indent = 0;
  let indicators = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      indicators = 0;
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
    else if (flow === 0 && (c === 45 || c === 63 || c === 58) && isBlockIndicator(text, i)) {
      if (++indicators > limits.maxDepth) return i;
    }
  }
  return undefined;
}

/** `-`, `?` or `:` followed by a space, tab, line end or the end of the text. */
function isBlockIndicator(text: string, i: number): boolean {
  const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 10;
  if (next !== 32 && next !== 9 && next !== 10 && next !== 13) return false;
  if (text.charCodeAt(i) === 58) return true;
  const prev = i === 0 ? 10 : text.charCodeAt(i - 1);
  return prev === 32 || prev === 9 || prev === 10;
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
