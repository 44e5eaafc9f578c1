/**
 * `model.json`: a device model as reviewers read it — one list entry per line, so a changed VLAN,
 * neighbor or interface is one changed line in a diff (the format is described in
 * build/device-model.ts's header). The text is JSON; `JSON.parse` reads back the value
 * `JSON.stringify` would have written.
 *
 * - An object prints one key per line, indented two spaces per level; `{}` when empty.
 * - An array whose elements are all scalars (strings, numbers, booleans, null) prints on its key's
 *   line: `[110, 120]`; `[]` when empty.
 * - Any other array prints one element per line, each element in the compact style.
 * - Compact style: the whole value on one line, `", "` between elements and members, `": "` after
 *   keys — `{"vni": 10110, "vlan": 110, "network": "web"}`.
 *
 * Strings are escaped by JSON.stringify, numbers are written as JSON.stringify writes them, keys
 * keep the model's own order; LF line ends and one final newline.
 */

/** The text of `<device>/model.json`. */
export function serializeModel(model: object): string {
  return `${formatValue(model, '')}\n`;
}

/** `value` in the one-entry-per-line format, its first line unindented, the rest at `indent`. */
export function formatValue(value: unknown, indent: string): string {
  if (typeof value !== 'object' || value === null) return compactValue(value) ?? 'null';
  if (Array.isArray(value)) return formatArray(value, indent);
  return formatObject(value as Readonly<Record<string, unknown>>, indent);
}

function formatObject(object: Readonly<Record<string, unknown>>, indent: string): string {
  const inner = `${indent}  `;
  let out = '';
  for (const key of Object.keys(object)) {
    const v = object[key];
    if (!isSerializable(v)) continue;
    out += `${out === '' ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: ${formatValue(v, inner)}`;
  }
  return out === '' ? '{}' : `${out}\n${indent}}`;
}

function formatArray(array: readonly unknown[], indent: string): string {
  if (array.length === 0) return '[]';
  if (!array.some((e) => typeof e === 'object' && e !== null)) return compactArray(array);
  const inner = `${indent}  `;
  let out = '[\n';
  for (let i = 0; i < array.length; i++) out += `${i === 0 ? '' : ',\n'}${inner}${compactValue(array[i]) ?? 'null'}`;
  return `${out}\n${indent}]`;
}

/** One line; undefined for what JSON leaves out (undefined, functions, symbols). */
function compactValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? compactArray(value) : compactObject(value as Readonly<Record<string, unknown>>);
    case 'bigint':
      throw new TypeError('a device model holds no BigInt');
    default:
      return undefined;
  }
}

function compactArray(array: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) out += `${i === 0 ? '' : ', '}${compactValue(array[i]) ?? 'null'}`;
  return `${out}]`;
}

function compactObject(object: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const key of Object.keys(object)) {
    const v = compactValue(object[key]);
    if (v === undefined) continue;
    out += `${out === '' ? '{' : ', '}${JSON.stringify(key)}: ${v}`;
  }
  return out === '' ? '{}' : `${out}}`;
}

function isSerializable(value: unknown): boolean {
  const t = typeof value;
  return t !== 'undefined' && t !== 'function' && t !== 'symbol';
}
