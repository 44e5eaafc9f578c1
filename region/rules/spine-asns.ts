/**
 * Every fabric of a region has its own spine ASN. The spine ASN is the fabric's mark in the AS
 * path: a route of one fabric that reaches another through the WAN is dropped by eBGP loop
 * prevention at spines that carry the same ASN. RFC 7938 (section 5.2.2) reuses leaf (Tier 3)
 * ASNs across clusters and keeps each cluster's own ASN unique; so does this rule: leaf ASNs may
 * repeat across fabrics, spine ASNs may not. The RFC pairs the reuse with allowas-in on the leaves,
 * which clos renders only for leaves sharing an ASN inside one fabric: a route that crosses from
 * one fabric into another through the routers outside, with its AS path kept, is dropped by the
 * leaf or border of the same ASN (README, "Regions").
 */
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { FabricFacts } from '../region-model.js';
import { fabricLabel, relatedAt, reportAt } from './place.js';

export function checkSpineAsns(fabrics: readonly FabricFacts[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const first = new Map<number, FabricFacts>();
  for (const f of fabrics) {
    const earlier = first.get(f.spineAsn);
    if (earlier === undefined) {
      first.set(f.spineAsn, f);
      continue;
    }
    diagnostics.push(
      reportAt(
        G.spineAsnShared,
        f.at('fabric.asn.spine'),
        { related: [relatedAt(`spine ASN of fabric ${fabricLabel(earlier)}`, earlier.at('fabric.asn.spine'))], hint: 'give each fabric its own asn.spine (leaf ASNs may repeat across fabrics)' },
        f.spineAsn,
        fabricLabel(f),
        fabricLabel(earlier),
      ),
    );
  }
  return diagnostics;
}
