/**
 * The stanza-aware diff: two versions of a file, parsed into stanzas (`stanza.ts`), compared block
 * by block. Blocks are paired by identity, not position, and the lines of a block are compared as
 * a multiset, so reordering blocks or lines is not a change; a line that moves from one block to
 * another is (it means something different there). Each change is reported in a hunk that names
 * its block and repeats the block's header lines as context, as a reviewer needs to read it.
 */
import { diffArrays } from 'diff';
import { flattenStanza, parseStanzas, syntaxOf, type Stanza } from './stanza.js';

export type LineOp = ' ' | '-' | '+';

export interface DiffLine {
  readonly op: LineOp;
  readonly text: string;
}

export interface Hunk {
  /** The headers of the enclosing stanzas, outermost first; empty for a file's top level. */
  readonly path: readonly string[];
  /** Context (the headers, as written), then removed and added lines. */
  readonly lines: readonly DiffLine[];
}

export interface FileDiff {
  readonly hunks: readonly Hunk[];
  readonly added: number;
  readonly removed: number;
}

/** Compares two versions of one file; `undefined` stands for a file that does not exist. */
export function diffFile(path: string, before: string | undefined, after: string | undefined): FileDiff {
  const syntax = syntaxOf(path);
  const empty: Stanza = { header: '', key: '', lines: [], children: [], terminator: undefined, items: [] };
  const a = before === undefined ? empty : parseStanzas(before, syntax);
  const b = after === undefined ? empty : parseStanzas(after, syntax);
  const hunks: Hunk[] = [];
  diffStanza(a, b, [], [], hunks);
  let added = 0;
  let removed = 0;
  for (const h of hunks) {
    for (const l of h.lines) {
      if (l.op === '+') added++;
      else if (l.op === '-') removed++;
    }
  }
  return { hunks, added, removed };
}

/** `a` and `b` are paired (same key); their headers may differ. */
function diffStanza(a: Stanza, b: Stanza, path: readonly string[], context: readonly string[], out: Hunk[]): void {
  const own: DiffLine[] = [];
  if (a.header !== b.header) own.push({ op: '-', text: a.header }, { op: '+', text: b.header });
  own.push(...diffLineMultisets(a.lines, b.lines));
  if (a.terminator !== b.terminator) {
    if (a.terminator !== undefined) own.push({ op: '-', text: a.terminator });
    if (b.terminator !== undefined) own.push({ op: '+', text: b.terminator });
  }
  // A synthetic header (`ip prefix-list PL-x` of FRR's one-line entries) names the hunk, it is no line of the file.
  const headerShown = b.header === '' || b.synthetic === true ? [] : [b.header];
  const innerPath = b.header === '' ? path : [...path, b.header.trim()];
  if (own.length > 0) {
    const ctx = a.header !== b.header ? context : [...context, ...headerShown];
    out.push({ path: innerPath, lines: [...ctx.map((text) => ({ op: ' ' as const, text })), ...own] });
  }
  const innerContext = [...context, ...headerShown];
  const oldByKey = new Map(a.children.map((c, i) => [c.key, { stanza: c, index: i }]));
  const newKeys = new Set(b.children.map((c) => c.key));
  const removed = a.children.map((c, i) => ({ stanza: c, index: i })).filter((c) => !newKeys.has(c.stanza.key));
  let nextRemoved = 0;
  const flushRemovedBefore = (index: number): void => {
    while (nextRemoved < removed.length && (removed[nextRemoved]?.index ?? Infinity) < index) {
      const r = removed[nextRemoved];
      if (r !== undefined) out.push(wholeStanza(r.stanza, '-', innerPath, innerContext));
      nextRemoved++;
    }
  };
  // Removed blocks are reported where they stood, before what replaced them.
  const nextPaired: number[] = [];
  let upcoming = Infinity;
  for (let i = b.children.length - 1; i >= 0; i--) {
    const old = oldByKey.get(b.children[i]?.key ?? '');
    if (old !== undefined) upcoming = old.index;
    nextPaired[i] = upcoming;
  }
  b.children.forEach((child, i) => {
    const old = oldByKey.get(child.key);
    flushRemovedBefore(old?.index ?? nextPaired[i] ?? Infinity);
    if (old === undefined) out.push(wholeStanza(child, '+', innerPath, innerContext));
    else diffStanza(old.stanza, child, innerPath, innerContext, out);
  });
  flushRemovedBefore(Infinity);
}

function wholeStanza(stanza: Stanza, op: '-' | '+', path: readonly string[], context: readonly string[]): Hunk {
  return {
    path: [...path, stanza.header.trim()],
    lines: [...context.map((text) => ({ op: ' ' as const, text })), ...flattenStanza(stanza).map((text) => ({ op, text }))],
  };
}

/**
 * The lines removed from and added to a block, in a readable order (a positional diff's), with
 * lines that only moved inside the block cancelled out.
 */
export function diffLineMultisets(before: readonly string[], after: readonly string[]): DiffLine[] {
  const changes = diffArrays([...before], [...after]);
  const removedCount = new Map<string, number>();
  const addedCount = new Map<string, number>();
  for (const c of changes) {
    const counts = c.removed ? removedCount : c.added ? addedCount : undefined;
    if (counts === undefined) continue;
    for (const v of c.value) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // A line removed here and added there only moved: cancel as many pairs as both sides have.
  const moved = new Map<string, number>();
  for (const [v, n] of removedCount) {
    const m = Math.min(n, addedCount.get(v) ?? 0);
    if (m > 0) moved.set(v, m);
  }
  const cancelRemoved = new Map(moved);
  const cancelAdded = new Map(moved);
  const out: DiffLine[] = [];
  for (const c of changes) {
    if (!c.removed && !c.added) continue;
    const cancel = c.removed ? cancelRemoved : cancelAdded;
    for (const v of c.value) {
      const left = cancel.get(v) ?? 0;
      if (left > 0) {
        cancel.set(v, left - 1);
        continue;
      }
      out.push({ op: c.removed ? '-' : '+', text: v });
    }
  }
  return out;
}

export interface FormatHunkOptions {
  /** Wraps a line in colour: `-` red, `+` green, `@@` cyan. */
  readonly paint?: ((op: LineOp | '@', text: string) => string) | undefined;
}

/** A unified-diff-like text: `--- a/<path>`, `+++ b/<path>`, then `@@ <stanza> @@` hunks. */
export function formatFileDiff(path: string, diff: FileDiff, status: 'changed' | 'added' | 'removed', options: FormatHunkOptions = {}): string {
  const paint = options.paint ?? ((_op, text) => text);
  const lines = [status === 'added' ? '--- /dev/null' : `--- a/${path}`, status === 'removed' ? '+++ /dev/null' : `+++ b/${path}`];
  for (const h of diff.hunks) {
    lines.push(paint('@', `@@ ${h.path.length === 0 ? '(top level)' : h.path.join(' › ')} @@`));
    for (const l of h.lines) lines.push(paint(l.op, `${l.op}${l.text}`));
  }
  return lines.join('\n');
}
