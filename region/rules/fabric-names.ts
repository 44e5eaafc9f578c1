/** Fabric names are region-unique: each fabric is written to `<out>/<fabric.name>/`. */
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { RegionDiagnostics as G } from '../../compiler/diagnostics/catalogue/index.js';
import type { FabricFacts } from '../region-model.js';
import { relatedAt, reportAt } from './place.js';

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
