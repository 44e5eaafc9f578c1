/**
 * Hand edits of device models, as a person would make them in a build directory: set, remove or
 * append at a JSON pointer whose segments may select a list element by a field
 * (`/bgp/neighbors/[address=10.1.0.0]/remoteAs`); or, for unit tests, a function that edits a
 * model.json typed as the model (`editModels`).
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { serializeModel } from '../compiler/render/model-json.js';
import { parseDeviceModel } from '../verify/read-model.js';

/** A model.json as a person edits it: the model's shape, nothing read-only, any string or number where the model has a literal. */
export type Editable<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer U)[]
        ? Editable<U>[]
        : T extends object
          ? { -readonly [K in keyof T]: Editable<T[K]> }
          : T;

/**
 * The models with those of `devices` edited by `edit` on their model.json, then read back as
 * `clos verify <dir>` reads them (verify/read-model.ts).
 */
export function editModels(models: readonly DeviceModel[], devices: readonly string[], edit: (m: Editable<DeviceModel>) => void): DeviceModel[] {
  return models.map((m) => {
    if (!devices.includes(m.name)) return m;
    const json = JSON.parse(serializeModel(m)) as Editable<DeviceModel>;
    edit(json);
    const parsed = parseDeviceModel(JSON.stringify(json), `${m.name}/model.json`);
    if (!('model' in parsed)) throw new Error(parsed.diagnostic.message);
    return parsed.model;
  });
}

/** The element of a list that `pick` selects; a test error when none does. */
export function find<T>(list: readonly T[], pick: (x: T) => boolean): T {
  const found = list.find(pick);
  if (found === undefined) throw new Error('no such element in the model');
  return found;
}
export interface ModelEdit {
  readonly device: string;
  readonly op: 'set' | 'remove' | 'append';
  readonly path: string;
  readonly value?: unknown;
}

type Json = Record<string, unknown> | unknown[];

export function applyEdit(model: unknown, edit: ModelEdit): void {
  const segments = edit.path.split('/').slice(1);
  const last = segments.pop();
  if (last === undefined) throw new Error(`edit path '${edit.path}' is empty`);
  let node: unknown = model;
  for (const seg of segments) node = step(node, seg, edit.path);
  const container = node as Json;
  if (edit.op === 'append') {
    const list = step(container, last, edit.path);
    if (!Array.isArray(list)) throw new Error(`${edit.path} is not a list`);
    list.push(structuredClone(edit.value));
    return;
  }
  if (Array.isArray(container)) {
    const index = indexOf(container, last, edit.path);
    if (edit.op === 'remove') container.splice(index, 1);
    else container[index] = structuredClone(edit.value);
    return;
  }
  if (!(last in container)) throw new Error(`${edit.path}: no key '${last}'`);
  if (edit.op === 'remove') Reflect.deleteProperty(container, last);
  else container[last] = structuredClone(edit.value);
}

function step(node: unknown, seg: string, path: string): unknown {
  if (Array.isArray(node)) return node[indexOf(node, seg, path)];
  if (node !== null && typeof node === 'object' && seg in node) return (node as Record<string, unknown>)[seg];
  throw new Error(`${path}: no '${seg}'`);
}

function indexOf(list: readonly unknown[], seg: string, path: string): number {
  const select = /^\[([A-Za-z0-9]+)=(.*)\]$/.exec(seg);
  if (select !== null) {
    const [, key = '', want = ''] = select;
    const i = list.findIndex((x) => x !== null && typeof x === 'object' && String((x as Record<string, unknown>)[key]) === want);
    if (i < 0) throw new Error(`${path}: no element with ${key}=${want}`);
    return i;
  }
  const i = Number(seg);
  if (!Number.isInteger(i) || i < 0 || i >= list.length) throw new Error(`${path}: no element ${seg}`);
  return i;
}
