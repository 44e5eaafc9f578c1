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

/** The text of `<device>/model.json`. */
export function serializeModel(model: object): string {
  return `${formatValue(model, '')}\n`;
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

// The text grows by concatenation: V8 makes a rope of it, flattened once when the file is
// written, which measured faster than collecting parts in an array and joining them.

function formatValue(value: unknown, indent: string): string {
  if (typeof value !== 'object' || value === null) return scalarText(value) ?? 'null';
  if (Array.isArray(value)) return formatArray(value, indent);
  return formatObject(value as Json, indent);
}

function formatObject(object: Json, indent: string): string {
  const inner = `${indent}  `;
  let text = '';
  for (const key of Object.keys(object)) {
    const v = object[key];
    if (!isSerializable(v)) continue;
    text += (text === '' ? '{\n' : ',\n') + inner + keyPrefix(key) + formatValue(v, inner);
  }
  return text === '' ? '{}' : `${text}\n${indent}}`;
}

function formatArray(array: readonly unknown[], indent: string): string {
  if (!array.some(isComposite)) return JSON.stringify(array);
  const inner = `\n${indent}  `;
  const between = `,${inner}`;
  let text = '[';
  for (let i = 0; i < array.length; i++) text += (i === 0 ? inner : between) + compactValue(array[i]);
  return `${text}\n${indent}]`;
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
