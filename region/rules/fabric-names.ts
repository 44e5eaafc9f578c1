/**
 * Names are region-unique: a fabric's (each fabric is written to `<out>/<fabric.name>/`), and every
 * switch's (its hostname: what LLDP neighbours, syslog, monitoring and DNS know it by, across the
 * region's one network). Servers are not held to it: clos names them only in port descriptions.
 */
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { FabricFacts } from '../region-model.js';
import { clashesAcross, fabricLabel, relatedAt, reportAt } from './place.js';

export function checkFabricNames(fabrics: readonly FabricFacts[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const first = new Map<string, FabricFacts>();
  for (const f of fabrics) {
    const earlier = first.get(f.name);
    if (earlier === undefined) {
      first.set(f.name, f);
      continue;
    }
    diagnostics.push(reportAt(G.duplicateFabricName, f.at('fabric'), { related: [relatedAt(`the fabric in '${earlier.dir}' is named '${f.name}'`, earlier.at('fabric'))] }, f.name, f.dir, earlier.dir));
  }
  return diagnostics;
}

/**
 * A switch name used in two fabrics (CLOS4022), reported at the later fabric's device, once per
 * device. The hint names the switch after its own fabric: `az2-leaf1` for `leaf1`, and for an
 * `az1-leaf1` copied into az2 too.
 */
export function checkDeviceNames(fabrics: readonly FabricFacts[]): Diagnostic[] {
  return clashesAcross(fabrics, (f) => f.devices.map(({ name, key }) => ({ value: name, key }))).map(({ later, first }) => {
    const copied = `${first.fabric.name}-`;
    const base = later.value.startsWith(copied) ? later.value.slice(copied.length) : later.value;
    return reportAt(
      G.deviceNameShared,
      later.fabric.at(later.key),
      { related: [relatedAt(`device '${first.value}' of fabric ${fabricLabel(first.fabric)}`, first.fabric.at(first.key))], hint: `rename one of them, e.g. with its fabric's name: '${later.fabric.name}-${base}'` },
      later.value,
      fabricLabel(later.fabric),
      fabricLabel(first.fabric),
    );
  });
}
