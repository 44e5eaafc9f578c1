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
import { prefixesOverlap } from '../../compiler/shared/ipv4.js';
import { clashesAcross, fabricLabel, relatedAt, reportAt } from './place.js';

export function checkSpineAsns(fabrics: readonly FabricFacts[]): Diagnostic[] {
  // A fabric's models may run its spines on several ASNs (a hand edit): each is checked.
  return clashesAcross(fabrics, (f) => f.spineAsns.map(({ asn, key }) => ({ value: asn, key }))).map(({ later, first }) =>
    reportAt(
      G.spineAsnShared,
      later.fabric.at(later.key),
      { related: [relatedAt(`spine ASN of fabric ${fabricLabel(first.fabric)}`, first.fabric.at(first.key))], hint: 'give each fabric its own asn.spine (leaf ASNs may repeat across fabrics)' },
      later.value,
      fabricLabel(later.fabric),
      fabricLabel(first.fabric),
    ),
  );
}

/** Each ASN with the first (by name) of the devices that use it. */
export function firstByAsn(devices: readonly { readonly asn: number; readonly name: string }[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const d of [...devices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) if (!out.has(d.asn)) out.set(d.asn, d.name);
  return out;
}

/**
 * Leaf ASNs shared by two fabrics while one takes the other's prefixes from outside (CLOS4018, a
 * warning): a route of fabric A that a VRF of fabric B accepts through the routers outside carries
 * in its AS path the ASN of A's leaf that originated it and of A's border it left by. Unless those
 * routers remove private ASNs, B's leaf or border of the same ASN drops it (eBGP loop prevention;
 * RFC 7938 pairs leaf ASN reuse across clusters with allowas-in, which clos renders inside a
 * fabric only). Reported once per accepting VRF and other fabric, at the VRF's accept list.
 */
export function checkLeafAsnsAcross(fabrics: readonly FabricFacts[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const b of fabrics) {
    if (b.accepts.length === 0) continue;
    for (const a of fabrics) {
      if (a === b) continue;
      const shared = [...b.leafAsns.keys()].filter((asn) => a.leafAsns.has(asn)).sort((x, y) => x - y);
      if (shared.length === 0) continue;
      for (const [vrf, hit] of acceptedFrom(b, a)) {
        const listed = shared.length <= 3 ? shared.join(', ') : `${shared.slice(0, 3).join(', ')} and ${shared.length - 3} more`;
        diagnostics.push(
          reportAt(
            G.leafAsnSharedAcrossExit,
            b.at(hit.key),
            {
              related: [relatedAt(`leaf ASNs of fabric ${fabricLabel(a)}`, a.at('fabric.asn.leaf_base'))],
              hint: 'give the fabrics leaf ASNs of their own (leaf_base, or asn per leaf), or have the routers outside remove private ASNs',
            },
            vrf,
            fabricLabel(b),
            hit.accept,
            hit.held,
            fabricLabel(a),
            listed,
          ),
        );
      }
    }
  }
  return diagnostics;
}

/**
 * The spine ASN of one fabric used by a leaf of the other, while one takes the other's prefixes
 * from outside (CLOS4019, a warning). A route of fabric A reaches A's border through A's spines,
 * which prepend their ASN (they are the EVPN route servers): it leaves A with the ASNs of the leaf
 * that originated it, of A's spines and of the border. In B it passes B's border and spines to
 * B's leaves. A leaf of B on A's spine ASN drops it, and so does every spine of B when B's spine
 * ASN is the ASN of A's originating leaf — then no leaf of B learns it. Spine ASNs shared by the
 * two are CLOS4017, leaf ASNs shared CLOS4018. Once per accepting VRF and other fabric.
 */
export function checkSpineLeafAsnsAcross(fabrics: readonly FabricFacts[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const b of fabrics) {
    if (b.accepts.length === 0) continue;
    for (const a of fabrics) {
      if (a === b) continue;
      const crossed: { asn: number; text: string; key: string; of: FabricFacts }[] = [];
      for (const { asn, key } of a.spineAsns) {
        const leaf = b.leafAsns.get(asn);
        if (leaf !== undefined) crossed.push({ asn, text: `ASN ${asn} is the spine ASN of ${fabricLabel(a)} and the ASN of leaf '${leaf}' of ${fabricLabel(b)}`, key, of: a });
      }
      for (const { asn, key } of b.spineAsns) {
        const leaf = a.leafAsns.get(asn);
        if (leaf !== undefined) crossed.push({ asn, text: `ASN ${asn} is the ASN of leaf '${leaf}' of ${fabricLabel(a)} and the spine ASN of ${fabricLabel(b)}`, key, of: b });
      }
      if (crossed.length === 0) continue;
      crossed.sort((x, y) => x.asn - y.asn);
      const listed = crossed.map((c) => c.text).join('; ');
      for (const [vrf, hit] of acceptedFrom(b, a)) {
        diagnostics.push(
          reportAt(
            G.spineAsnIsLeafAsnAcrossExit,
            b.at(hit.key),
            {
              related: crossed.slice(0, 3).map((c) => relatedAt(`spine ASN ${c.asn} of fabric ${fabricLabel(c.of)}`, c.of.at(c.key))),
              hint: "give leaves ASNs that are no other fabric's spine ASN (leaf_base, or asn per leaf), or have the routers outside remove private ASNs",
            },
            vrf,
            fabricLabel(b),
            hit.accept,
            hit.held,
            fabricLabel(a),
            listed,
          ),
        );
      }
    }
  }
  return diagnostics;
}

/** Per VRF of `b`, the first accept entry that holds a tenant subnet or host pool of `a`. */
function acceptedFrom(b: FabricFacts, a: FabricFacts): Map<string, { accept: string; held: string; key: string }> {
  const theirs = a.prefixes.filter((p) => p.kind === 'tenant-subnet' || p.kind === 'host-pool');
  const byVrf = new Map<string, { accept: string; held: string; key: string }>();
  for (const e of b.accepts) {
    if (byVrf.has(e.vrf)) continue;
    const held = theirs.find((p) => prefixesOverlap(p.prefix, e.prefix));
    if (held !== undefined) byVrf.set(e.vrf, { accept: e.prefix.cidr, held: held.prefix.cidr, key: e.key });
  }
  return byVrf;
}
