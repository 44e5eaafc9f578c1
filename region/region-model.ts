/**
 * A region: several fabrics (availability zones) under one global address plan. The region stage
 * sits above the fabric pipeline (architecture.md): each fabric is loaded and resolved as on its
 * own, then the region reads the resolved fabrics, checks the rules across them (region/rules/)
 * and lays out the plan (region/plan.ts). Nothing here changes a fabric: a fabric of a region
 * compiles to exactly the files it compiles to alone.
 */
import type { Span } from '../compiler/diagnostics/diagnostic.js';
import type { FabricModel, Prefix } from '../compiler/resolve/fabric-model.js';

/** What a plan block holds (region.schema.json, `plan[].for`). */
export type PlanPurpose = 'tenants' | 'infrastructure';

export const planPurposes: readonly PlanPurpose[] = ['infrastructure', 'tenants'];

/** region.yaml as the schema guarantees it. */
export interface RegionDocument {
  readonly version: 1;
  readonly region: {
    readonly name: string;
    readonly fabrics: readonly string[];
    readonly plan: readonly { readonly prefix: string; readonly for: PlanPurpose }[];
  };
}

export interface PlanBlock {
  readonly prefix: Prefix;
  readonly for: PlanPurpose;
  /** The block's `prefix` in region.yaml. */
  readonly span: Span | undefined;
}

/** region.yaml, checked: its name, its fabric directories and its plan. */
export interface RegionFile {
  readonly name: string;
  readonly fabrics: readonly { readonly dir: string; readonly span: Span | undefined }[];
  /** Sorted by address; disjoint when the file has no errors. */
  readonly plan: readonly PlanBlock[];
  /** The `region.name` value. */
  readonly nameSpan: Span | undefined;
}

/**
 * The kinds of prefix a fabric owns (region/owned-prefixes.ts), and of the addresses its device
 * models deploy (region/model-facts.ts: a loopback's or VTEP's /32, a link's /31).
 */
export type OwnedKind = 'loopback-pool' | 'vtep-pool' | 'p2p-pool' | 'tenant-subnet' | 'external-transit' | 'host-pool' | 'loopback-address' | 'vtep-address' | 'link-subnet';

/** One prefix a fabric owns: routed, or reserved for its addressing, and so unique in the region. */
export interface OwnedPrefix {
  readonly prefix: Prefix;
  readonly kind: OwnedKind;
  /** The plan block purpose it belongs in. */
  readonly purpose: PlanPurpose;
  /** The tenant and VRF it is routed in; undefined for the underlay pools. */
  readonly tenant: string | undefined;
  readonly vrf: string | undefined;
  /** What it is, for people: `pool loopback`, `network web`, `external peer border1 port 47 VLAN 3001`. */
  readonly owner: string;
  /** Where it comes from, for FabricFacts.at(): a provenance key of the intent value, or the device. */
  readonly key: string;
}

/** Where something of a fabric is: its place in the intent, or the device that holds it. */
export interface Place {
  readonly span?: Span | undefined;
  readonly device?: string | undefined;
}

/**
 * What the rules across fabrics read of one fabric (region/rules/): from its resolved intent
 * (fabricFacts in resolve-region.ts), or from its device models as a build directory holds them
 * (region/model-facts.ts, for `clos verify <region build dir>`).
 */
export interface FabricFacts {
  /** Its directory: beside region.yaml, or in the region's output. */
  readonly dir: string;
  readonly name: string;
  /** Every prefix it owns (intent) or deploys (models). */
  readonly prefixes: readonly OwnedPrefix[];
  /**
   * Its switches (spines and leaves, border leaves among them), in the intent's order or by name
   * (models), each with where it is (`key` for at()): `spine:<name>` or `leaf:<name>`, or a device.
   */
  readonly devices: readonly { readonly name: string; readonly key: string }[];
  /**
   * Its tenant VRFs. From models, one entry per L3VNI and route target a VRF has on some device
   * (a hand edit on one leaf is an entry of its own), each with `key` placing it on the first
   * device (by name) that has it; from an intent, one per VRF, placed at its `l3vni`.
   */
  readonly vrfs: readonly { readonly tenant: string; readonly name: string; readonly l3vni: number; readonly routeTarget: string; readonly key?: string }[];
  /** Networks with their L2VNI; from models, one entry per VNI a network has on some device, with `key` as for vrfs. */
  readonly networks: readonly { readonly name: string; readonly vni: number; readonly key?: string }[];
  /** Its spine ASNs, each with where it is (`key` for at()): the intent's `asn.spine`, or every ASN its spines' models run BGP with. */
  readonly spineAsns: readonly { readonly asn: number; readonly key: string }[];
  /** Each ASN its leaves use (border leaves too), with the first leaf (by name) that uses it. */
  readonly leafAsns: ReadonlyMap<number, string>;
  /**
   * What its VRFs take from outside besides the default route (`external.accept`, each entry with
   * every longer prefix inside it): `key` places the VRF's accept list.
   */
  readonly accepts: readonly { readonly vrf: string; readonly prefix: Prefix; readonly key: string }[];
  /**
   * The aggregates its VRFs announce outside (`external.advertise: [...]`; from models, each
   * border's `bgp.vrfs[].aggregates`), each with where it is (`key` for at()): the list entry in
   * the intent, or the first device (by name) that announces it.
   */
  readonly aggregates: readonly { readonly tenant: string | undefined; readonly vrf: string; readonly prefix: Prefix; readonly key: string }[];
  readonly rtAsn: number;
  /** Whether the intent sets evpn.rt_asn (else it is asn.spine); undefined when not known (models). */
  readonly rtAsnExplicit: boolean | undefined;
  /** Where an entity is, by its provenance key (FabricModel.provenance) or an OwnedPrefix's key. */
  at(key: string): Place;
}

/** One fabric of the region, resolved. */
export interface RegionFabric extends FabricFacts {
  readonly fabric: FabricModel;
}

/** A prefix of the plan: which fabric owns it, and the block it lies in. */
export interface PlanEntry extends OwnedPrefix {
  /** The owning fabric's name. */
  readonly fabric: string;
}

export interface RegionModel {
  readonly name: string;
  /** Sorted by address. */
  readonly plan: readonly PlanBlock[];
  /** In region.yaml's order. */
  readonly fabrics: readonly RegionFabric[];
}
