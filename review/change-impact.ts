/**
 * The change impact of an intent change: two compiled fabrics (before and after) in, what a
 * reviewer needs out — which devices change, are added or removed; how many lines each file gains
 * and loses; which VNIs, VLANs, VRFs, Ethernet segments, port-channels, BGP sessions and addresses
 * appear, disappear or move between devices, and which port-channels and servers change (members,
 * VLANs, attachment…); which verification findings the change introduces or fixes; and the
 * stanza-aware diff of every changed file. Pure: the CLI compiles both sides and renders the result.
 */
import type { DeviceModel, LagInterface, ServerInterface } from '../compiler/build/device-model.js';
import { compareText } from './compare-output.js';
import { describeFilter } from '../verify/analysis/route-filters.js';
import { compareFindings, type FindingChanges, type VerifyDevices, type VerifySettings } from './findings.js';
import { compareSettings, type RecordedFileMismatch, type SettingChange } from './manifest-review.js';
import { diffFile, type FileDiff } from './stanza-diff.js';

/** One compiled fabric: every output file, and the device models they came from. */
export interface CompiledSide {
  /** How the side is named in reports: `build/q`, `origin/main`, `working tree`. */
  readonly label: string;
  /** Output path (`<device>/<file>`, `manifest.json`) → content. */
  readonly files: ReadonlyMap<string, string>;
  readonly devices: readonly DeviceModel[];
  /** Undefined when the side does not say (a directory without manifest.json). */
  readonly verify: VerifySettings | undefined;
  /**
   * A build directory's files that are not what its manifest records (manifest-review.ts
   * checkRecordedFiles); absent for a side compiled in memory.
   */
  readonly recordedFiles?: readonly RecordedFileMismatch[] | undefined;
}

/** A side from files compiled in memory (`renderOutput`) and their device models. */
export function sideFromOutput(
  label: string,
  files: readonly { readonly path: string; readonly content: string }[],
  devices: readonly DeviceModel[],
  verify: VerifySettings | undefined,
): CompiledSide {
  return { label, files: new Map(files.map((f) => [f.path, f.content])), devices, verify };
}

export interface FileChange {
  /** `<device>/<file>` */
  readonly path: string;
  readonly status: 'changed' | 'added' | 'removed';
  readonly diff: FileDiff;
}

export interface DeviceChange {
  readonly name: string;
  readonly role: string;
  readonly status: 'changed' | 'added' | 'removed';
  readonly added: number;
  readonly removed: number;
  readonly files: readonly FileChange[];
}

export type EntityKind = 'vni' | 'vlan' | 'vrf' | 'segment' | 'lag' | 'session' | 'address' | 'policy' | 'server';

export interface EntityChange {
  readonly kind: EntityKind;
  /** What the entity is, e.g. `VNI 10110 (L2, VLAN 110, network web)`, `server hv01`. */
  readonly label: string;
  /**
   * `added`: exists only after; `removed`: only before; `moved`: on other devices than before;
   * `changed` (servers, port-channels): one of its fields differs (`before` and `after` say which;
   * for a port-channel `changes` says on which devices), and it may be on other devices too.
   */
  readonly change: 'added' | 'removed' | 'moved' | 'changed';
  /** Devices that gain the entity (all devices that have it, for `added`). */
  readonly devicesAdded: readonly string[];
  /** Devices that lose it (all devices that had it, for `removed`). */
  readonly devicesRemoved: readonly string[];
  /**
   * Servers and port-channels: the fields before and after the change (absent on the side that has
   * none). A port-channel's field that differs between its devices reads `leaf1 swp1, leaf2 swp3`.
   */
  readonly before?: EntityFields;
  readonly after?: EntityFields;
  /** Port-channels: each field that changed on a device it stays on, and those devices. */
  readonly changes?: readonly FieldChange[];
}

/** An entity's fields as a reviewer reads them: field name → value as text. */
export type EntityFields = Readonly<Record<string, string>>;

/** A server as a reviewer sees it, one entry per field of `serverFields`. */
export type ServerFields = EntityFields;

/** One field of an entity that changed, from one value to another, on these devices. */
export interface FieldChange {
  readonly field: string;
  readonly before: string;
  readonly after: string;
  readonly devices: readonly string[];
}

/**
 * The fields of a port-channel a review compares on each leaf it is on; its identity is its name
 * and its server, so a member that moves or a VLAN the server gains changes the port-channel
 * rather than replacing it. `title` is how text names the field.
 */
export const lagFields: readonly { readonly name: string; readonly title: string; readonly read: (lag: LagInterface) => string }[] = [
  { name: 'members', title: 'members', read: (l) => l.members.join(', ') },
  { name: 'mode', title: 'mode', read: (l) => l.mode },
  { name: 'vlans', title: 'VLANs', read: (l) => l.vlans.join(',') },
  { name: 'mtu', title: 'MTU', read: (l) => String(l.mtu) },
];

/**
 * The fields of a server a review compares, read from its ports in the device models (all ports
 * of one server carry the same networks, mode and bond). Adding a field is one entry here.
 */
export const serverFields: readonly { readonly name: string; readonly read: (ports: readonly ServerPortOn[]) => string }[] = [
  { name: 'attach', read: (ports) => ports.map((p) => `${p.device} ${p.port.name}`).join(', ') },
  { name: 'networks', read: (ports) => ports[0]?.networks ?? '' },
  { name: 'mode', read: (ports) => ports[0]?.port.mode ?? '' },
  { name: 'bond', read: (ports) => bondText(ports[0]?.port) },
];

/** `lacp (Port-Channel5)`, `active-backup`, `none`. */
function bondText(port: ServerInterface | undefined): string {
  if (port === undefined) return '';
  return port.lag === null ? port.bond : `${port.bond} (${port.lag})`;
}

/** One port of a server on one leaf, with its networks as `name (VLAN)` text. */
export interface ServerPortOn {
  readonly device: string;
  readonly port: ServerInterface;
  readonly networks: string;
}

export type VerificationResult = { readonly ran: false } | ({ readonly ran: true } & FindingChanges);

export interface ChangeImpact {
  readonly before: string;
  readonly after: string;
  /** Changed, added and removed devices, in the after side's device order (removed ones last). */
  readonly devices: readonly DeviceChange[];
  readonly unchangedDevices: number;
  readonly entities: readonly EntityChange[];
  readonly verification: VerificationResult;
  /** Fabric-wide settings the manifests record that differ (the verification settings among them). */
  readonly settings: readonly SettingChange[];
  /** Files of a build directory (either side) edited, removed or added after clos wrote it. */
  readonly manifestMismatches: readonly ManifestMismatch[];
}

/** A file of one side's build directory that is not what its manifest records. */
export interface ManifestMismatch extends RecordedFileMismatch {
  readonly side: 'before' | 'after';
  /** The device whose file it is; undefined for a file outside every device's directory. */
  readonly device: string | undefined;
}

export interface ImpactOptions {
  /** Runs the verifier on each side; absent when it is not available. */
  readonly verify?: VerifyDevices | undefined;
}

export function computeImpact(before: CompiledSide, after: CompiledSide, options: ImpactOptions = {}): ChangeImpact {
  return {
    before: before.label,
    after: after.label,
    ...compareDevices(before, after),
    entities: [...compareEntities(before.devices, after.devices), ...compareServers(before.devices, after.devices)],
    verification: runVerification(before, after, options.verify),
    settings: compareSettings(before.files, after.files),
    manifestMismatches: [
      ...(before.recordedFiles ?? []).map((m) => ({ side: 'before' as const, device: deviceOf(m.path), ...m })),
      ...(after.recordedFiles ?? []).map((m) => ({ side: 'after' as const, device: deviceOf(m.path), ...m })),
    ],
  };
}

function runVerification(before: CompiledSide, after: CompiledSide, verify: VerifyDevices | undefined): VerificationResult {
  if (verify === undefined) return { ran: false };
  const fallback = after.verify ?? before.verify ?? { hopLimit: 2, failures: 1 };
  const a = verify(before.devices, before.verify ?? fallback);
  const b = verify(after.devices, after.verify ?? fallback);
  return { ran: true, ...compareFindings(a, b) };
}

/** `<device>/<file>` → device; top-level files (manifest.json) belong to no device. */
function deviceOf(path: string): string | undefined {
  const slash = path.indexOf('/');
  return slash < 0 ? undefined : path.slice(0, slash);
}

function compareDevices(before: CompiledSide, after: CompiledSide): { devices: DeviceChange[]; unchangedDevices: number } {
  const order: { name: string; role: string }[] = [];
  const seen = new Set<string>();
  for (const d of [...after.devices, ...before.devices]) {
    if (seen.has(d.name)) continue;
    seen.add(d.name);
    order.push({ name: d.name, role: d.role });
  }
  // Devices known only from their files (a directory whose model.json is missing).
  for (const path of [...after.files.keys(), ...before.files.keys()].sort(compareText)) {
    const device = deviceOf(path);
    if (device === undefined || seen.has(device)) continue;
    seen.add(device);
    order.push({ name: device, role: 'unknown' });
  }
  const index = (side: CompiledSide): Map<string, string[]> => {
    const byDevice = new Map<string, string[]>();
    for (const p of side.files.keys()) {
      const device = deviceOf(p);
      if (device === undefined) continue;
      const list = byDevice.get(device) ?? [];
      list.push(p);
      byDevice.set(device, list);
    }
    return byDevice;
  };
  const beforeFiles = index(before);
  const afterFiles = index(after);
  const afterNames = new Set([...after.devices.map((d) => d.name), ...afterFiles.keys()]);
  const beforeNames = new Set([...before.devices.map((d) => d.name), ...beforeFiles.keys()]);
  const changes: DeviceChange[] = [];
  const removedDevices: DeviceChange[] = [];
  let unchangedDevices = 0;
  for (const { name, role } of order) {
    const paths = [...new Set([...(beforeFiles.get(name) ?? []), ...(afterFiles.get(name) ?? [])])].sort(compareFileOrder);
    const files: FileChange[] = [];
    for (const path of paths) {
      const a = before.files.get(path);
      const b = after.files.get(path);
      if (a === b) continue;
      const diff = diffFile(path, a, b);
      if (diff.hunks.length === 0) continue; // only reordered: no change a reviewer needs to see
      files.push({ path, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', diff });
    }
    const status = !beforeNames.has(name) ? 'added' : !afterNames.has(name) ? 'removed' : 'changed';
    if (files.length === 0 && status === 'changed') {
      unchangedDevices++;
      continue;
    }
    const change: DeviceChange = {
      name,
      role,
      status,
      added: files.reduce((n, f) => n + f.diff.added, 0),
      removed: files.reduce((n, f) => n + f.diff.removed, 0),
      files,
    };
    if (status === 'removed') removedDevices.push(change);
    else changes.push(change);
  }
  return { devices: [...changes, ...removedDevices], unchangedDevices };
}

/** Configuration files first, model.json last: reviewers read configs. */
function compareFileOrder(a: string, b: string): number {
  const rank = (p: string): number => (p.endsWith('/model.json') ? 1 : 0);
  return rank(a) - rank(b) || compareText(a, b);
}

interface Entity {
  readonly kind: EntityKind;
  readonly label: string;
  /** What may change on a device while the entity stays the same one (port-channels: lagFields). */
  readonly fields?: EntityFields;
}

/** The fabric-level things one device takes part in; a label is the entity's identity, its fields are not. */
export function entitiesOf(device: DeviceModel): Entity[] {
  const out: Entity[] = [];
  // A network's MTU is a field of its VNI: changing it changes the VNI on every leaf, not replaces it.
  for (const v of device.vxlan?.l2vnis ?? []) out.push({ kind: 'vni', label: `VNI ${v.vni} (L2, VLAN ${v.vlan}, network ${v.network})`, fields: { mtu: String(v.mtu) } });
  for (const v of device.vxlan?.l3vnis ?? []) out.push({ kind: 'vni', label: `VNI ${v.vni} (L3, VLAN ${v.vlan}, VRF ${v.vrf})` });
  for (const v of device.vlans) out.push({ kind: 'vlan', label: `VLAN ${v.id} (${v.kind === 'l2' ? `network ${v.network ?? v.name}` : `L3VNI of VRF ${v.vrf}`})` });
  for (const v of device.vrfs) out.push({ kind: 'vrf', label: `VRF ${v.name} (tenant ${v.tenant}, L3VNI ${v.l3vni})` });
  for (const l of device.interfaces.lags) {
    if (l.segment !== null) out.push({ kind: 'segment', label: `Ethernet segment ${l.segment.esi} (server ${l.server}, system MAC ${l.segment.systemMac}, leaves ${l.segment.leaves.join(' and ')})` });
    const fields: Record<string, string> = {};
    for (const f of lagFields) fields[f.name] = f.read(l);
    out.push({ kind: 'lag', label: `${l.name} of server ${l.server}`, fields });
  }
  for (const n of device.bgp.neighbors) {
    const here = { name: device.name, address: n.localAddress, asn: device.bgp.asn };
    const there = { name: n.peer, address: n.address, asn: n.remoteAs };
    const [x, y] = compareText(here.name, there.name) <= 0 ? [here, there] : [there, here];
    out.push({ kind: 'session', label: `${n.purpose} ${x.name} ${x.address} AS${x.asn} – ${y.name} ${y.address} AS${y.asn}` });
  }
  // The VRFs' sessions outside the fabric: external routers, and the hosts that speak BGP; and the
  // policy of each, which is what a border change is reviewed for.
  for (const v of device.bgp.vrfs) {
    for (const n of v.neighbors) out.push({ kind: 'session', label: `external ${device.name} ${n.localAddress} AS${device.bgp.asn} – ${n.address} AS${n.remoteAs} (VRF ${v.vrf}, ${n.interface})` });
    for (const r of v.listenRanges) out.push({ kind: 'session', label: `hosts of ${r.network} (${r.prefix}, AS${r.remoteAs}) – ${device.name} ${r.localAddress} (VRF ${v.vrf})` });
    for (const g of v.peerGroups) {
      out.push({
        kind: 'policy',
        label: `${g.name} (VRF ${v.vrf}): accepts ${describeFilter(device.routingPolicy, g.routeMapIn)}; announces ${describeFilter(device.routingPolicy, g.routeMapOut)}; at most ${g.maximumPrefix} prefixes a session`,
      });
    }
  }
  const i = device.interfaces;
  const addresses: { address: string; where: string }[] = [
    { address: i.loopback0.address, where: `${i.loopback0.name} (${i.loopback0.purpose})` },
    ...(i.vtep === null ? [] : [{ address: i.vtep.address, where: `${i.vtep.name} (${i.vtep.purpose})` }]),
    ...i.fabric.map((f) => ({ address: f.address, where: f.name })),
    ...i.svis.map((s) => ({ address: s.address, where: `${s.name} (VRF ${s.vrf}, anycast gateway of ${s.network})` })),
    // The leaf's own address: where the network has BGP hosts, their session address.
    ...i.svis.flatMap((s) => {
      const own = s.sessionAddress ?? s.ownAddress ?? null;
      if (own === null) return [];
      return [{ address: own, where: `${s.name} (VRF ${s.vrf}, ${s.sessionAddress === null ? "the leaf's own address in" : 'session address for the BGP hosts of'} ${s.network})` }];
    }),
    ...i.subinterfaces.map((s) => ({ address: s.address, where: `${s.name} (VRF ${s.vrf}, hand-off to ${s.peer.address} AS${s.peer.asn})` })),
  ];
  for (const a of addresses) out.push({ kind: 'address', label: `${a.address} on ${a.where}` });
  return out;
}

const kindOrder: readonly EntityKind[] = ['vni', 'vlan', 'vrf', 'segment', 'lag', 'session', 'address', 'policy', 'server'];

/** Every server of a side, by name, with its fields and the leaves it is on. */
function serversOf(devices: readonly DeviceModel[]): Map<string, { fields: ServerFields; devices: string[] }> {
  const ports = new Map<string, ServerPortOn[]>();
  for (const d of devices) {
    const vlanOf = new Map(d.vlans.map((v) => [v.network ?? v.name, v.id]));
    for (const port of d.interfaces.servers) {
      const networks = port.networks.map((n) => `${n} (${vlanOf.get(n) ?? '?'})`).join(', ');
      const list = ports.get(port.server) ?? [];
      list.push({ device: d.name, port, networks });
      ports.set(port.server, list);
    }
  }
  const out = new Map<string, { fields: ServerFields; devices: string[] }>();
  for (const [name, list] of ports) {
    list.sort((a, b) => compareText(a.device, b.device) || a.port.port - b.port.port);
    const fields: Record<string, string> = {};
    for (const f of serverFields) fields[f.name] = f.read(list);
    out.set(name, { fields, devices: [...new Set(list.map((p) => p.device))] });
  }
  return out;
}

/** Servers added, removed, or with a field changed (attach, networks, mode, …). */
function compareServers(before: readonly DeviceModel[], after: readonly DeviceModel[]): EntityChange[] {
  const a = serversOf(before);
  const b = serversOf(after);
  const out: EntityChange[] = [];
  const changeRank = { removed: 0, added: 1, moved: 2, changed: 2 } as const;
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(name);
    const is = b.get(name);
    if (was !== undefined && is !== undefined && serverFields.every((f) => was.fields[f.name] === is.fields[f.name])) continue;
    const wasOn = new Set(was?.devices ?? []);
    const isOn = new Set(is?.devices ?? []);
    out.push({
      kind: 'server',
      label: `server ${name}`,
      change: was === undefined ? 'added' : is === undefined ? 'removed' : 'changed',
      devicesAdded: [...isOn].filter((d) => !wasOn.has(d)),
      devicesRemoved: [...wasOn].filter((d) => !isOn.has(d)),
      ...(was === undefined ? {} : { before: was.fields }),
      ...(is === undefined ? {} : { after: is.fields }),
    });
  }
  return out.sort((x, y) => changeRank[x.change] - changeRank[y.change] || compareText(sortKey(x.label), sortKey(y.label)));
}

/** One entity on each device of a side that has it, with its fields there. */
type EntityIndex = Map<string, { kind: EntityKind; devices: Map<string, EntityFields | undefined> }>;

function compareEntities(before: readonly DeviceModel[], after: readonly DeviceModel[]): EntityChange[] {
  const index = (devices: readonly DeviceModel[]): EntityIndex => {
    const map: EntityIndex = new Map();
    for (const d of devices) {
      for (const e of entitiesOf(d)) {
        const k = `${e.kind}\u0000${e.label}`;
        const entry = map.get(k) ?? { kind: e.kind, devices: new Map<string, EntityFields | undefined>() };
        entry.devices.set(d.name, e.fields);
        map.set(k, entry);
      }
    }
    return map;
  };
  const a = index(before);
  const b = index(after);
  const order = deviceOrder([...after, ...before]);
  const sortDevices = (names: Iterable<string>): string[] => [...names].sort((x, y) => (order.get(x) ?? 0) - (order.get(y) ?? 0) || compareText(x, y));
  const out: EntityChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const label = key.slice(key.indexOf('\u0000') + 1);
    const was = a.get(key);
    const is = b.get(key);
    const kind = (is ?? was)?.kind;
    if (kind === undefined) continue;
    const wasOn = was?.devices ?? new Map<string, EntityFields | undefined>();
    const isOn = is?.devices ?? new Map<string, EntityFields | undefined>();
    const gained = sortDevices([...isOn.keys()].filter((d) => !wasOn.has(d)));
    const lost = sortDevices([...wasOn.keys()].filter((d) => !isOn.has(d)));
    const changes = fieldChanges(wasOn, isOn, sortDevices);
    if (gained.length === 0 && lost.length === 0 && changes.length === 0) continue;
    const change = was === undefined ? 'added' : is === undefined ? 'removed' : changes.length > 0 ? 'changed' : 'moved';
    const fieldsBefore = was === undefined ? undefined : mergeFields(wasOn, sortDevices);
    const fieldsAfter = is === undefined ? undefined : mergeFields(isOn, sortDevices);
    out.push({
      kind,
      label,
      change,
      devicesAdded: gained,
      devicesRemoved: lost,
      ...(fieldsBefore === undefined ? {} : { before: fieldsBefore }),
      ...(fieldsAfter === undefined ? {} : { after: fieldsAfter }),
      ...(changes.length === 0 ? {} : { changes }),
    });
  }
  const changeRank = { removed: 0, added: 1, moved: 2, changed: 2 } as const;
  return out.sort(
    (x, y) =>
      kindOrder.indexOf(x.kind) - kindOrder.indexOf(y.kind) ||
      changeRank[x.change] - changeRank[y.change] ||
      compareText(sortKey(x.label), sortKey(y.label)),
  );
}

/** The fields that differ on the devices that have the entity on both sides, grouped by field and values, in field order. */
function fieldChanges(was: ReadonlyMap<string, EntityFields | undefined>, is: ReadonlyMap<string, EntityFields | undefined>, sortDevices: (names: Iterable<string>) => string[]): FieldChange[] {
  const groups = new Map<string, { field: string; before: string; after: string; devices: string[] }>();
  for (const device of sortDevices([...is.keys()].filter((d) => was.has(d)))) {
    const before = was.get(device) ?? {};
    const after = is.get(device) ?? {};
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const from = before[field] ?? '';
      const to = after[field] ?? '';
      if (from === to) continue;
      const k = `${field}\u0000${from}\u0000${to}`;
      const group = groups.get(k) ?? { field, before: from, after: to, devices: [] };
      group.devices.push(device);
      groups.set(k, group);
    }
  }
  const fieldOrder = lagFields.map((f) => f.name);
  return [...groups.values()].sort((x, y) => fieldOrder.indexOf(x.field) - fieldOrder.indexOf(y.field));
}

/** An entity's fields over the devices that have it: a value all share, or each device's (`leaf1 swp1, leaf2 swp3`). Undefined when it has none. */
function mergeFields(on: ReadonlyMap<string, EntityFields | undefined>, sortDevices: (names: Iterable<string>) => string[]): EntityFields | undefined {
  const devices = sortDevices(on.keys());
  const first = on.get(devices[0] ?? '');
  if (first === undefined) return undefined;
  const merged: Record<string, string> = {};
  for (const field of Object.keys(first)) {
    const values = devices.map((d) => on.get(d)?.[field] ?? '');
    merged[field] = values.every((v) => v === values[0]) ? (values[0] ?? '') : devices.map((d, i) => `${d} ${values[i] ?? ''}`).join(', ');
  }
  return merged;
}

/** Sorts numbers inside labels numerically: `VNI 9` before `VNI 10`. */
function sortKey(label: string): string {
  return label.replace(/\d+/g, (n) => n.padStart(10, '0'));
}

function deviceOrder(devices: readonly DeviceModel[]): Map<string, number> {
  const order = new Map<string, number>();
  const sorted = [...devices].sort((x, y) => (x.role === y.role ? x.id - y.id : x.role === 'spine' ? -1 : 1));
  for (const d of sorted) if (!order.has(d.name)) order.set(d.name, order.size);
  return order;
}
