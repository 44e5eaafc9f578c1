/** Fabric names are region-unique: each fabric is written to `<out>/<fabric.name>/`. */
import { createDiagnostic, relatedInfo, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { RegionFabric } from '../region-model.js';

export function checkFabricNames(fabrics: readonly RegionFabric[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const first = new Map<string, RegionFabric>();
  for (const f of fabrics) {
    const earlier = first.get(f.fabric.name);
    if (earlier === undefined) {
      first.set(f.fabric.name, f);
      continue;
    }
    diagnostics.push(
      createDiagnostic(
        G.duplicateFabricName,
        { span: f.fabric.provenance.get('fabric'), related: [relatedInfo(`the fabric in '${earlier.dir}' is named '${f.fabric.name}'`, earlier.fabric.provenance.get('fabric'))] },
        f.fabric.name,
        f.dir,
        earlier.dir,
      ),
    );
  }
  return diagnostics;
}
