/**
 * CLOS40xx: regions — region.yaml, the rules across the fabrics of a region, its address plan and
 * its output (region/). Within 4xxx, codes 4001–4099 belong to regions.
 */
import { define } from './define.js';

export const RegionDiagnostics = {
  // region.yaml
  versionMissing: define('CLOS4001', 'error', 'region-version-missing', () => `region.yaml does not set 'version: 1'`),
  planHostBits: define('CLOS4002', 'error', 'plan-block-host-bits', (block: string, base: string) =>
    `plan block ${block} has host bits set; did you mean ${base}?`),
  planBlocksOverlap: define('CLOS4003', 'error', 'plan-blocks-overlap', (block: string, other: string) =>
    `plan block ${block} overlaps plan block ${other}; the blocks of a plan are disjoint`),
  fabricDirectoryMissing: define('CLOS4004', 'error', 'fabric-directory-missing', (dir: string, reason: string) =>
    `fabric directory '${dir}' ${reason}`),
  fabricDirectoryUnlisted: define('CLOS4005', 'warning', 'fabric-directory-unlisted', (dir: string) =>
    `directory '${dir}' beside region.yaml holds YAML files but is not in region.fabrics: its fabric is neither compiled nor checked against the region`),

  // Rules across the fabrics (region/rules/)
  duplicateFabricName: define('CLOS4010', 'error', 'duplicate-fabric-name', (name: string, dir: string, other: string) =>
    `fabric name '${name}' of '${dir}' is already the name of the fabric in '${other}'; fabric names are region-unique (each fabric is written to <out>/<name>/)`),
  // Fabrics are named as region/rules/fabric-label.ts labels them: 'az1', or 'az1' (az2/) when
  // the name is not the fabric's directory.
  prefixOverlap: define('CLOS4011', 'error', 'prefix-overlap-across-fabrics', (what: string, fabric: string, other: string) =>
    `${what} of fabric ${fabric} overlaps ${other}; prefixes of different fabrics never overlap in a region`),
  prefixOutsidePlan: define('CLOS4012', 'error', 'prefix-outside-plan', (what: string, fabric: string, detail: string) =>
    `${what} of fabric ${fabric} ${detail}`),
  prefixInWrongBlock: define('CLOS4013', 'error', 'prefix-in-wrong-plan-block', (what: string, fabric: string, block: string, blockFor: string, purpose: string) =>
    `${what} of fabric ${fabric} lies in plan block ${block}, which is for ${blockFor}; it belongs in a block for ${purpose}`),
  vrfL3vniMismatch: define('CLOS4014', 'error', 'vrf-l3vni-mismatch', (vrf: string, fabric: string, l3vni: number, other: string, otherL3vni: number) =>
    `VRF ${vrf} has L3VNI ${l3vni} in fabric ${fabric} but ${otherL3vni} in fabric ${other}; a tenant's VRF keeps one L3VNI in every fabric of the region`),
  vrfRouteTargetMismatch: define('CLOS4015', 'error', 'vrf-route-target-mismatch', (fabric: string, rts: string, other: string, otherRts: string, vrfs: string) =>
    `fabric ${fabric} gives route targets ${rts} and fabric ${other} ${otherRts}, but they share ${vrfs}; a tenant's VRF keeps one route target in every fabric of the region`),
  l3vniShared: define('CLOS4016', 'error', 'l3vni-shared-across-fabrics', (what: string, fabric: string, other: string) =>
    `${what} in fabric ${fabric} is ${other}; an L3VNI, and so its route target, stands for one tenant VRF across the region`),
  spineAsnShared: define('CLOS4017', 'error', 'spine-asn-shared-across-fabrics', (asn: number, fabric: string, other: string) =>
    `spine ASN ${asn} of fabric ${fabric} is already the spine ASN of fabric ${other}; every fabric of a region has its own spine ASN`),
  leafAsnSharedAcrossExit: define('CLOS4018', 'warning', 'leaf-asn-shared-across-exit', (vrf: string, fabric: string, accept: string, held: string, other: string, asns: string) =>
    `VRF '${vrf}' of fabric ${fabric} accepts ${accept} from outside, which holds ${held} of fabric ${other}, and both fabrics use leaf ASNs ${asns}: a route of ${other} arriving with its AS path kept is dropped by the leaf or border of ${fabric} that has the ASN of the leaf or border it passed in ${other}`),
  spineAsnIsLeafAsnAcrossExit: define('CLOS4019', 'warning', 'spine-asn-is-leaf-asn-across-exit', (vrf: string, fabric: string, accept: string, held: string, other: string, asns: string) =>
    `VRF '${vrf}' of fabric ${fabric} accepts ${accept} from outside, which holds ${held} of fabric ${other}, and ${asns}: a route of ${other} arriving with its AS path kept carries the ASNs of the leaf that originated it and of the spines it passed there, and the leaf or spine of ${fabric} with one of them drops it`),
  deviceNameShared: define('CLOS4022', 'error', 'device-name-shared-across-fabrics', (name: string, fabric: string, other: string) =>
    `device '${name}' of fabric ${fabric} has the name of a device of fabric ${other}; device names are region-unique (a switch's hostname is its name in LLDP, syslog, monitoring and DNS)`),
  aggregateOverlapsOtherFabric: define('CLOS4023', 'error', 'aggregate-overlaps-other-fabric', (aggregate: string, vrf: string, fabric: string, other: string) =>
    `aggregate ${aggregate} that VRF ${vrf} of fabric ${fabric} announces outside overlaps ${other}: routers outside send traffic for it to fabric ${fabric} whenever the more specific route is missing, and ${fabric} has no route to it but back out; an aggregate summarizes its own fabric's prefixes only`),

  // A region's build directory (clos verify <out>)
  fabricManifestChanged: define('CLOS4020', 'error', 'fabric-manifest-changed', (path: string) =>
    `'${path}' is not the manifest the region was written with: its sha256 differs from the one manifest.json records`),
  fabricBuildMissing: define('CLOS4021', 'error', 'fabric-build-missing', (fabric: string, path: string) =>
    `the region manifest lists fabric '${fabric}', but '${path}' is missing`),
} as const;
