/**
 * Deterministic mutations of an intent for the robustness corpus: the mistakes of someone editing it
 * (keys deleted, types changed, items duplicated, values swapped or hostile) and the accidents of
 * editors and transfers (truncation, garbage bytes, lines deleted, duplicated, re-indented, swapped).
 */
import { parse, stringify } from 'yaml';
import type { IntentSource } from '../compiler/load/load-intent.js';

/** mulberry32: a small deterministic PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rnd = () => number;
export const pick = <T>(rnd: Rnd, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

const hostileValues: readonly unknown[] = [
  0, -1, 1.5, 4095, 65535, 23456, 4294967296, 16777216, 1e21, '', ' ', 'x'.repeat(300), 'leaf1\nhostname evil', 'a!b', 'a#b', 'a"b', "a'b", '$(reboot)', '`id`',
  'l\u0435af1', '\u202eevil', '{{#each}}', '../../etc/passwd', '10.0.0.0/33', '10.0.0.1/24', '300.1.1.1', 'tag:', 'label:', 'all', 'tag:nope', null, true, false, [], {}, [1, 2], { a: 1 },
  '0110', 'yes', 'frr', 'access',
];

/** Every path to a value in a parsed YAML document. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  if (prefix.length > 0) out.push(prefix);
  return out;
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path.at(-1);
  if (key === undefined) return;
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else if (parent !== null && typeof parent === 'object') Reflect.set(parent, key, value);
}

function deleteAt(root: unknown, path: readonly (string | number)[]): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path.at(-1);
  if (key === undefined) return;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (parent !== null && typeof parent === 'object') Reflect.deleteProperty(parent, key);
}

/** Mutations of a file's data: the mistakes of someone editing the intent. */
const dataMutations: readonly ((data: unknown, rnd: Rnd) => string)[] = [
  (data, rnd) => {
    const p = pick(rnd, paths(data));
    deleteAt(data, p);
    return `delete ${p.join('.')}`;
  },
  (data, rnd) => {
    const p = pick(rnd, paths(data));
    const v = pick(rnd, hostileValues);
    setAt(data, p, structuredClone(v));
    return `set ${p.join('.')} = ${JSON.stringify(v)}`;
  },
  (data, rnd) => {
    const lists = paths(data).filter((p) => Array.isArray(getAt(data, p)) && (getAt(data, p) as unknown[]).length > 0);
    if (lists.length === 0) return 'no list';
    const p = pick(rnd, lists);
    const list = getAt(data, p) as unknown[];
    list.push(structuredClone(pick(rnd, list)));
    return `duplicate an item of ${p.join('.')}`;
  },
  (data, rnd) => {
    const scalars = paths(data).filter((p) => { const v = getAt(data, p); return v === null || typeof v !== 'object'; });
    if (scalars.length < 2) return 'no scalars';
    const a = pick(rnd, scalars);
    const b = pick(rnd, scalars);
    const va = getAt(data, a);
    setAt(data, a, getAt(data, b));
    setAt(data, b, va);
    return `swap ${a.join('.')} and ${b.join('.')}`;
  },
  (data, rnd) => {
    const p = pick(rnd, paths(data));
    const v = getAt(data, p);
    const changed: unknown =
      typeof v === 'number' ? String(v) : typeof v === 'string' ? (Number.isNaN(Number(v)) ? v.length : Number(v)) : Array.isArray(v) ? { item: v[0] as unknown } : v !== null && typeof v === 'object' ? Object.values(v) : 'text';
    setAt(data, p, changed);
    return `change the type of ${p.join('.')}`;
  },
];

/** Mutations of a file's text: the accidents of editors, copies and transfers. */
const textMutations: readonly ((text: string, rnd: Rnd) => { text: string | Uint8Array; what: string })[] = [
  (text, rnd) => {
    const at = Math.floor(rnd() * text.length);
    return { text: text.slice(0, at), what: `truncate at ${at}` };
  },
  (text, rnd) => {
    const at = Math.floor(rnd() * text.length);
    const garbage = Uint8Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => pick(rnd, [0x00, 0x07, 0x09, 0x0d, 0x1b, 0x22, 0x26, 0x2a, 0x21, 0x3a, 0x5b, 0x7b, 0x7c, 0x3e, 0x25, 0x40, 0x60, 0x80, 0xc3, 0xfe, 0xff, 0x23, 0x2d, 0x20]));
    const bytes = Buffer.from(text, 'utf8');
    return { text: Buffer.concat([bytes.subarray(0, at), garbage, bytes.subarray(at)]), what: `insert ${Buffer.from(garbage).toString('hex')} at byte ${at}` };
  },
  (text, rnd) => {
    const lines = text.split('\n');
    const i = Math.floor(rnd() * lines.length);
    lines.splice(i, 1);
    return { text: lines.join('\n'), what: `delete line ${i + 1}` };
  },
  (text, rnd) => {
    const lines = text.split('\n');
    const i = Math.floor(rnd() * lines.length);
    lines.splice(i, 0, lines[i] ?? '');
    return { text: lines.join('\n'), what: `duplicate line ${i + 1}` };
  },
  (text, rnd) => {
    const lines = text.split('\n');
    const i = Math.floor(rnd() * lines.length);
    const line = lines[i] ?? '';
    lines[i] = rnd() < 0.5 ? `${pick(rnd, [' ', '  ', '\t', '    '])}${line}` : line.replace(/^ {1,2}/, '');
    return { text: lines.join('\n'), what: `re-indent line ${i + 1}` };
  },
  (text) => ({ text: text.replace(/\n/g, '\r\n'), what: 'CRLF line endings' }),
  (text, rnd) => {
    const lines = text.split('\n');
    const i = Math.floor(rnd() * lines.length);
    const j = Math.floor(rnd() * lines.length);
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return { text: lines.join('\n'), what: `swap lines ${i + 1} and ${j + 1}` };
  },
];

/** One mutation of one file of an intent, chosen by the seed: the files and what was done. */
export function mutateIntent(original: readonly IntentSource[], seed: number): { files: Map<string, string | Uint8Array>; what: string } {
  const rnd = random(seed);
  const files = new Map<string, string | Uint8Array>(original.map((s) => [s.name, s.text]));
  const target = pick(rnd, original);
  let what: string;
  if (rnd() < 0.5) {
    const data: unknown = parse(target.text);
    what = pick(rnd, dataMutations)(data, rnd);
    files.set(target.name, stringify(data));
  } else {
    const mutated = pick(rnd, textMutations)(target.text, rnd);
    what = mutated.what;
    files.set(target.name, mutated.text);
  }
  return { files, what: `seed ${seed}, ${target.name}: ${what}` };
}
