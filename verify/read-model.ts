/**
 * Reads a `model.json` back into a device model, for `clos verify <build dir>`. Build directories
 * may be hand-edited or written by an older clos, so every field the verifier reads is checked for
 * its type; a model that does not fit is a CLOS5181 diagnostic naming the first bad field, never a
 * crash. Values are not judged here (a wrong ASN or address is the checks' business), except that
 * the router-id and ASN the model names at its top are the ones its `bgp` section runs.
 *
 * Fields newer than the first model format are optional on input and filled in with what the
 * configuration an older clos wrote actually did, so its builds verify as deployed: a peer group
 * without `peerAsCheck` has the platform's default (on for NX-OS, off for EOS and FRR), one without
 * `maximumRoutes` the platform's default limit (12,000 routes per EOS neighbour, none elsewhere);
 * `edgePorts` and `internalVlans` missing are null (nothing to check); the port-channels and
 * multihoming a later clos added read as a fabric without them (no LAGs, no segments, every server
 * port unbonded, no Linux bonds, sub-interfaces or VLAN-aware bridge, bridges without ports); a
 * server port without `accessVlan` has its access VLAN (an access port's one VLAN, none on a trunk);
 * a VRF without `listenLimit` none (FRR's own limit of 100 dynamic neighbours applied).
 * A port-channel's fields all came with port-channels, so each is required of one.
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { deviceModelSchema } from '../compiler/build/device-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { VerifyDiagnostics as V } from '../compiler/diagnostics/catalogue/index.js';

/**
 * A field that does not fit; caught in this module and turned into a diagnostic. Its path is
 * built while the error unwinds (each list and object adds its step), so that a model that fits,
 * the usual case, costs no path strings: building `model.bgp.neighbors[12]` for every value of a
 * thousand 600 KB models was a third of reading them (bench/PROFILE.md, round 5).
 */
class ShapeError extends Error {
  override readonly name = 'ShapeError';

  constructor(
    /** The path below the value being checked, `.bgp.asn` or `[3].name`; '' at the value itself. */
    private readonly below: string,
    private readonly problem: string,
  ) {
    super(problem);
  }

  /** The same error one step further up: `step` is `.key` or `[i]`. */
  under(step: string): ShapeError {
    return new ShapeError(`${step}${this.below}`, this.problem);
  }

  /** The message, with the path from the root named `root`. */
  at(root: string): string {
    const path = `${root}${this.below}`;
    return this.problem === 'missing' ? `${path} is missing` : `${path} should be ${this.problem}`;
  }
}

type Check = (value: unknown) => void;

/** EOS's maximum-routes when none is configured, per neighbour. */
export const eosDefaultMaximumRoutes = 12000;

const fail = (expected: string, value: unknown): never => {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new ShapeError('', `${expected}, not ${got}`);
};
const str: Check = (v) => {
  if (typeof v !== 'string') fail('a string', v);
};
const int: Check = (v) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail('an integer', v);
};
const bool: Check = (v) => {
  if (typeof v !== 'boolean') fail('true or false', v);
};
const nullable =
  (c: Check): Check =>
  (v) => {
    if (v !== null) c(v);
  };
const oneOf = (...values: readonly string[]): Check => {
  const expected = values.map((x) => `'${x}'`).join(' or ');
  return (v) => {
    // A string of another value is named, not its type: `should be 'frr' or 'eos' or 'nxos', not 'junos'`.
    if (typeof v === 'string' && !values.includes(v)) throw new ShapeError('', `${expected}, not ${JSON.stringify(v).replace(/^"|"$/g, "'")}`);
    if (typeof v !== 'string') fail(expected, v);
  };
};
/** `e` with `step` added to its path when it is a ShapeError. */
const under = (e: unknown, step: string): unknown => (e instanceof ShapeError ? e.under(step) : e);
const arr =
  (c: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) fail('a list', v);
    const list = v as unknown[];
    let i = 0;
    try {
      for (; i < list.length; i++) c(list[i]);
    } catch (e) {
      throw under(e, `[${i}]`);
    }
  };
const fieldsOf = (fields: Readonly<Record<string, Check>>): readonly (readonly [string, Check])[] => Object.entries(fields);
/** Checks the fields of an object: each of `required` must be there, each of `optional` is checked when there (older models lack it). */
const checkFields = (o: Record<string, unknown>, required: readonly (readonly [string, Check])[], optional: readonly (readonly [string, Check])[]): void => {
  let key = '';
  try {
    for (const [k, c] of required) {
      key = k;
      if (!(k in o)) throw new ShapeError('', 'missing');
      c(o[k]);
    }
    for (const [k, c] of optional) {
      key = k;
      const value = o[k];
      if (value !== undefined) c(value);
    }
  } catch (e) {
    throw under(e, `.${key}`);
  }
};
const objWithOptional = (fields: Readonly<Record<string, Check>>, optionalFields: Readonly<Record<string, Check>>): Check => {
  const required = fieldsOf(fields);
  const optional = fieldsOf(optionalFields);
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('an object', v);
    checkFields(v as Record<string, unknown>, required, optional);
  };
};
const obj = (fields: Readonly<Record<string, Check>>): Check => objWithOptional(fields, {});

const routeTargets = obj({ import: arr(str), export: arr(str) });
const vlanRange = obj({ first: int, last: int });
const families = obj({ ipv4Unicast: bool, l2vpnEvpn: bool });

const deviceModel = objWithOptional({
  schema: oneOf(deviceModelSchema),
  fabric: str,
  name: str,
  role: oneOf('spine', 'leaf'),
  id: int,
  platform: str,
  cabling: nullable(oneOf('full-mesh', 'explicit')),
  routerId: str,
  asn: int,
  mtu: int,
  interfaces: objWithOptional(
    {
      loopback0: obj({ name: str, address: str }),
      vtep: nullable(obj({ name: str, address: str })),
      fabric: arr(obj({ name: str, port: int, address: str, mtu: int, link: str, peer: obj({ device: str, interface: str, port: int, address: str }) })),
      servers: arr(
        objWithOptional(
          { name: str, port: int, server: str, mode: oneOf('access', 'trunk'), vlans: arr(int), networks: arr(str) },
          { bond: oneOf('lacp', 'active-backup', 'none'), lag: nullable(str), accessVlan: nullable(int) },
        ),
      ),
      svis: arr(objWithOptional({ name: str, vlan: int, vrf: str, network: str, address: str, mtu: int, sessionAddress: nullable(str) }, { ownAddress: nullable(str) })),
      l3vnis: arr(obj({ name: str, vlan: int, vrf: str })),
      external: arr(obj({ name: str, port: int, mtu: int, subinterfaces: arr(str) })),
      subinterfaces: arr(obj({ name: str, parent: str, port: int, vlan: int, vrf: str, address: str, mtu: int, link: str, peer: obj({ address: str, asn: int }) })),
    },
    {
      lags: arr(
        obj({
          name: str,
          number: int,
          members: arr(str),
          mode: oneOf('access', 'trunk'),
          vlans: arr(int),
          accessVlan: nullable(int),
          mtu: int,
          server: str,
          networks: arr(str),
          lacp: obj({ systemId: nullable(str), systemIdDotted: nullable(str), rate: str }),
          segment: nullable(
            obj({ esi: str, identifier: str, systemMac: str, systemMacDotted: str, discriminator: int, importRouteTarget: str, leaves: arr(str), redundancy: str }),
          ),
        }),
      ),
    },
  ),
  vlans: arr(obj({ id: int, name: str, vni: int, kind: oneOf('l2', 'l3vni'), tenant: str, vrf: str, network: nullable(str) })),
  vrfs: arr(obj({ name: str, tenant: str, l3vni: int, vlan: int, tableId: int, rd: str, routeTargets, networks: arr(str) })),
  vxlan: nullable(obj({ sourceAddress: str, l2vnis: arr(obj({ vni: int, vlan: int, network: str, mtu: int })), l3vnis: arr(obj({ vni: int, vlan: int, vrf: str })) })),
  anycastGateway: nullable(obj({ mac: str })),
  bgp: obj({
    asn: int,
    routerId: str,
    maximumPaths: int,
    peerGroups: arr(
      objWithOptional(
        {
          name: str,
          purpose: oneOf('underlay', 'overlay'),
          addressFamilies: families,
          bfd: bool,
          sendCommunity: nullable(str),
          ebgpMultihop: nullable(int),
          updateSource: nullable(str),
          nextHopUnchanged: bool,
        },
        { allowasIn: nullable(int), peerAsCheck: bool, maximumRoutes: obj({ limit: int, warningPercent: nullable(int) }) },
      ),
    ),
    neighbors: arr(obj({ address: str, remoteAs: int, peerGroup: str, purpose: oneOf('underlay', 'overlay'), peer: str, localAddress: str, interface: nullable(str) })),
    ipv4Networks: arr(str),
    evpn: obj({ advertiseAllVni: bool, retainRouteTargetAll: bool, vnis: arr(obj({ vni: int, vlan: int, network: str, rd: str, routeTargets })) }),
    vrfs: arr(
      objWithOptional({
        vrf: str,
        l3vni: int,
        rd: str,
        routeTargets,
        peerGroups: arr(obj({ name: str, purpose: oneOf('external', 'hosts'), remoteAs: nullable(int), bfd: bool, routeMapIn: str, routeMapOut: str, maximumPrefix: int })),
        neighbors: arr(obj({ address: str, remoteAs: int, peerGroup: str, localAddress: str, interface: str })),
        listenRanges: arr(obj({ prefix: str, peerGroup: str, remoteAs: int, network: str, interface: str, localAddress: str })),
        aggregates: arr(str),
      }, { listenLimit: nullable(int) }),
    ),
  }),
  linux: nullable(
    objWithOptional(
      { bridges: arr(objWithOptional({ name: str, vlan: int, vni: int, mac: str, address: nullable(str), vrf: nullable(str) }, { ports: arr(str), gateway: nullable(str), ownAddress: nullable(str) })), l3vniBridges: arr(obj({ mac: str })) },
      {
        subinterfaces: arr(obj({ name: str, parent: str, vlan: int })),
        bonds: arr(obj({ name: str, members: arr(str), lacpRate: str, actorSystem: nullable(str), minLinks: int, mtu: int })),
        vlanAwareBridge: nullable(obj({ name: str, ports: arr(obj({ name: str, vlans: arr(int), pvid: nullable(int) })) })),
      },
    ),
  ),
  routingPolicy: obj({
    prefixLists: arr(obj({ name: str, entries: arr(obj({ seq: int, action: oneOf('permit', 'deny'), prefix: str, le: nullable(int) })) })),
    routeMaps: arr(obj({ name: str, entries: arr(obj({ seq: int, action: oneOf('permit', 'deny'), matchPrefixList: nullable(str) })) })),
  }),
}, { edgePorts: nullable(obj({ nativeVlan: int })), internalVlans: nullable(vlanRange), multihoming: nullable(obj({ uplinks: arr(str), segments: arr(str) })) });

/**
 * A field this module neither checks nor fills in, as read: a model written before the field
 * existed, or edited by hand, may lack it, or hold another value than a field the model types as
 * always `true`. The checks compare such a field only when it is there.
 */
export function unread<T>(value: T): (T extends boolean ? boolean : T) | undefined {
  return value as (T extends boolean ? boolean : T) | undefined;
}

/** Fills the fields an older model lacks with what its configuration did (see the module comment). */
function fillDefaults(model: Record<string, unknown>): void {
  const platform = model['platform'];
  model['edgePorts'] ??= null;
  model['internalVlans'] ??= null;
  model['multihoming'] ??= null;
  const interfaces = model['interfaces'] as { servers: Record<string, unknown>[]; svis: Record<string, unknown>[]; lags?: unknown };
  interfaces.lags ??= [];
  // Before own addresses for Ethernet segments, a leaf's own address was its session address.
  for (const svi of interfaces.svis) svi['ownAddress'] ??= svi['sessionAddress'] ?? null;
  for (const port of interfaces.servers) {
    port['bond'] ??= 'none';
    port['lag'] ??= null;
    port['accessVlan'] ??= port['mode'] === 'access' ? ((port['vlans'] as number[])[0] ?? null) : null;
  }
  const linux = model['linux'] as { bridges: Record<string, unknown>[]; subinterfaces?: unknown; bonds?: unknown; vlanAwareBridge?: unknown } | null;
  if (linux !== null) {
    linux.subinterfaces ??= [];
    linux.bonds ??= [];
    linux.vlanAwareBridge ??= null;
    for (const b of linux.bridges) {
      b['ports'] ??= [];
      b['gateway'] ??= null;
      b['ownAddress'] ??= b['sessionAddress'] ?? null;
    }
  }
  const bgp = model['bgp'] as { peerGroups: Record<string, unknown>[]; vrfs: Record<string, unknown>[] };
  for (const v of bgp.vrfs) v['listenLimit'] ??= null;
  for (const g of bgp.peerGroups) {
    g['allowasIn'] ??= null;
    g['peerAsCheck'] ??= platform === 'nxos';
    g['maximumRoutes'] ??= platform === 'eos' ? { limit: eosDefaultMaximumRoutes, warningPercent: null } : { limit: 0, warningPercent: null };
  }
}

/**
 * Reads a model.json that parseDeviceModel has accepted, or will check, elsewhere: the same model
 * without checking its shape again (a render worker of `clos verify <dir>`, cli/build-check.ts,
 * whose results count only for the models the main thread accepted). Undefined when it does not
 * read.
 */
export function readCheckedModel(text: string): DeviceModel | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    fillDefaults(value as Record<string, unknown>);
    return value as DeviceModel;
  } catch {
    return undefined;
  }
}

/** Parses one model.json; `path` is how diagnostics name the file. */
export function parseDeviceModel(text: string, path: string): { model: DeviceModel } | { diagnostic: Diagnostic } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { diagnostic: createDiagnostic(V.modelInvalid, {}, path, e instanceof Error ? e.message : String(e)) };
  }
  try {
    deviceModel(value);
  } catch (e) {
    if (e instanceof ShapeError) return { diagnostic: createDiagnostic(V.modelInvalid, {}, path, e.at('model')) };
    throw e;
  }
  fillDefaults(value as Record<string, unknown>);
  const model = value as DeviceModel;
  // The model names its router-id and ASN twice: at the top (what reviews and docs show) and under
  // `bgp` (what every configuration renders and the checks prove). A model whose two disagree
  // would be proven for one and deployed with the other.
  const contradiction =
    model.routerId !== model.bgp.routerId
      ? `model.routerId should be '${model.bgp.routerId}', the router-id its configuration runs (model.bgp.routerId), not '${model.routerId}'`
      : model.asn !== model.bgp.asn
        ? `model.asn should be ${model.bgp.asn}, the ASN its configuration runs (model.bgp.asn), not ${model.asn}`
        : undefined;
  if (contradiction !== undefined) return { diagnostic: createDiagnostic(V.modelInvalid, {}, path, contradiction) };
  return { model };
}
