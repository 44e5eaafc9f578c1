/** Spines and leaves: names, ids, loopback and VTEP addresses, ASNs, spine ports. */
import { ResolveDiagnostics as R } from '../diagnostics/catalogue/index.js';
import type { IntentLeaf, IntentSpine } from '../load/intent-types.js';
import { checkAsn, isPrivateAsn } from './settings.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { ResolveContext } from './context.js';
import type { FabricSettings, Platform, Prefix } from './fabric-model.js';
import { addressInPool, formatAddress, routerMacOf } from '../shared/ipv4.js';
import { mapList } from '../shared/lists.js';

/** The highest port number (the schema's `port`): of a leaf's uplinks and of its port on each spine. */
export const maxPort = 1024;

export interface DeviceBase {
  readonly spines: readonly (IntentSpine & { readonly loopback: string; readonly platform: Platform; readonly virtual: boolean })[];
  readonly leaves: readonly LeafBase[];
}

export interface LeafBase {
  readonly intent: IntentLeaf;
  readonly name: string;
  readonly id: number;
  readonly asn: number;
  readonly platform: Platform;
  readonly virtual: boolean;
  readonly loopback: string;
  readonly vtep: string;
  readonly spinePort: number;
}

/**
 * Resolves device identity. Devices with unusable ids or addresses are dropped after reporting.
 * `platform` (`--platform`) overrides every device's platform.
 */
export function resolveDevices(
  ctx: ResolveContext,
  settings: FabricSettings,
  spines: readonly IntentSpine[],
  leaves: readonly IntentLeaf[],
  platform?: Platform,
): DeviceBase {
  const names = new Map<string, object>();
  const ids = new Map<number, { obj: object; name: string }>();
  const all: { obj: IntentSpine | IntentLeaf; role: 'spine' | 'leaf' }[] = [
    ...mapList(spines, (s) => ({ obj: s, role: 'spine' as const })),
    ...mapList(leaves, (l) => ({ obj: l, role: 'leaf' as const })),
  ];
  const bad = new Set<object>();
  for (const { obj, role } of all) {
    ctx.rememberAt([role, ':', obj.name], obj, 'name');
    const prevName = names.get(obj.name);
    if (prevName !== undefined) {
      ctx.report(R.duplicateDeviceName, { span: ctx.at(obj, 'name'), related: [ctx.related('first used here', ctx.at(prevName, 'name'))] }, obj.name);
      bad.add(obj);
    } else {
      names.set(obj.name, obj);
    }
    const prevId = ids.get(obj.id);
    // The same name and id twice is one device written twice (a copy, or an alias): CLOS3001 says it.
    if (prevId?.name === obj.name) {
      bad.add(obj);
    } else if (prevId !== undefined) {
      ctx.report(
        R.duplicateDeviceId,
        { span: ctx.at(obj, 'id'), related: [ctx.related(`id of '${prevId.name}'`, ctx.at(prevId.obj, 'id'))] },
        obj.id,
        obj.name,
        prevId.name,
      );
      bad.add(obj);
    } else {
      ids.set(obj.id, { obj, name: obj.name });
    }
  }

  const outSpines: DeviceBase['spines'][number][] = [];
  for (const spine of spines) {
    if (spine.id > settings.maxSpines) {
      ctx.report(R.spineIdOverMax, { span: ctx.at(spine, 'id') }, spine.name, spine.id, settings.maxSpines);
      bad.add(spine);
    }
    const loopback = poolAddress(ctx, settings.pools.loopback, 'loopback', spine, `Loopback0 of spine '${spine.name}'`);
    if (loopback === undefined || bad.has(spine)) continue;
    outSpines.push({ ...spine, loopback, platform: platform ?? spine.platform ?? settings.platform, virtual: spine.virtual ?? settings.virtual });
  }

  const outLeaves: LeafBase[] = [];
  const byId = [...leaves].sort((a, b) => a.id - b.id);
  const spinePorts = new Map<number, IntentLeaf>();
  let derivedPublic = 0;
  const spineIds = new Set(mapList(spines, (sp) => sp.id));
  /** Leaves' ASNs, derived (leaf_base + id) and given (asn): a given one equal to a derived one is most likely an accident. */
  const derivedAsns: { leaf: IntentLeaf; asn: number }[] = [];
  const givenAsns: { leaf: IntentLeaf; asn: number }[] = [];
  byId.forEach((leaf, position) => {
    // Ids are unique across devices, and spine ids are 1..max_spines: a leaf there takes a spine's place.
    if (leaf.id <= settings.maxSpines && !spineIds.has(leaf.id)) {
      ctx.report(R.leafIdInSpineRange, { span: ctx.at(leaf, 'id'), hint: `give leaves ids above ${settings.maxSpines}` }, leaf.name, leaf.id, settings.maxSpines);
    }
    const spinePort = leaf.spine_port ?? position + 1;
    const holder = spinePorts.get(spinePort);
    // An explicit spine_port is bounded by the schema; the default grows with the leaves.
    if (leaf.spine_port === undefined && spinePort > maxPort) {
      ctx.report(R.derivedSpinePortOverMax, { span: ctx.at(leaf, 'name'), hint: 'every leaf takes its own port on each spine, and a port number is at most 1024: split the leaves over several fabrics of a region' }, leaf.name, spinePort, byId.length);
    } else if (holder !== undefined && !bad.has(leaf)) {
      const span = leaf.spine_port !== undefined ? ctx.at(leaf, 'spine_port') : ctx.at(leaf, 'name');
      ctx.report(
        R.duplicateSpinePort,
        {
          span,
          related: [ctx.related(`spine port of '${holder.name}'`, holder.spine_port !== undefined ? ctx.at(holder, 'spine_port') : ctx.at(holder, 'name'))],
          hint: leaf.spine_port === undefined ? `the default is 1 + the leaf's position among leaves ordered by id (${position + 1}); set spine_port` : undefined,
        },
        spinePort,
        leaf.name,
        holder.name,
      );
    } else {
      spinePorts.set(spinePort, leaf);
    }

    let asn: number | undefined = leaf.asn;
    const asnSpan = (): Span | undefined => (leaf.asn !== undefined ? ctx.at(leaf, 'asn') : ctx.at(leaf, 'id'));
    if (asn === undefined) {
      if (settings.leafAsnBase === undefined) {
        ctx.report(R.leafAsnUnset, { span: ctx.at(leaf, 'name') }, leaf.name);
      } else {
        asn = settings.leafAsnBase + leaf.id;
        if (asn > 4294967294) {
          ctx.report(R.asnOutOfRange, { span: asnSpan }, leaf.name, asn);
          asn = undefined;
        } else if (!checkAsn(ctx, asn, asnSpan, false)) {
          asn = undefined;
        } else if (!isPrivateAsn(asn)) {
          derivedPublic++;
        }
      }
    } else if (!checkAsn(ctx, asn, asnSpan)) {
      asn = undefined;
    }
    if (asn !== undefined && asn === settings.spineAsn) {
      ctx.report(R.leafAsnIsSpineAsn, { span: asnSpan, device: leaf.name }, leaf.name, asn);
    }
    if (leaf.asn !== undefined) ctx.rememberAt(['leaf:', leaf.name, '.asn'], leaf, 'asn');
    if (leaf.spine_port !== undefined) ctx.rememberAt(['leaf:', leaf.name, '.spine_port'], leaf, 'spine_port');
    const loopback = poolAddress(ctx, settings.pools.loopback, 'loopback', leaf, `Loopback0 of leaf '${leaf.name}'`);
    const vtep = poolAddress(ctx, settings.pools.vtep, 'vtep', leaf, `VTEP address of leaf '${leaf.name}'`);
    if (asn !== undefined) (leaf.asn === undefined ? derivedAsns : givenAsns).push({ leaf, asn });
    if (asn === undefined || loopback === undefined || vtep === undefined || bad.has(leaf)) return;
    outLeaves.push({
      intent: leaf,
      name: leaf.name,
      id: leaf.id,
      asn,
      platform: platform ?? leaf.platform ?? settings.platform,
      virtual: leaf.virtual ?? settings.virtual,
      loopback,
      vtep,
      spinePort,
    });
  });
  // The FRR router MAC derives from the loopback (build/linux.ts): the anycast MAC must not be one.
  for (const leaf of outLeaves) {
    if (leaf.platform !== 'frr' || routerMacOf(leaf.loopback) !== settings.anycastMac) continue;
    ctx.report(
      R.anycastMacIsRouterMac,
      { span: ctx.provenance.get('fabric.evpn.anycast_mac'), device: leaf.name, related: [ctx.related(`id of '${leaf.name}'`, ctx.at(leaf.intent, 'id'))], hint: 'choose another anycast_mac (the default 00:00:5e:00:01:01 is never a router MAC)' },
      settings.anycastMac,
      leaf.name,
    );
  }
  const derivedBy = new Map(mapList(derivedAsns, (d) => [d.asn, d.leaf] as const));
  for (const { leaf, asn } of givenAsns) {
    const other = derivedBy.get(asn);
    if (other === undefined) continue;
    ctx.report(
      R.asnEqualsDerivedAsn,
      { span: ctx.at(leaf, 'asn'), related: [ctx.related(`id of '${other.name}'`, ctx.at(other, 'id'))], hint: `set asn on '${other.name}' as well if the two are meant to share it, or choose another` },
      leaf.name,
      asn,
      other.name,
    );
  }
  if (derivedPublic > 0 && settings.leafAsnBase !== undefined) {
    ctx.report(
      R.asnNotPrivate,
      { span: ctx.provenance.get('fabric.asn.leaf_base'), hint: `${derivedPublic} lea${derivedPublic === 1 ? 'f gets' : 'ves get'} an ASN outside the private ranges from leaf_base + id` },
      settings.leafAsnBase + (byId.at(-1)?.id ?? 0),
    );
  }
  return { spines: outSpines, leaves: outLeaves };
}

function poolAddress(ctx: ResolveContext, pool: Prefix, poolName: string, device: IntentSpine | IntentLeaf, what: string): string | undefined {
  const { address, problem } = addressInPool(pool, device.id);
  if (problem === 'outside') {
    ctx.report(
      R.poolExhausted,
      { span: ctx.at(device, 'id'), device: device.name, related: [ctx.related(`pool ${poolName}`, ctx.provenance.get(`fabric.pools.${poolName}`))] },
      what,
      pool.cidr,
      `id ${device.id} is beyond its ${pool.size} addresses`,
    );
    return undefined;
  }
  if (problem === 'reserved') {
    ctx.report(
      R.addressReserved,
      { span: ctx.at(device, 'id'), device: device.name, related: [ctx.related(`pool ${poolName}`, ctx.provenance.get(`fabric.pools.${poolName}`))] },
      what,
      formatAddress(address),
      pool.cidr,
    );
    return undefined;
  }
  return formatAddress(address);
}
