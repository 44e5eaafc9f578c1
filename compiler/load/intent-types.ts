/**
 * The intent as the schema guarantees it: exactly the keys of intent/schema/fabric.schema.json,
 * optional where the schema has a default. The resolve stage applies the defaults.
 */
export type Platform = 'frr' | 'eos' | 'nxos';

export interface IntentDocument {
  readonly version: 1;
  readonly fabric: IntentFabric;
  readonly spines: readonly IntentSpine[];
  readonly leaves: readonly IntentLeaf[];
  readonly tenants?: readonly IntentTenant[];
  readonly servers?: readonly IntentServer[];
}

export interface IntentFabric {
  readonly name: string;
  readonly platform?: Platform;
  readonly virtual?: boolean;
  readonly max_spines?: number;
  readonly mtu?: number;
  readonly uplink_port?: number;
  readonly vlans?: { readonly native?: number; readonly eos_internal?: { readonly first: number; readonly last: number } };
  readonly asn: { readonly spine: number; readonly leaf_base?: number };
  readonly pools: { readonly loopback: string; readonly vtep: string; readonly p2p: string };
  readonly evpn?: { readonly vni_base?: number; readonly rt_asn?: number; readonly anycast_mac?: string };
  readonly bfd?: boolean;
  readonly verify?: { readonly hop_limit?: number; readonly failures?: number };
}

export interface IntentSpine {
  readonly name: string;
  readonly id: number;
  readonly platform?: Platform;
  readonly virtual?: boolean;
}

export interface IntentUplink {
  readonly spine: string;
  readonly port: number;
}

export interface IntentLeaf {
  readonly name: string;
  readonly id: number;
  readonly asn?: number;
  readonly platform?: Platform;
  readonly virtual?: boolean;
  readonly rack?: string;
  readonly tags?: readonly string[];
  readonly spine_port?: number;
  readonly uplinks?: readonly IntentUplink[];
}

export interface IntentTenant {
  readonly name: string;
  readonly vrfs: readonly IntentVrf[];
}

export interface IntentVrf {
  readonly name: string;
  readonly l3vni: number;
  readonly id?: number;
  readonly vlan?: number;
  readonly networks?: readonly IntentNetwork[];
  readonly external?: IntentExternal;
}

/** A VRF's way out: eBGP to routers outside the fabric (firewalls, WAN edges). */
export interface IntentExternal {
  readonly peers: readonly IntentExternalPeer[];
  readonly accept?: readonly string[];
  /** `subnets`, `none`, or aggregate prefixes. */
  readonly advertise?: 'subnets' | 'none' | readonly string[];
  readonly max_prefixes?: number;
}

export interface IntentExternalPeer {
  readonly leaf: string;
  readonly port: number;
  readonly vlan: number;
  readonly subnet: string;
  readonly asn: number;
}

/** Hosts of a network that speak BGP to their leaves (Kubernetes nodes). */
export interface IntentBgpHosts {
  readonly asn: number;
  readonly accept: readonly string[];
  readonly max_prefixes?: number;
}

export interface IntentNetwork {
  readonly name: string;
  readonly vlan: number;
  readonly vni?: number;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly mtu?: number;
  readonly labels?: readonly string[];
  readonly leaves?: readonly string[];
  readonly bgp_hosts?: IntentBgpHosts;
}

export interface IntentAttachment {
  readonly leaf: string;
  readonly port: number;
}

export interface IntentServer {
  readonly name: string;
  readonly attach: readonly IntentAttachment[];
  readonly networks: readonly string[];
  readonly mode?: 'trunk' | 'access';
  readonly bond?: 'lacp' | 'active-backup' | 'none';
  readonly lag?: number;
}
