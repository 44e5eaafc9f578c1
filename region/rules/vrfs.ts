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
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { FabricFacts, Place } from '../region-model.js';
import { fabricLabel, relatedAt, reportAt } from './place.js';

type Vrf = FabricFacts['vrfs'][number];

interface VrfClaim {
  readonly fabric: FabricFacts;
  readonly vrf: Vrf;
}

export function checkVrfs(fabrics: readonly FabricFacts[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  /** Per tenant VRF, its claims in fabric order: one per fabric from intents, one per L3VNI and route target from models. */
  const byIdentity = new Map<string, VrfClaim[]>();
  const byL3vni = new Map<number, VrfClaim>();
  /** Per fabric, per earlier fabric: the shared VRFs whose route targets differ (an rt_asn apart). */
  const rtApart = new Map<FabricFacts, Map<FabricFacts, Vrf[]>>();
  for (const fabric of fabrics) {
    for (const vrf of fabric.vrfs) {
      const claim = { fabric, vrf };
      const identity = name(vrf);
      const claims = byIdentity.get(identity);
      if (claims === undefined) byIdentity.set(identity, [claim]);
      else claims.push(claim);
      const onVni = byL3vni.get(vrf.l3vni);
      if (onVni === undefined) byL3vni.set(vrf.l3vni, claim);
      else if (onVni.fabric !== fabric && name(onVni.vrf) !== identity) {
        diagnostics.push(
          reportAt(
            G.l3vniShared,
            l3vniAt(claim),
            { related: [relatedAt(`L3VNI of VRF ${name(onVni.vrf)} in fabric ${fabricLabel(onVni.fabric)}`, l3vniAt(onVni))], hint: 'give each tenant VRF an L3VNI of its own, the same in every fabric' },
            `L3VNI ${vrf.l3vni} of VRF ${identity}`,
            fabricLabel(fabric),
            `the L3VNI of VRF ${name(onVni.vrf)} in fabric ${fabricLabel(onVni.fabric)}`,
          ),
        );
      }
    }
  }
  for (const claims of byIdentity.values()) {
    const [first] = claims;
    if (first === undefined) continue;
    // The first fabric's other claims (models that disagree on one device) meet the first claim
    // of another fabric: the region's rule is across fabrics, the fabric's own within it.
    const elsewhere = claims.find((c) => c.fabric !== first.fabric);
    for (const claim of claims) {
      const against = claim.fabric !== first.fabric ? first : claim === first ? undefined : elsewhere;
      if (against === undefined) continue;
      if (claim.vrf.l3vni !== against.vrf.l3vni) diagnostics.push(l3vniMismatch(against, claim));
      else if (claim.vrf.routeTarget !== against.vrf.routeTarget) {
        const perFabric = rtApart.get(claim.fabric) ?? new Map<FabricFacts, Vrf[]>();
        rtApart.set(claim.fabric, perFabric);
        perFabric.set(against.fabric, [...(perFabric.get(against.fabric) ?? []), claim.vrf]);
      }
    }
  }
  for (const [fabric, perFabric] of rtApart) {
    for (const [first, vrfs] of perFabric) diagnostics.push(routeTargetMismatch(fabric, first, vrfs));
  }
  // A network on another fabric's L3VNI: its MAC-VRF would share the IP-VRF's route target.
  for (const fabric of fabrics) {
    for (const network of fabric.networks) {
      const l3 = byL3vni.get(network.vni);
      if (l3 === undefined || l3.fabric === fabric) continue;
      diagnostics.push(
        reportAt(
          G.l3vniShared,
          vniAt(fabric, network),
          { related: [relatedAt(`L3VNI of VRF ${name(l3.vrf)} in fabric ${fabricLabel(l3.fabric)}`, l3vniAt(l3))], hint: 'give the network another vni' },
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
  return reportAt(
    G.vrfL3vniMismatch,
    l3vniAt(later),
    { related: [relatedAt(`L3VNI of VRF ${name(later.vrf)} in fabric ${fabricLabel(first.fabric)}`, l3vniAt(first))] },
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
function routeTargetMismatch(fabric: FabricFacts, first: FabricFacts, vrfs: readonly Vrf[]): Diagnostic {
  const sorted = [...vrfs].sort((a, b) => compare(name(a), name(b)));
  const names = [...new Set(sorted.map(name))];
  const shared = names.length === 1 ? `VRF ${names[0] ?? ''}` : `VRFs ${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
  const defaulted = fabric.rtAsnExplicit === false || first.rtAsnExplicit === false;
  // The route targets as each side gives them: `<asn>:<l3vni>` when one administrator part covers
  // every shared VRF (always so from an intent), else each VRF's own.
  const firstRt = (v: Vrf): string => first.vrfs.find((x) => x.tenant === v.tenant && x.name === v.name)?.routeTarget ?? '';
  const pattern = (rts: readonly string[]): string | undefined => {
    const asns = new Set(rts.map((rt) => rt.slice(0, rt.indexOf(':'))));
    return asns.size === 1 ? `${[...asns][0] ?? ''}:<l3vni>` : undefined;
  };
  const mine = pattern(sorted.map((v) => v.routeTarget));
  const theirs = pattern(sorted.map(firstRt));
  const rts = mine !== undefined && theirs !== undefined ? [mine, theirs] : [sorted.map((v) => v.routeTarget).join(', '), sorted.map(firstRt).join(', ')];
  // From models, at the first device that has the route target (a hand edit may be on one leaf).
  const at = fabric.rtAsnExplicit === undefined && sorted[0]?.key !== undefined ? fabric.at(sorted[0].key) : rtAsnAt(fabric);
  return reportAt(
    G.vrfRouteTargetMismatch,
    at,
    {
      related: [relatedAt(`evpn.rt_asn of fabric ${fabricLabel(first)} is ${first.rtAsn}${first.rtAsnExplicit === false ? ' (its asn.spine)' : ''}`, rtAsnAt(first))],
      hint: defaulted
        ? 'route targets are <evpn.rt_asn>:<l3vni>, and evpn.rt_asn defaults to asn.spine, which differs per fabric: set the same evpn.rt_asn in every fabric of the region'
        : 'route targets are <evpn.rt_asn>:<l3vni>: set the same evpn.rt_asn in every fabric of the region',
    },
    fabricLabel(fabric),
    rts[0] ?? '',
    fabricLabel(first),
    rts[1] ?? '',
    shared,
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function name(vrf: Vrf): string {
  return `${vrf.tenant}/${vrf.name}`;
}

function l3vniAt(claim: VrfClaim): Place {
  return claim.fabric.at(claim.vrf.key ?? `vrf:${claim.vrf.name}.l3vni`);
}

/** Where a network's VNI is written: `vni`, or `vlan` when it is vni_base + vlan. */
function vniAt(fabric: FabricFacts, network: FabricFacts['networks'][number]): Place {
  if (network.key !== undefined) return fabric.at(network.key);
  const vni = fabric.at(`network:${network.name}.vni`);
  return vni.span !== undefined || vni.device !== undefined ? vni : fabric.at(`network:${network.name}.vlan`);
}

/** Where a fabric's rt_asn is written: `evpn.rt_asn`, or `asn.spine` it defaults to. */
function rtAsnAt(fabric: FabricFacts): Place {
  return fabric.rtAsnExplicit === false ? fabric.at('fabric.asn.spine') : fabric.at('fabric.evpn.rt_asn');
}
