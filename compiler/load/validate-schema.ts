/**
 * Schema stage: validates the merged raw intent against intent/schema/fabric.schema.json with ajv
 * and turns every ajv error into a coded diagnostic at the key or value it is about. All errors are
 * reported, not the first.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createDiagnostic, relatedInfo, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { SchemaDiagnostics as S } from '../diagnostics/catalogue/index.js';
import type { LoadedIntent } from './load-intent.js';
import type { IntentDocument } from './intent-types.js';
import { fabricSchema } from './schema-source.js';
import { compileSchemaValidator, loadPrecompiledValidator } from './schema-validator.js';
import { suggest } from './suggest.js';

export { suggest };

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= loadPrecompiledValidator() ?? compileSchemaValidator();
  return compiled;
}

/**
 * The part of an intent that is well-formed, when its schema errors are all inside items of the
 * top-level lists (`spines`, `leaves`, `tenants`, `servers`) or are unknown top-level keys: the
 * intent without those items and keys, so resolve can report what else is wrong in the same run.
 * `dropped` are the items left out: resolve counts their names as known (a server on a dropped
 * leaf is not also told the leaf does not exist). Undefined when an error is elsewhere (`fabric`,
 * a list itself, `version`): then resolve has nothing sound to start from.
 */
export interface WellFormedPart {
  readonly value: IntentDocument;
  readonly dropped: Readonly<Record<string, readonly unknown[]>>;
}

const itemLists = new Set(['spines', 'leaves', 'tenants', 'servers']);

/** Checks the intent's shape; returns the typed intent when it conforms, else its well-formed part when there is one. */
export function validateIntent(loaded: LoadedIntent): { value: IntentDocument | undefined; diagnostics: Diagnostic[]; wellFormed?: WellFormedPart | undefined } {
  const validate = validator();
  if (validate(loaded.raw)) return { value: loaded.raw as unknown as IntentDocument, diagnostics: [] };
  // Read before wellFormedPart validates again: ajv keeps the last call's errors on the function.
  const errors = [...(validate.errors ?? [])];
  const wellFormed = wellFormedPart(loaded.raw, errors, validate);
  return { value: undefined, diagnostics: translateErrors(loaded, errors, fabricSchema), wellFormed };
}

/**
 * Checks a loaded YAML document against a schema (region.yaml's: region/load-region.ts) and turns
 * every error into a coded diagnostic at its key or value; the document when it conforms.
 */
export function validateDocument(loaded: LoadedIntent, validate: ValidateFunction, schema: object): { value: object | undefined; diagnostics: Diagnostic[] } {
  if (validate(loaded.raw)) return { value: loaded.raw, diagnostics: [] };
  return { value: undefined, diagnostics: translateErrors(loaded, [...(validate.errors ?? [])], schema) };
}

/** Every ajv error as a diagnostic, each once. */
function translateErrors(loaded: LoadedIntent, errors: readonly ErrorObject[], schema: object): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  // A value of the wrong type (`bond: 5`) also fails its enum or const: the type error says it all.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const error of errors) {
    if ((error.keyword === 'enum' || error.keyword === 'const') && wrongType.has(error.instancePath)) continue;
    const d = translate(loaded, error, schema);
    if (d === undefined) continue;
    const key = `${d.code}|${d.span?.file ?? ''}:${d.span?.line ?? 0}:${d.span?.col ?? 0}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  return diagnostics;
}

function wellFormedPart(raw: Readonly<Record<string, unknown>>, errors: readonly ErrorObject[], validate: ValidateFunction): WellFormedPart | undefined {
  const bad = new Map<string, Set<number>>();
  const unknownKeys = new Set<string>();
  for (const e of errors) {
    const segments = e.instancePath.split('/').slice(1);
    const list = segments[0];
    const index = Number(segments[1]);
    if (list !== undefined && itemLists.has(list) && segments.length >= 2 && Number.isInteger(index)) {
      const set = bad.get(list) ?? new Set<number>();
      set.add(index);
      bad.set(list, set);
      continue;
    }
    const property = (e.params as { additionalProperty?: unknown }).additionalProperty;
    if (e.instancePath === '' && e.keyword === 'additionalProperties' && typeof property === 'string') {
      unknownKeys.add(property);
      continue;
    }
    return undefined;
  }
  const part: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const dropped: Record<string, unknown[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (unknownKeys.has(key)) {
      dropped[key] = [value];
      continue;
    }
    const indexes = bad.get(key);
    if (indexes === undefined || !Array.isArray(value)) {
      part[key] = value;
      continue;
    }
    part[key] = value.filter((_, i) => !indexes.has(i));
    dropped[key] = value.filter((_, i) => indexes.has(i));
  }
  // Without its broken items the intent must conform (a list may now be too short, say).
  if (!validate(part)) return undefined;
  return { value: part as unknown as IntentDocument, dropped };
}

interface Located {
  /** The recorded object holding the value (for spans), when there is one. */
  readonly holder: object | undefined;
  readonly key: string | number | undefined;
  readonly value: unknown;
  /** Readable path of the value. */
  readonly path: string;
}

/** Follows a JSON pointer through the merged intent, mapping merged list items to their file. */
function locate(loaded: LoadedIntent, pointer: string): Located {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let holder: object | undefined;
  let key: string | number | undefined;
  let value: unknown = loaded.raw;
  let path = '';
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    if (i === 0) {
      holder = loaded.owners.get(seg);
      key = seg;
      value = loaded.raw[seg];
      path = seg;
      continue;
    }
    if (i === 1 && Array.isArray(value)) {
      const origin = loaded.itemOrigins.get(segments[0] ?? '')?.[Number(seg)];
      if (origin !== undefined) {
        holder = origin.list;
        key = origin.index;
        value = origin.list[origin.index];
        path = loaded.index.path(origin.list, origin.index);
        if (value !== null && typeof value === 'object') path = loaded.index.path(value);
        continue;
      }
    }
    if (Array.isArray(value)) {
      const n = Number(seg);
      holder = value;
      key = n;
      value = value[n];
    } else if (value !== null && typeof value === 'object') {
      holder = value;
      key = seg;
      value = (value as Record<string, unknown>)[seg];
    } else {
      break;
    }
    path = value !== null && typeof value === 'object' && loaded.index.has(value) ? loaded.index.path(value) : loaded.index.path(holder, key);
  }
  return { holder, key, value, path: path === '' ? '(top level)' : path };
}

function valueSpan(loaded: LoadedIntent, at: Located): Span | undefined {
  if (at.holder === undefined || at.key === undefined) return undefined;
  return loaded.index.valueSpan(at.holder, at.key);
}

function translate(loaded: LoadedIntent, error: ErrorObject, schema: object): Diagnostic | undefined {
  const at = locate(loaded, error.instancePath);
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const prop = String(params['additionalProperty']);
      const allowed = Object.keys(parentSchema['properties'] ?? {});
      const top = error.instancePath === '';
      // The merged top level is no YAML node: its keys live in the file objects that hold them.
      const obj = top ? loaded.owners.get(prop) : (at.value as object);
      const span = (obj === undefined ? undefined : loaded.index.keySpan(obj, prop)) ?? valueSpan(loaded, at);
      const elsewhere = keyOwners(schema).get(prop);
      const hint =
        // A region's file read as a fabric's: clos knows a region by its region.yaml.
        (top && prop === 'region' ? "'region' is the key of a region's file: clos reads a region from the directory that holds it, as region.yaml (not region.yml) beside one directory per fabric; give that directory, not the file" : undefined) ??
        suggest(prop, allowed) ??
        (elsewhere === undefined ? undefined : `'${prop}' is a key of ${elsewhere.join(' or ')}: check this line's indentation`) ??
        `allowed keys: ${allowed.join(', ')}`;
      return createDiagnostic(
        S.unknownKey,
        { span, hint },
        quoteValue(prop),
        top ? 'at the top level' : `in ${at.path}`,
      );
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      if (error.instancePath === '' && missing === 'version') return undefined; // reported by the load stage
      if (error.instancePath === '') return createDiagnostic(S.missingKey, { span: mainFileSpan(loaded) }, missing, 'the intent');
      const span =
        at.holder !== undefined && at.key !== undefined && typeof at.key === 'string'
          ? loaded.index.keySpan(at.holder, at.key)
          : at.value !== null && typeof at.value === 'object'
            ? loaded.index.span(at.value)
            : valueSpan(loaded, at);
      return createDiagnostic(S.missingKey, { span }, missing, at.path);
    }
    case 'type': {
      const expected = String(params['type']);
      return createDiagnostic(S.wrongType, { span: valueSpan(loaded, at), hint: typeHint(expected, at.value) }, at.path, article(expected), describe(at.value));
    }
    case 'minimum':
    case 'maximum': {
      const min = parentSchema['minimum'];
      const max = parentSchema['maximum'];
      return createDiagnostic(S.outOfRange, { span: valueSpan(loaded, at) }, at.path, String(at.value), `${String(min)}..${String(max)}`);
    }
    case 'pattern': {
      const text = String(at.value);
      const unsafe = findUnsafe(text);
      const expected = typeof parentSchema['x-expected'] === 'string' ? parentSchema['x-expected'] : `a value matching ${String(params['pattern'])}`;
      if (unsafe !== undefined) return createDiagnostic(S.unsafeString, { span: valueSpan(loaded, at), hint: `expected ${expected}` }, at.path, unsafe);
      return createDiagnostic(S.invalidFormat, { span: valueSpan(loaded, at), hint: formatHint(text, expected) }, at.path, quoteValue(text), expected);
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const text = typeof at.value === 'string' ? at.value : describe(at.value);
      const unsafe = typeof at.value === 'string' ? findUnsafe(at.value) : undefined;
      if (unsafe !== undefined) return createDiagnostic(S.unsafeString, { span: valueSpan(loaded, at) }, at.path, unsafe);
      return createDiagnostic(S.invalidValue, { span: valueSpan(loaded, at), hint: suggest(text, allowed) }, at.path, quoteValue(text), allowed.join(', '));
    }
    case 'if':
      // An if/then/else value (advertise: a word or a list): the failing branch's own errors say what is wrong.
      return undefined;
    case 'const':
      if (error.instancePath === '/version') {
        const hint = at.value === '1' ? 'write version: 1 without quotes' : undefined;
        return createDiagnostic(S.unsupportedVersion, { span: valueSpan(loaded, at), hint }, typeof at.value === 'number' ? String(at.value) : describe(at.value));
      }
      return createDiagnostic(S.invalidValue, { span: valueSpan(loaded, at) }, at.path, quoteValue(String(at.value)), JSON.stringify(params['allowedValue']));
    case 'minItems':
      return createDiagnostic(S.listSize, { span: valueSpan(loaded, at) }, at.path, `list at least ${String(params['limit'])} item${params['limit'] === 1 ? '' : 's'}`);
    case 'maxItems':
      return createDiagnostic(S.listSize, { span: valueSpan(loaded, at) }, at.path, `list at most ${String(params['limit'])} items`);
    case 'uniqueItems': {
      const list = at.value as unknown[];
      const i = Number(params['i']);
      const j = Number(params['j']);
      const first = Math.min(i, j);
      const later = Math.max(i, j);
      const span = loaded.index.valueSpan(list, later) ?? valueSpan(loaded, at);
      return createDiagnostic(
        S.duplicateListItem,
        { span, related: [relatedInfo('first listed here', loaded.index.valueSpan(list, first))] },
        at.path,
        typeof list[later] === 'string' ? `'${quoteValue(list[later])}'` : describe(list[later]),
      );
    }
    default:
      // Every keyword of fabric.schema.json is handled above (validate-schema.test.ts proves it).
      return createDiagnostic(S.wrongType, { span: valueSpan(loaded, at) }, at.path, 'valid', `${describe(at.value)} (${error.message ?? error.keyword})`);
  }
}

const ownersBySchema = new WeakMap<object, Map<string, string[]>>();

/**
 * Every key of a language and the objects that have it (`leaves` → a network), for misplaced keys:
 * the top level, its mappings (`fabric`, `region`) and theirs, and every object definition.
 */
function keyOwners(from: object): Map<string, string[]> {
  const known = ownersBySchema.get(from);
  if (known !== undefined) return known;
  const owners = new Map<string, string[]>();
  const schema = from as { properties: Record<string, { properties?: Record<string, { properties?: object }> }>; definitions?: Record<string, { type?: string; properties?: object }> };
  const add = (props: object | undefined, owner: string): void => {
    for (const key of Object.keys(props ?? {})) owners.set(key, [...(owners.get(key) ?? []), owner]);
  };
  add(schema.properties, 'the top level');
  for (const [top, section] of Object.entries(schema.properties)) {
    if (section.properties === undefined) continue;
    add(section.properties, top);
    for (const [name, sub] of Object.entries(section.properties)) add(sub.properties, `${top}.${name}`);
  }
  for (const [name, def] of Object.entries(schema.definitions ?? {})) if (def.type === 'object') add(def.properties, definitionPlace(name));
  ownersBySchema.set(from, owners);
  return owners;
}

/** Where the intent has an object of a schema definition, as a hint names it: `an entry of servers[].attach`. */
const definitionPlaces: Readonly<Record<string, string>> = {
  spine: 'a spine (spines[])',
  leaf: 'a leaf (leaves[])',
  uplink: "an entry of a leaf's uplinks",
  tenant: 'a tenant (tenants[])',
  vrf: "a VRF (a tenant's vrfs[])",
  network: "a network (a VRF's networks[])",
  bgpHosts: "a network's bgp_hosts",
  external: "a VRF's external",
  externalPeer: "an entry of a VRF's external.peers",
  server: 'a server (servers[])',
  attachment: "an entry of a server's attach",
};

function definitionPlace(name: string): string {
  const known = definitionPlaces[name];
  if (known !== undefined) return known;
  const words = name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** Where a problem of the whole intent is shown: line 1 of the file that sets `version`, else of the first file. */
function mainFileSpan(loaded: LoadedIntent): Span | undefined {
  const owner = loaded.owners.get('version');
  const file = (owner === undefined ? undefined : loaded.index.file(owner)) ?? loaded.files[0];
  return file === undefined ? undefined : { file, line: 1, col: 1, endLine: 1, endCol: 1 };
}

/** A fix for the common type mistakes: quoted numbers, YAML 1.1 booleans, a mapping for a list. */
function typeHint(expected: string, value: unknown): string | undefined {
  if ((expected === 'integer' || expected === 'number') && typeof value === 'string' && /^\s*-?[0-9]+\s*$/.test(value)) {
    return `write ${value.trim()} without quotes`;
  }
  if (expected === 'boolean' && typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)) {
    return `YAML 1.2 reads '${value}' as text; write ${/^(yes|on|y)$/i.test(value) ? 'true' : 'false'}`;
  }
  if (expected === 'array' && ((value !== null && typeof value === 'object') || typeof value === 'string')) return "start each item with '- ' (or write [a, b])";
  if (expected === 'object' && Array.isArray(value)) return "remove the '- ': this key takes a mapping, not a list";
  if (expected === 'object' && typeof value === 'string') return `write a mapping of keys, e.g. { name: ${quoteValue(value)}, ... }`;
  return undefined;
}

/** A fix for common format mistakes. */
function formatHint(text: string, expected: string): string | undefined {
  if (text !== text.toLowerCase() && /^[A-Za-z][A-Za-z0-9-]*$/.test(text)) return `names are lowercase: '${text.toLowerCase()}'`;
  const address = /^([0-9]{1,3}(\.[0-9]{1,3}){3})(\/[0-9]+)?$/.exec(text);
  if (address !== null && expected.includes('prefix') && address[3] === undefined) return 'a prefix needs its length, e.g. /24';
  if (address !== null && expected.includes('address') && address[3] !== undefined) {
    return `an address has no prefix length: write ${address[1] ?? ''} (the length comes from the subnet)`;
  }
  return undefined;
}

/** A user value for a message: at most 60 characters. */
export function quoteValue(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function article(type: string): string {
  const names: Record<string, string> = { integer: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', array: 'a list', object: 'a mapping', null: 'empty' };
  // ajv joins the types of a value that may be one of several (`string,array`).
  const types = type.split(',');
  if (types.length > 1) return `${types.slice(0, -1).map((t) => names[t] ?? t).join(', ')} or ${names[types.at(-1) ?? ''] ?? type}`;
  return names[type] ?? type;
}

export function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number' && !Number.isInteger(value)) return `the number ${value}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

/** Names the characters (at most three) that must never reach a configuration file, if any. */
export function findUnsafe(text: string): string | undefined {
  const found: string[] = [];
  for (const ch of text) {
    const what = unsafeCharacter(ch);
    if (what === undefined || found.includes(what)) continue;
    found.push(what);
    if (found.length === 3) break;
  }
  if (found.length === 0) return undefined;
  return found.length === 1 ? found[0] : `${found.slice(0, -1).join(', ')} and ${found.at(-1) ?? ''}`;
}

function unsafeCharacter(ch: string): string | undefined {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 10) return 'a newline';
  if (code === 13) return 'a carriage return';
  if (code === 9) return 'a tab';
  if (code < 32 || code === 127) return `a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
  if (code > 126) return `a non-ASCII character '${ch}' (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
  if (ch === ' ') return 'a space';
  if ('!#"\'`$;&|<>\\(){}*?~[]^%='.includes(ch)) return `'${ch}'`;
  return undefined;
}
