/**
 * A tenant's VRF is the same VRF in every fabric of the region: the same L3VNI and the same route
 * target wherever it appears, and no other VRF — nor any network — anywhere in the region on its
 * L3VNI. "The same VRF" is the tenant's name with the VRF's name (`ota/prod`): VRF names are
 * fabric-unique, tenants are isolation domains, and a tenant is known by its name in every fabric.
 *
 * Why: the route target `<evpn.rt_asn>:<l3vni>` is what joins a VRF's routes wherever EVPN carries
 * them. The day the fabrics exchange EVPN routes (a DCI, a multi-site border), a VRF with another
 * route target in another fabric is cut in two, and two VRFs on one route target are merged — a
 * leak between tenants. L2VNIs of networks are local to their fabric (networks do not stretch
 * across fabrics) and may repeat; only an L2VNI equal to an L3VNI of another fabric is reported.
 */
import { createDiagnostic, relatedInfo, type Diagnostic, type Span } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { FabricModel, ResolvedNetwork, ResolvedVrf } from '../../compiler/resolve/fabric-model.js';
import type { RegionFabric } from '../region-model.js';
import { fabricLabel } from './fabric-label.js';

interface VrfClaim {
  readonly fabric: RegionFabric;
  readonly vrf: ResolvedVrf;
}

export function checkVrfs(fabrics: readonly RegionFabric[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byIdentity = new Map<string, VrfClaim>();
  const byL3vni = new Map<number, VrfClaim>();
  /** Per fabric, per earlier fabric: the shared VRFs whose route targets differ (an rt_asn apart). */
  const rtApart = new Map<RegionFabric, Map<RegionFabric, ResolvedVrf[]>>();
  for (const fabric of fabrics) {
    for (const vrf of fabric.fabric.vrfs) {
      const claim = { fabric, vrf };
      const identity = name(vrf);
      const same = byIdentity.get(identity);
      if (same === undefined) byIdentity.set(identity, claim);
      else if (vrf.l3vni !== same.vrf.l3vni) diagnostics.push(l3vniMismatch(same, claim));
      else if (vrf.routeTarget !== same.vrf.routeTarget) {
        const perFabric = rtApart.get(fabric) ?? new Map<RegionFabric, ResolvedVrf[]>();
        rtApart.set(fabric, perFabric);
        perFabric.set(same.fabric, [...(perFabric.get(same.fabric) ?? []), vrf]);
      }
      const onVni = byL3vni.get(vrf.l3vni);
      if (onVni === undefined) byL3vni.set(vrf.l3vni, claim);
      else if (onVni.fabric !== fabric && name(onVni.vrf) !== identity) {
        diagnostics.push(
          createDiagnostic(
            G.l3vniShared,
            { span: l3vniSpan(claim), related: [relatedInfo(`L3VNI of VRF ${name(onVni.vrf)} in fabric ${fabricLabel(onVni.fabric)}`, l3vniSpan(onVni))], hint: 'give each tenant VRF an L3VNI of its own, the same in every fabric' },
            `L3VNI ${vrf.l3vni} of VRF ${identity}`,
            fabricLabel(fabric),
            `the L3VNI of VRF ${name(onVni.vrf)} in fabric ${fabricLabel(onVni.fabric)}`,
          ),
        );
      }
    }
  }
  for (const [fabric, perFabric] of rtApart) {
    for (const [first, vrfs] of perFabric) diagnostics.push(routeTargetMismatch(fabric, first, vrfs));
  }
  // A network on another fabric's L3VNI: its MAC-VRF would share the IP-VRF's route target.
  for (const fabric of fabrics) {
    for (const network of fabric.fabric.networks) {
      const l3 = byL3vni.get(network.vni);
      if (l3 === undefined || l3.fabric === fabric) continue;
      diagnostics.push(
        createDiagnostic(
          G.l3vniShared,
          { span: vniSpan(fabric.fabric, network), related: [relatedInfo(`L3VNI of VRF ${name(l3.vrf)} in fabric ${fabricLabel(l3.fabric)}`, l3vniSpan(l3))], hint: 'give the network another vni' },
          `VNI ${network.vni} of network '${network.name}'`,
          fabricLabel(fabric),
          `the L3VNI of VRF ${name(l3.vrf)} in fabric ${fabricLabel(l3.fabric)}`,
        ),
      );
    }
  }
  return diagnostics;
}

/** The same tenant VRF on another L3VNI in a later fabric. */
function l3vniMismatch(first: VrfClaim, later: VrfClaim): Diagnostic {
  return createDiagnostic(
    G.vrfL3vniMismatch,
    { span: l3vniSpan(later), related: [relatedInfo(`L3VNI of VRF ${name(later.vrf)} in fabric ${fabricLabel(first.fabric)}`, l3vniSpan(first))] },
    name(later.vrf),
    fabricLabel(later.fabric),
    later.vrf.l3vni,
    fabricLabel(first.fabric),
    first.vrf.l3vni,
  );
}

/**
 * Shared VRFs on equal L3VNIs with other route targets: the two fabrics' evpn.rt_asn differ. One
 * diagnostic per pair of fabrics, at the later one's rt_asn, naming the VRFs it splits.
 */
function routeTargetMismatch(fabric: RegionFabric, first: RegionFabric, vrfs: readonly ResolvedVrf[]): Diagnostic {
  const explicit = (f: RegionFabric): boolean => f.fabric.provenance.get('fabric.evpn.rt_asn') !== undefined;
  const names = vrfs.map(name).sort();
  const shared = names.length === 1 ? `VRF ${names[0] ?? ''}` : `VRFs ${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
  return createDiagnostic(
    G.vrfRouteTargetMismatch,
    {
      span: rtAsnSpan(fabric.fabric),
      related: [relatedInfo(`evpn.rt_asn of fabric ${fabricLabel(first)} is ${first.fabric.settings.rtAsn}${explicit(first) ? '' : ' (its asn.spine)'}`, rtAsnSpan(first.fabric))],
      hint:
        explicit(fabric) && explicit(first)
          ? 'route targets are <evpn.rt_asn>:<l3vni>: set the same evpn.rt_asn in every fabric of the region'
          : 'route targets are <evpn.rt_asn>:<l3vni>, and evpn.rt_asn defaults to asn.spine, which differs per fabric: set the same evpn.rt_asn in every fabric of the region',
    },
    fabricLabel(fabric),
    `${fabric.fabric.settings.rtAsn}:<l3vni>`,
    fabricLabel(first),
    `${first.fabric.settings.rtAsn}:<l3vni>`,
    shared,
  );
}
function name(vrf: ResolvedVrf): string {
  return `${vrf.tenant}/${vrf.name}`;
}

function l3vniSpan(claim: VrfClaim): Span | undefined {
  return claim.fabric.fabric.provenance.get(`vrf:${claim.vrf.name}.l3vni`);
}

/** Where a network's VNI is written: `vni`, or `vlan` when it is vni_base + vlan. */
function vniSpan(fabric: FabricModel, network: ResolvedNetwork): Span | undefined {
  return fabric.provenance.get(`network:${network.name}.vni`) ?? fabric.provenance.get(`network:${network.name}.vlan`);
}

/** Where a fabric's rt_asn is written: `evpn.rt_asn`, or `asn.spine` it defaults to. */
function rtAsnSpan(fabric: FabricModel): Span | undefined {
  return fabric.provenance.get('fabric.evpn.rt_asn') ?? fabric.provenance.get('fabric.asn.spine');
}
