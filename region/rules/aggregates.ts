/**
 * An aggregate a VRF announces outside (`external.advertise: [...]`) summarizes its own fabric's
 * prefixes only (CLOS4023). Inside one fabric the resolve stage holds an aggregate off the pools,
 * the transit /31s and other VRFs' subnets (CLOS3126); across a region, an aggregate that also
 * holds a prefix of another fabric — any kind: its subnets, host pools, transit, pools — makes the
 * routers outside (the firewall, the WAN edge) send traffic for that prefix to this fabric whenever
 * the other fabric's more specific route is missing: that fabric down, or announcing aggregates of
 * its own that leave the prefix out, or nothing. This fabric has no route to it but back out, so an
 * availability zone's failure becomes a loop through the firewall instead of an unreachable prefix.
 *
 * Aggregates are few (a handful per VRF with an exit); each is compared with every prefix of the
 * other fabrics, and reported once with all it overlaps.
 */
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { FabricFacts, OwnedPrefix } from '../region-model.js';
import { describeOwnedAcross, fabricLabel, reportAt } from './place.js';
import { vrfLabel } from '../owned-prefixes.js';

export function checkAggregatesAcross(fabrics: readonly FabricFacts[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  fabrics.forEach((f, i) => {
    for (const a of f.aggregates) {
      const start = a.prefix.base;
      const end = start + a.prefix.size;
      const partners: { owned: OwnedPrefix; of: FabricFacts; fabric: number }[] = [];
      fabrics.forEach((other, j) => {
        if (j === i) return;
        for (const owned of other.prefixes) {
          const p = owned.prefix;
          if (p.base < end && start < p.base + p.size) partners.push({ owned, of: other, fabric: j });
        }
      });
      if (partners.length === 0) continue;
      const { text, related } = describeOwnedAcross(partners);
      const vrf = vrfLabel(a.tenant, a.vrf);
      diagnostics.push(
        reportAt(
          G.aggregateOverlapsOtherFabric,
          f.at(a.key),
          { related, hint: `narrow ${a.prefix.cidr} to prefixes of fabric ${fabricLabel(f)} alone (several aggregates if need be), or announce the VRF's subnets ('advertise: subnets')` },
          a.prefix.cidr,
          vrf,
          fabricLabel(f),
          text,
        ),
      );
    }
  });
  return diagnostics;
}
