/**
 * `model.json`: a device model as reviewers read it — one list entry per line, so a changed VLAN,
 * neighbor or interface is one changed line in a diff (the format is described in
 * build/device-model.ts's header). The text is JSON; `JSON.parse` reads back the value
 * `JSON.stringify` would have written.
 *
 * - An object prints one key per line, indented two spaces per level; `{}` when empty.
 * - An array whose elements are all scalars (strings, numbers, booleans, null) prints on its key's
 *   line: `[110,120]`; `[]` when empty.
 * - Any other array prints one element per line, each element in the compact style.
 * - Compact style: JSON.stringify's own, the style of `jq -c` — `{"vni":10110,"vlan":110}`.
 *
 * Keys keep the model's own order; LF line ends and one final newline.
 *
 * Speed (a thousand-leaf fabric writes some 260 MB of it): every line is one native
 * JSON.stringify call, and the text of a frozen object is computed once and reused. The build
 * freezes the parts it shares between devices (a network's VLAN, VNI and SVI entries are the same
 * objects on every leaf that carries it: context.ts), so each is formatted once per fabric rather
 * than once per leaf; a frozen object cannot change, so its text cannot go stale. The compact style
 * was `{"vni": 10110, "vlan": 110}`, built member by member in JavaScript: native compact lines
 * made model.json 40 % faster to write (bench/PROFILE.md, round 2).
 */
import { ChunkedText, joinChunks, type TextChunks } from './text-chunks.js';

/** The text of `<device>/model.json`. */
export function serializeModel(model: object): string {
  return joinChunks(serializeModelChunks(model));
}

/** The text of `<device>/model.json` in chunks (text-chunks.ts), as the compile writes it. */
export function serializeModelChunks(model: object): TextChunks {
  const out = new ChunkedText();
  emitValue(model, '', out);
  out.push('\n');
  return out.done();
}

type Json = Readonly<Record<string, unknown>>;

/** Compact text of frozen objects and arrays. */
const frozenText = new WeakMap<object, string>();

/** `"key": `, for each key seen (models have a few dozen). */
const keyPrefixes = new Map<string, string>();

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}: `;
    keyPrefixes.set(key, prefix);
  }
  return prefix;
}

// The text grows by concatenation: V8 makes a rope of it, closed every 64 KB (text-chunks.ts) and
// flattened when the file is written; that measured faster than collecting parts in an array and
// joining them.

function emitValue(value: unknown, indent: string, out: ChunkedText): void {
  if (typeof value !== 'object' || value === null) out.push(scalarText(value) ?? 'null');
  else if (Array.isArray(value)) emitArray(value, indent, out);
  else emitObject(value as Json, indent, out);
}

function emitObject(object: Json, indent: string, out: ChunkedText): void {
  const inner = `${indent}  `;
  let empty = true;
  for (const key of Object.keys(object)) {
    const v = object[key];
    if (!isSerializable(v)) continue;
    out.push((empty ? '{\n' : ',\n') + inner + keyPrefix(key));
    empty = false;
    emitValue(v, inner, out);
  }
  out.push(empty ? '{}' : `\n${indent}}`);
}

function emitArray(array: readonly unknown[], indent: string, out: ChunkedText): void {
  if (!array.some(isComposite)) {
    out.push(JSON.stringify(array));
    return;
  }
  const inner = `\n${indent}  `;
  const between = `,${inner}`;
  out.push('[');
  for (let i = 0; i < array.length; i++) out.push((i === 0 ? inner : between) + compactValue(array[i]));
  out.push(`\n${indent}]`);
}

/** One line, compact. */
function compactValue(value: unknown): string {
  if (!isComposite(value)) return scalarText(value) ?? 'null';
  if (!Object.isFrozen(value)) return JSON.stringify(value);
  let text = frozenText.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    frozenText.set(value, text);
  }
  return text;
}

/** JSON text of a scalar; undefined for what JSON leaves out of objects (undefined, functions, symbols). */
function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return 'null';
    case 'bigint':
      throw new TypeError('a device model holds no BigInt');
    default:
      return undefined;
  }
}

function isComposite(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isSerializable(value: unknown): boolean {
  const t = typeof value;
  return t !== 'undefined' && t !== 'function' && t !== 'symbol';
}
