/**
 * A fast reader for the plain YAML that intents are written in — block mappings and lists, flow
 * mappings and lists on one line, plain and simply quoted scalars, comments — straight to JS
 * values, without a syntax tree. Anything else, and anything doubtful, it declines, and
 * parse-yaml.ts reads the file with the full YAML parser instead: every diagnostic and limit
 * comes from that path, so a file read here is one the full parser would have read to the same
 * value without a word (plain-yaml.test.ts compares the two on every example, fixture and
 * thousands of mutations of them, positions included).
 *
 * Measured reason (bench/PROFILE.md, round 2): the full parser builds a token stream, a concrete
 * syntax tree and a document of node objects for every scalar of a file; a thousand-leaf intent
 * (3.9 MB) took ~2 s of the compile's critical path to load, this reader ~0.1 s. js-yaml was
 * measured as a replacement and not adopted: no faster on that intent, and it loses what the
 * language's rules need (number spellings, non-string keys, null-prototype objects): see
 * bench/PROFILE.md, section 19.
 *
 * It records every mapping and list it makes, in the order the full parser's composer makes them
 * (pre-order). When a diagnostic first needs a position in the file, it reads the file again and
 * records where each collection, key and value sits (readPlainPositions): the full parser's
 * ranges, but for a block collection's end, which depends on how the full parser attaches the
 * comments after it; for that one the file is parsed again, once, by the full parser.
 *
 * What it reads (YAML 1.2, core schema, as parse-yaml.ts configures the full parser):
 * - block mappings `key: value` and block lists `- item`, a list as a mapping value at the key's
 *   own indentation, a mapping as a list item (`- name: x` and its keys below);
 * - flow lists `[a, b]` and flow mappings `{ a: 1, b: [c] }` that open and close on one line;
 * - plain scalars on one line, resolved as the core schema does (null, true/false, whole numbers
 *   written as plain decimal digits, text), and quoted scalars without escapes or line breaks;
 * - comments, blank lines, a final line without a newline.
 * It declines: tabs, CR, BOM, control and non-BMP characters; document markers and directives;
 * anchors, aliases, tags, merge keys; block scalars; multi-line scalars and flow collections;
 * escapes; explicit and complex keys; duplicate or non-text keys; numbers in any other spelling;
 * keys over 1000 characters; nesting at the depth limit; an empty document.
 */

/** The plain-YAML subset was left: the file goes to the full parser. */
class Decline extends Error {
  constructor() {
    super('not plain YAML');
  }
}

/** Thrown as it is: one instance, so declining (also when probing for a key) captures no stack. */
const declined = new Decline();

export interface PlainYaml {
  readonly value: unknown;
  /** Every mapping and list made, in the full parser's pre-order, with where each one sits. */
  readonly collections: readonly object[];
  readonly parents: readonly (object | undefined)[];
  readonly parentKeys: readonly (string | number | undefined)[];
}

/**
 * Where one collection of a plain-YAML file and its entries sit, as offsets into the text: the
 * ranges the full parser gives the same nodes (plain-yaml.test.ts compares every one), except a
 * block collection's end, which depends on how the full parser attaches the comments after it.
 */
export interface PlainCollectionPositions {
  /** Its first key or `-`, or its `[` or `{`. */
  readonly start: number;
  /** After its `]` or `}`; -1 for a block collection (the full parser's to say). */
  end: number;
  /** A mapping's keys in order; undefined for a list. */
  readonly keys: string[] | undefined;
  /**
   * Four offsets per entry, in order: the key's start and end (-1 for a list item), the value's
   * start and end (end -1 when the value is a block collection). An empty value is at the first
   * character after its `:` or `-` and the spaces after it, with no width.
   */
  readonly entries: number[];
}

/**
 * The positions of a plain-YAML document's collections, in the pre-order of PlainYaml.collections;
 * undefined when readPlainYaml would decline the text. It reads the text again: a file's positions
 * are wanted only when a diagnostic asks for a position in it.
 */
export function readPlainPositions(text: string, maxDepth: number): readonly PlainCollectionPositions[] | undefined {
  const positions: PlainCollectionPositions[] = [];
  return readPlain(text, maxDepth, positions) === undefined ? undefined : positions;
}

/**
 * The value of a plain-YAML document, or undefined when the text is not plain YAML (or is empty):
 * then only the full parser may read it. Collections nest at most `maxDepth - 1` deep (the full
 * path refuses depth `maxDepth`).
 */
export function readPlainYaml(text: string, maxDepth: number): PlainYaml | undefined {
  return readPlain(text, maxDepth, undefined);
}

/** readPlainYaml, recording each collection's positions in `positions` when given. */
function readPlain(text: string, maxDepth: number, positions: PlainCollectionPositions[] | undefined): PlainYaml | undefined {
  // Characters and lines this reader leaves to the full parser, found by two native scans.
  if (unsupportedCharacters.test(text) || documentMarkers.test(text)) return undefined;
  const reader = new PlainReader(text, maxDepth, positions);
  try {
    return reader.read();
  } catch (e) {
    if (e === declined) return undefined;
    throw e;
  }
}

/** Tabs, CR, controls, NEL, LS/PS, BOM, surrogates (non-BMP or broken text), U+FFFD (undecodable bytes), noncharacters. */
const unsupportedCharacters = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufeff\ufffd\ufffe\uffff]/;
/** `---`, `...` or a `%` directive at the start of a line. */
const documentMarkers = /^(?:---|\.\.\.|%)/m;

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const COLON = 58;
const COMMA = 44;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

/** Longest key read here; the full parser refuses implicit keys over 1024 characters. */
const maxKeyLength = 1000;

class PlainReader {
  private pos = 0;
  /** Offset where the current line starts. */
  private lineStart = 0;
  /** Column of the current line's first character, or -1 at the end of the text. */
  private col = 0;
  private readonly collections: object[] = [];
  private readonly parents: (object | undefined)[] = [];
  private readonly parentKeys: (string | number | undefined)[] = [];
  /** Where the last key read by tryKey ends. */
  private keyEnd = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    /** When given, each collection's positions are recorded in it (readPlainPositions). */
    private readonly positions: PlainCollectionPositions[] | undefined,
  ) {}

  read(): PlainYaml {
    this.nextLine();
    if (this.col < 0) throw declined; // empty: the full parser says so
    const value = this.block(this.col, undefined, undefined, 0, true);
    if (this.col >= 0) throw declined; // something after the top-level node
    return { value, collections: this.collections, parents: this.parents, parentKeys: this.parentKeys };
  }

  // ---- lines -------------------------------------------------------------------------------

  /**
   * From a line start (or the newline ending a line), past blank and comment-only lines, to the
   * first character of the next line with content: sets `pos`, `lineStart` and `col` (-1 at the
   * end of the text).
   */
  private nextLine(): void {
    const t = this.text;
    let p = this.pos;
    if (p < t.length && t.charCodeAt(p) === NEWLINE) p++;
    for (;;) {
      const start = p;
      while (p < t.length && t.charCodeAt(p) === SPACE) p++;
      if (p >= t.length) {
        this.pos = p;
        this.col = -1;
        return;
      }
      const c = t.charCodeAt(p);
      if (c === NEWLINE) {
        p++;
        continue;
      }
      if (c === HASH) {
        const nl = t.indexOf('\n', p);
        if (nl < 0) {
          this.pos = t.length;
          this.col = -1;
          return;
        }
        p = nl + 1;
        continue;
      }
      this.pos = p;
      this.lineStart = start;
      this.col = p - start;
      return;
    }
  }

  /** After a value: only spaces and a comment may follow on its line. Leaves `pos` at the newline or the end. */
  private endLine(): void {
    const t = this.text;
    let p = this.pos;
    while (p < t.length && t.charCodeAt(p) === SPACE) p++;
    if (p < t.length) {
      const c = t.charCodeAt(p);
      if (c === HASH && t.charCodeAt(p - 1) === SPACE) {
        const nl = t.indexOf('\n', p);
        p = nl < 0 ? t.length : nl;
      } else if (c !== NEWLINE) {
        throw declined;
      }
    }
    this.pos = p;
  }

  private skipSpaces(): void {
    const t = this.text;
    while (this.pos < t.length && t.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  private charAt(p: number): number {
    return p < this.text.length ? this.text.charCodeAt(p) : NEWLINE;
  }

  /** `-` as a list item indicator: followed by a space, a newline or the end. */
  private isItemIndicator(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const next = this.charAt(p + 1);
    return next === SPACE || next === NEWLINE;
  }

  /** Records a collection starting at `pos`; its positions when they are being recorded. */
  private record(value: object, parent: object | undefined, key: string | number | undefined, depth: number, map: boolean): PlainCollectionPositions | undefined {
    if (depth >= this.maxDepth) throw declined;
    this.collections.push(value);
    this.parents.push(parent);
    this.parentKeys.push(key);
    if (this.positions === undefined) return undefined;
    const node: PlainCollectionPositions = { start: this.pos, end: -1, keys: map ? [] : undefined, entries: [] };
    this.positions.push(node);
    return node;
  }

  /** One entry's positions (record's node), when they are being recorded. */
  private static entry(node: PlainCollectionPositions | undefined, key: string | undefined, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): void {
    if (node === undefined) return;
    if (key !== undefined) node.keys?.push(key);
    node.entries.push(keyStart, keyEnd, valueStart, valueEnd);
  }

  // ---- block structure ---------------------------------------------------------------------

  /** The node starting at `pos`, the first character of a line at column `indent`. */
  private block(indent: number, parent: object | undefined, key: string | number | undefined, depth: number, top = false): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (this.isItemIndicator(this.pos)) return this.blockList(indent, parent, key, depth);
    if (c === LBRACKET || c === LBRACE) {
      if (!top) throw declined; // a flow collection on a line of its own below a key: rare, left to the full parser
      const value = this.flow(parent, key, depth);
      this.endLine();
      this.nextLine();
      return value;
    }
    if (this.keyAhead()) return this.blockMap(indent, parent, key, depth);
    throw declined; // a scalar on a line of its own
  }

  private blockMap(indent: number, parent: object | undefined, parentKey: string | number | undefined, depth: number): Record<string, unknown> {
    const out = Object.create(null) as Record<string, unknown>;
    const node = this.record(out, parent, parentKey, depth, true);
    for (;;) {
      const keyStart = this.pos;
      const key = this.key(false);
      const keyEnd = this.keyEnd;
      if (key in out) throw declined;
      this.skipSpaces();
      const c = this.charAt(this.pos);
      if (c === NEWLINE || c === HASH) {
        const empty = this.pos;
        this.endLine();
        this.nextLine();
        const start = this.pos;
        if (this.col > indent) {
          out[key] = this.block(this.col, out, key, depth + 1);
          PlainReader.entry(node, key, keyStart, keyEnd, start, -1);
        } else if (this.col === indent && this.isItemIndicator(this.pos)) {
          out[key] = this.blockList(indent, out, key, depth + 1);
          PlainReader.entry(node, key, keyStart, keyEnd, start, -1);
        } else {
          out[key] = null;
          PlainReader.entry(node, key, keyStart, keyEnd, empty, empty);
        }
      } else {
        const start = this.pos;
        out[key] = this.inline(out, key, depth + 1);
        PlainReader.entry(node, key, keyStart, keyEnd, start, this.pos);
        this.endLine();
        this.nextLine();
      }
      if (this.col < indent) return out;
      if (this.col > indent || this.isItemIndicator(this.pos)) throw declined;
    }
  }

  private blockList(indent: number, parent: object | undefined, parentKey: string | number | undefined, depth: number): unknown[] {
    const out: unknown[] = [];
    const node = this.record(out, parent, parentKey, depth, false);
    for (;;) {
      const i = out.length;
      this.pos++; // the '-'
      this.skipSpaces();
      const c = this.charAt(this.pos);
      if (c === NEWLINE || c === HASH) {
        const empty = this.pos;
        this.endLine();
        this.nextLine();
        const start = this.pos;
        if (this.col > indent) {
          out.push(this.block(this.col, out, i, depth + 1));
          PlainReader.entry(node, undefined, -1, -1, start, -1);
        } else {
          out.push(null);
          PlainReader.entry(node, undefined, -1, -1, empty, empty);
        }
      } else if (this.isItemIndicator(this.pos)) {
        throw declined; // `- - x`
      } else if (c !== LBRACKET && c !== LBRACE && this.keyAhead()) {
        const start = this.pos;
        out.push(this.blockMap(this.pos - this.lineStart, out, i, depth + 1));
        PlainReader.entry(node, undefined, -1, -1, start, -1);
      } else {
        const start = this.pos;
        out.push(this.inline(out, i, depth + 1));
        PlainReader.entry(node, undefined, -1, -1, start, this.pos);
        this.endLine();
        this.nextLine();
      }
      if (this.col < indent || (this.col === indent && !this.isItemIndicator(this.pos))) return out;
      if (this.col > indent) throw declined;
    }
  }

  /** A value on the line of its key or list indicator: a flow collection or a scalar. */
  private inline(parent: object, key: string | number, depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === LBRACKET || c === LBRACE) return this.flow(parent, key, depth);
    if (c === DQUOTE || c === SQUOTE) return this.quoted();
    return resolvePlain(this.plain(false));
  }

  /** Whether a key (a scalar, then `:` and a space or the line's end) starts at `pos`. */
  private keyAhead(): boolean {
    const save = this.pos;
    const key = this.tryKey(false);
    this.pos = save;
    return key !== undefined;
  }

  /** A key and its `:`; `pos` ends after the colon. */
  private key(flow: boolean): string {
    const key = this.tryKey(flow);
    if (key === undefined) throw declined;
    return key;
  }

  /**
   * The key at `pos` and its `:` (`pos` ends after the colon), or undefined when the scalar there
   * is not followed by `:` and a space or the line's end (`pos` is then where it was).
   */
  private tryKey(flow: boolean): string | undefined {
    const start = this.pos;
    const c = this.text.charCodeAt(start);
    const key = c === DQUOTE || c === SQUOTE ? this.quoted() : resolvePlain(this.plain(flow));
    this.keyEnd = this.pos;
    this.skipSpaces();
    const after = this.charAt(this.pos + 1);
    if (this.charAt(this.pos) !== COLON || (after !== SPACE && after !== NEWLINE)) {
      this.pos = start;
      return undefined;
    }
    if (typeof key !== 'string' || this.pos - start > maxKeyLength) throw declined;
    this.pos++;
    return key;
  }

  // ---- flow collections --------------------------------------------------------------------

  private flow(parent: object | undefined, key: string | number | undefined, depth: number): unknown {
    const value = this.text.charCodeAt(this.pos) === LBRACKET ? this.flowList(parent, key, depth) : this.flowMap(parent, key, depth);
    // `[a]: x` would make the collection a key.
    const save = this.pos;
    this.skipSpaces();
    if (this.charAt(this.pos) === COLON) throw declined;
    this.pos = save;
    return value;
  }

  private flowList(parent: object | undefined, parentKey: string | number | undefined, depth: number): unknown[] {
    const out: unknown[] = [];
    const node = this.record(out, parent, parentKey, depth, false);
    this.pos++; // '['
    this.skipSpaces();
    if (this.charAt(this.pos) === RBRACKET) {
      this.pos++;
      if (node !== undefined) node.end = this.pos;
      return out;
    }
    for (;;) {
      const start = this.pos;
      out.push(this.flowNode(out, out.length, depth + 1));
      PlainReader.entry(node, undefined, -1, -1, start, this.pos);
      this.skipSpaces();
      const c = this.charAt(this.pos);
      if (c === RBRACKET) {
        this.pos++;
        if (node !== undefined) node.end = this.pos;
        return out;
      }
      if (c !== COMMA) throw declined;
      this.pos++;
      this.skipSpaces();
      if (this.charAt(this.pos) === RBRACKET) throw declined; // trailing comma
    }
  }

  private flowMap(parent: object | undefined, parentKey: string | number | undefined, depth: number): Record<string, unknown> {
    const out = Object.create(null) as Record<string, unknown>;
    const node = this.record(out, parent, parentKey, depth, true);
    this.pos++; // '{'
    this.skipSpaces();
    if (this.charAt(this.pos) === RBRACE) {
      this.pos++;
      if (node !== undefined) node.end = this.pos;
      return out;
    }
    for (;;) {
      const keyStart = this.pos;
      const key = this.key(true);
      const keyEnd = this.keyEnd;
      if (key in out) throw declined;
      this.skipSpaces();
      const v = this.charAt(this.pos);
      if (v === COMMA || v === RBRACE || v === NEWLINE) throw declined; // an empty value
      const start = this.pos;
      out[key] = this.flowNode(out, key, depth + 1);
      PlainReader.entry(node, key, keyStart, keyEnd, start, this.pos);
      this.skipSpaces();
      const c = this.charAt(this.pos);
      if (c === RBRACE) {
        this.pos++;
        if (node !== undefined) node.end = this.pos;
        return out;
      }
      if (c !== COMMA) throw declined;
      this.pos++;
      this.skipSpaces();
      if (this.charAt(this.pos) === RBRACE) throw declined; // trailing comma
    }
  }

  private flowNode(parent: object, key: string | number, depth: number): unknown {
    const c = this.charAt(this.pos);
    if (c === LBRACKET) return this.flowList(parent, key, depth);
    if (c === LBRACE) return this.flowMap(parent, key, depth);
    if (c === DQUOTE || c === SQUOTE) return this.quoted();
    return resolvePlain(this.plain(true));
  }

  // ---- scalars -----------------------------------------------------------------------------

  /** A quoted scalar without escapes on one line; `pos` ends after the closing quote. */
  private quoted(): string {
    const t = this.text;
    const quote = t.charCodeAt(this.pos);
    const start = this.pos + 1;
    let p = start;
    for (;;) {
      if (p >= t.length) throw declined;
      const c = t.charCodeAt(p);
      if (c === quote) break;
      if (c === NEWLINE || c === BACKSLASH) throw declined;
      p++;
    }
    if (quote === SQUOTE && this.charAt(p + 1) === SQUOTE) throw declined; // '' escape
    this.pos = p + 1;
    const next = this.charAt(this.pos);
    if (next !== SPACE && next !== NEWLINE && next !== COLON && next !== COMMA && next !== RBRACKET && next !== RBRACE) throw declined;
    return t.slice(start, p);
  }

  /**
   * A plain scalar on one line, its trailing spaces trimmed; `pos` ends after its last character.
   * It ends at the line's end, at ` #`, at `: ` (a key), and in flow collections at `,[]{}` and at
   * a `:` followed by one of them.
   */
  private plain(flow: boolean): string {
    const t = this.text;
    const start = this.pos;
    const first = t.charCodeAt(start);
    if (!canStartPlain(first, this.charAt(start + 1))) throw declined;
    let p = start + 1;
    let end = p;
    for (; p < t.length; p++) {
      const c = t.charCodeAt(p);
      if (c === NEWLINE) break;
      if (c === SPACE) continue;
      if (c === HASH && t.charCodeAt(p - 1) === SPACE) break;
      if (c === COLON) {
        const next = this.charAt(p + 1);
        if (next === SPACE || next === NEWLINE) break;
        if (flow && (next === COMMA || next === LBRACKET || next === RBRACKET || next === LBRACE || next === RBRACE)) break;
      }
      if (flow && (c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE)) break;
      end = p + 1;
    }
    this.pos = end;
    return t.slice(start, end);
  }
}

/**
 * Whether a plain scalar may start with `c` (followed by `next`): not an indicator, except `-`
 * before a letter or digit (`-1`, `-x`); `?` and `:` starts are left to the full parser.
 */
function canStartPlain(c: number, next: number): boolean {
  if (c === DASH) return (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
  if (c <= SPACE) return false;
  // , [ ] { } # & * ! | > ' " % @ ` ? :
  return !(
    c === COMMA ||
    c === LBRACKET ||
    c === RBRACKET ||
    c === LBRACE ||
    c === RBRACE ||
    c === HASH ||
    c === 38 ||
    c === 42 ||
    c === 33 ||
    c === 124 ||
    c === 62 ||
    c === SQUOTE ||
    c === DQUOTE ||
    c === 37 ||
    c === 64 ||
    c === 96 ||
    c === 63 ||
    c === COLON
  );
}

/** Whole numbers read here: plain decimal digits the full path accepts without a diagnostic, exact as doubles. */
const decimal = /^-?(?:0|[1-9][0-9]{0,14})$/;
/** Every other spelling the core schema reads as a number (int, octal, hex, float, exponent, inf, nan). */
const otherNumber = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** A plain scalar's value under the YAML 1.2 core schema, or Decline for spellings the full path reports. */
function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === DASH || c === 43 || c === 46) {
    if (decimal.test(text)) return parseInt(text, 10);
    if (otherNumber.test(text)) throw declined;
    return text;
  }
  switch (c) {
    case 126: // ~
      if (text === '~') return null;
      break;
    case 110: // n
    case 78: // N
      if (text === 'null' || text === 'Null' || text === 'NULL') return null;
      break;
    case 116: // t
    case 84: // T
      if (text === 'true' || text === 'True' || text === 'TRUE') return true;
      break;
    case 102: // f
    case 70: // F
      if (text === 'false' || text === 'False' || text === 'FALSE') return false;
      break;
    case 60: // <
      if (text === '<<') throw declined; // a merge key
      break;
  }
  return text;
}
