/**
 * `clos diff --against <dir>` (and `clos compile --check`) with the build directory of another fabric (or region): its manifest
 * records the name it was compiled from. Another name than the intent's is almost always a wrong
 * path (in CI, a workflow step copied from another fabric), and the impact then lists every device
 * as added and removed. It is a warning, not a refusal: a pull request that renames the fabric is
 * compared with the build of the old name on purpose.
 */
import { ReviewDiagnostics as R } from '../compiler/diagnostics/catalogue/index.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';

/** CLOS8012 when `recorded` (the manifest's name) is not `name` (the intent's); undefined when they agree. */
export function checkComparedName(dir: string, what: 'fabric' | 'region', recorded: string, name: string, command: 'diff' | 'check' = 'diff'): Diagnostic | undefined {
  if (recorded === name) return undefined;
  const hint =
    command === 'diff'
      ? `compare with the build directory of ${what} '${name}'; if '${name}' is '${recorded}' renamed, the impact is the rename's`
      : `check the build directory of ${what} '${name}'; if '${name}' is '${recorded}' renamed, compiling into '${dir}' replaces the old build with the renamed one`;
  return createDiagnostic(R.againstOtherName, { hint }, dir, what, recorded, name);
}
