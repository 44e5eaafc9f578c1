/**
 * Every fabric of a region has its own spine ASN. The spine ASN is the fabric's mark in the AS
 * path: a route of one fabric that reaches another through the WAN is dropped by eBGP loop
 * prevention at spines that carry the same ASN. RFC 7938 (section 5.2.2) reuses leaf (Tier 3)
 * ASNs across clusters, with allowas-in, and keeps each cluster's own ASN unique; so does this
 * rule: leaf ASNs may repeat across fabrics, spine ASNs may not.
 */
import { createDiagnostic, relatedInfo, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { RegionFabric } from '../region-model.js';
import { fabricLabel } from './fabric-label.js';

export function checkSpineAsns(fabrics: readonly RegionFabric[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const first = new Map<number, RegionFabric>();
  for (const f of fabrics) {
    const asn = f.fabric.settings.spineAsn;
    const earlier = first.get(asn);
    if (earlier === undefined) {
      first.set(asn, f);
      continue;
    }
    diagnostics.push(
      createDiagnostic(
        G.spineAsnShared,
        {
          span: f.fabric.provenance.get('fabric.asn.spine'),
          related: [relatedInfo(`spine ASN of fabric ${fabricLabel(earlier)}`, earlier.fabric.provenance.get('fabric.asn.spine'))],
          hint: 'give each fabric its own asn.spine (leaf ASNs may repeat across fabrics)',
        },
        asn,
        fabricLabel(f),
        fabricLabel(earlier),
      ),
    );
  }
  return diagnostics;
}
