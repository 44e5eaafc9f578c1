/**
 * Configuration files as trees of stanzas, the unit `clos diff` compares. A stanza is a block
 * identified by its header line — `interface swp1`, `router bgp 65111`, a comment-headed paragraph
 * of interfaces.sh, an entity of model.json — holding its own lines and nested stanzas. Comparing
 * stanzas by identity instead of lines by position is what makes the diff ignore reordering: blocks
 * may move around a file, and lines may move inside a block, without being reported as changes.
 *
 * Three syntaxes cover every file clos writes:
 * - `indented` (frr.conf, eos.cfg, nxos.cfg): a line is the header of the more-indented lines
 *   that follow it; lines that are only `!` separate blocks and carry no meaning; `exit`,
 *   `exit-vrf`, `exit-address-family`, `exit-vni` and `end` close the block they follow. Two
 *   kinds of top-level line are blocks though they hold no lines (topLevelRules): a route-map
 *   clause (`route-map RM-HOSTS-OUT deny 10` is one, as `… permit 10` with a match is), and the
 *   entries of one prefix list written one a line (`ip prefix-list PL-x seq 10 …`, FRR and NX-OS),
 *   which are grouped under their list's name as EOS writes them under `ip prefix-list PL-x`.
 * - `shell` (interfaces.sh): paragraphs separated by blank lines; a paragraph's first line is its
 *   header, and a comment header `# swp1: server web01` is identified by its subject (`# swp1`), so
 *   a changed description pairs with the old block instead of replacing it.
 * - `json` (model.json): flattened to `path = value` lines, grouped by entity (an element of a
 *   keyed array such as `bgp.neighbors[address=10.0.0.1]`, or a top-level key), so the diff of a
 *   device model is semantic: array order and key order never matter.
 */

export type ConfigSyntax = 'indented' | 'shell' | 'json';

export interface Stanza {
  /** The header line as written, indentation included; `''` for a file's top level. */
  readonly header: string;
  /** What pairs an old stanza with a new one; unique among siblings. */
  readonly key: string;
  /** The stanza's own lines, without nested stanzas, separators or the terminator, in file order. */
  readonly lines: readonly string[];
  readonly children: readonly Stanza[];
  /** The line that closed the block (`exit`), if any. */
  readonly terminator: string | undefined;
  /** Lines and children interleaved in file order, for printing a whole stanza. */
  readonly items: readonly (string | Stanza)[];
  /**
   * The header is no line of the file: it names a group of top-level lines (`ip prefix-list PL-x`
   * for its `ip prefix-list PL-x seq …` lines). Hunks name it; it is never printed as a line.
   */
  readonly synthetic?: true;
}

/** The syntax of a file clos writes, from its name. */
export function syntaxOf(path: string): ConfigSyntax {
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.sh')) return 'shell';
  return 'indented';
}

export function parseStanzas(text: string, syntax: ConfigSyntax): Stanza {
  switch (syntax) {
    case 'indented':
      return parseIndented(text);
    case 'shell':
      return parseShell(text);
    case 'json':
      return parseJson(text);
  }
}

/** Every line of a stanza, header first, nested stanzas in place, terminator last. */
export function flattenStanza(stanza: Stanza): string[] {
  const out: string[] = [];
  if (stanza.header !== '' && stanza.synthetic !== true) out.push(stanza.header);
  for (const item of stanza.items) {
    if (typeof item === 'string') out.push(item);
    else out.push(...flattenStanza(item));
  }
  if (stanza.terminator !== undefined) out.push(stanza.terminator);
  return out;
}

interface Draft {
  header: string;
  indent: number;
  lines: string[];
  children: Draft[];
  items: (string | Draft)[];
  terminator: string | undefined;
  /** A block even without lines (a route-map clause). */
  block?: true;
  synthetic?: true;
}

/**
 * How top-level lines of the indented syntax that hold no lines are read: `block`, a block of its
 * own all the same; `group`, a line of the synthetic block the function names. Adding a rule is one
 * entry here.
 */
const topLevelRules: readonly { readonly pattern: RegExp; readonly block?: true; readonly group?: (m: RegExpExecArray) => string }[] = [
  // A clause of a route map, whatever it matches or sets (EOS and NX-OS write no `exit` after it).
  { pattern: /^route-map \S+ (?:permit|deny) \d+$/, block: true },
  // FRR and NX-OS write a prefix list one entry a line.
  { pattern: /^(ipv6|ip) prefix-list (\S+) seq \d+ /, group: (m) => `${m[1] ?? ''} prefix-list ${m[2] ?? ''}` },
];

const terminators = new Set(['exit', 'exit-vrf', 'exit-address-family', 'exit-vni', 'end']);

function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function parseIndented(text: string): Stanza {
  const root: Draft = { header: '', indent: -1, lines: [], children: [], items: [], terminator: undefined };
  const stack: Draft[] = [root];
  const top = (): Draft => stack[stack.length - 1] ?? root;
  const groups = new Map<string, Draft>();
  for (const line of splitLines(text)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed === '!') continue;
    const indent = indentOf(line);
    const rule = indent === 0 ? matchTopLevelRule(line) : undefined;
    if (rule?.group !== undefined) {
      stack.length = 1;
      let group = groups.get(rule.group);
      if (group === undefined) {
        group = { header: rule.group, indent: 0, lines: [], children: [], items: [], terminator: undefined, synthetic: true };
        groups.set(rule.group, group);
        root.items.push(group);
      }
      group.items.push(line);
      continue;
    }
    while (stack.length > 1 && top().indent > indent) stack.pop();
    if (terminators.has(trimmed) && stack.length > 1 && top().indent === indent) {
      top().terminator = line;
      stack.pop();
      continue;
    }
    while (stack.length > 1 && top().indent >= indent) stack.pop();
    const node: Draft = { header: line, indent, lines: [], children: [], items: [], terminator: undefined, ...(rule?.block === true ? { block: true as const } : {}) };
    top().items.push(node);
    stack.push(node);
  }
  return finish(root);
}

function matchTopLevelRule(line: string): { block: boolean; group: string | undefined } | undefined {
  for (const rule of topLevelRules) {
    const m = rule.pattern.exec(line);
    if (m !== null) return { block: rule.block === true, group: rule.group?.(m) };
  }
  return undefined;
}

/** A draft with no body is a plain line of its parent (unless a rule makes it a block); one with a body is a stanza. */
function finish(draft: Draft): Stanza {
  const lines: string[] = [];
  const children: Stanza[] = [];
  const items: (string | Stanza)[] = [];
  const seen = new Map<string, number>();
  for (const item of draft.items) {
    if (typeof item === 'string') {
      lines.push(item);
      items.push(item);
    } else if (item.items.length === 0 && item.terminator === undefined && item.block !== true) {
      lines.push(item.header);
      items.push(item.header);
    } else {
      const child = finish(item);
      const key = uniqueKey(child.key, seen);
      const keyed = key === child.key ? child : { ...child, key };
      children.push(keyed);
      items.push(keyed);
    }
  }
  return { header: draft.header, key: keyOfHeader(draft.header), lines, children, terminator: draft.terminator, items, ...(draft.synthetic === true ? { synthetic: true as const } : {}) };
}

function uniqueKey(key: string, seen: Map<string, number>): string {
  const n = (seen.get(key) ?? 0) + 1;
  seen.set(key, n);
  return n === 1 ? key : `${key} #${n}`;
}

/** `# swp1: server web01` is identified by `# swp1`; any other header by itself, unindented. */
function keyOfHeader(header: string): string {
  const trimmed = header.trim();
  const comment = /^(#+\s*[^:\s]+):\s/.exec(trimmed);
  return comment?.[1] ?? trimmed;
}

function parseShell(text: string): Stanza {
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (const line of splitLines(text)) {
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) paragraphs.push(current);
  const root: Draft = { header: '', indent: -1, lines: [], children: [], items: [], terminator: undefined };
  for (const [header, ...body] of paragraphs) {
    if (header === undefined) continue;
    root.items.push({ header, indent: 0, lines: [], children: [], items: body, terminator: undefined });
  }
  return finish(root);
}

/**
 * Array elements are identified by the first of these fields they have. `seq` keys a prefix list's
 * and a route map's entries, so one changed entry is one changed line, not the whole list twice.
 */
const identityFields = ['name', 'vni', 'address', 'vrf', 'id', 'vlan', 'port', 'seq'] as const;

function parseJson(text: string): Stanza {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseIndented(text);
  }
  const groups = new Map<string, string[]>();
  const add = (group: string, line: string): void => {
    const list = groups.get(group) ?? [];
    list.push(line);
    groups.set(group, list);
  };
  /** `keyed`: the innermost keyed-array element on the path; `top`: the top-level key. */
  const walk = (v: unknown, path: string, keyed: string | undefined, top: string | undefined): void => {
    const leaf = (text: string): void => {
      const group = keyed ?? top ?? '';
      const rel = group === '' ? path : path.slice(group.length).replace(/^\./, '');
      add(group, `${rel === '' ? '.' : rel} = ${text}`);
    };
    if (Array.isArray(v) && v.length > 0 && v.every(isKeyedObject)) {
      for (const element of v) {
        const field = identityFields.find((f) => f in element);
        const id = field === undefined ? '?' : `${field}=${scalarText(element[field])}`;
        const elementPath = `${path}[${id}]`;
        walk(element, elementPath, keyed ?? elementPath, top);
      }
      return;
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) leaf('{}');
      for (const [k, child] of entries) {
        const childPath = path === '' ? k : `${path}.${k}`;
        walk(child, childPath, keyed, top ?? (path === '' && isObject(child) ? k : undefined));
      }
      return;
    }
    leaf(JSON.stringify(v));
  };
  walk(value, '', undefined, undefined);
  const root: Draft = { header: '', indent: -1, lines: [], children: [], items: [], terminator: undefined };
  root.items.push(...(groups.get('') ?? []));
  for (const [group, lines] of groups) {
    if (group === '') continue;
    root.items.push({ header: group, indent: 0, lines: [], children: [], items: lines.map((l) => `  ${l}`), terminator: undefined });
  }
  return finish(root);
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isKeyedObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && identityFields.some((f) => f in v);
}

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
