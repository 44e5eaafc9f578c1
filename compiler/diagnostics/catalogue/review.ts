/** CLOS8xxx: the review side — `compile --check`, `diff`, `doc`, `export containerlab`. */
import { define } from './define.js';

export const ReviewDiagnostics = {
  outputStale: define('CLOS8001', 'error', 'output-stale', (dir: string, stale: number, missing: number, extra: number) =>
    `'${dir}' is not what the intent compiles to: ${stale} stale, ${missing} missing, ${extra} extra file${stale + missing + extra === 1 ? '' : 's'}`),
  againstNotFound: define('CLOS8002', 'error', 'against-not-found', (against: string, reason: string) =>
    `cannot compare against '${against}': ${reason}`),
  againstNotCompiled: define('CLOS8003', 'error', 'against-not-compiled', (dir: string, reason: string) =>
    `'${dir}' is not a directory clos compiled: ${reason}`),
  revisionIntentInvalid: define('CLOS8004', 'error', 'revision-intent-invalid', (ref: string, errors: number) =>
    `the intent at '${ref}' does not compile (${errors} error${errors === 1 ? '' : 's'} above); fix the base or compare against another revision`),
  gitFailed: define('CLOS8005', 'error', 'git-failed', (command: string, reason: string) => `git ${command} failed: ${reason}`),
  exportNotManaged: define('CLOS8006', 'error', 'export-not-managed', (dir: string, files: string) =>
    `'${dir}' holds files clos export did not write (${files}); move them away first`),
  exportLabDeployed: define('CLOS8007', 'error', 'export-lab-deployed', (dir: string, labDir: string) =>
    `'${dir}' holds the lab directory '${labDir}' of a deployed lab; destroy it first (containerlab destroy --cleanup)`),
  exportNameClash: define('CLOS8008', 'error', 'export-name-clash', (kind: 'server' | 'switch', name: string, what: string) =>
    `${kind} '${name}' has the name of ${what}; containerlab nodes need distinct names`),
  docWriteFailed: define('CLOS8009', 'error', 'doc-write-failed', (path: string, reason: string) => `cannot write '${path}': ${reason}`),
  platformMismatch: define('CLOS8010', 'error', 'platform-mismatch', (dir: string, as: string, given: string) =>
    `'${dir}' was compiled ${as}; comparing it with --platform ${given} output would set one platform's configurations against another's`),
  platformUnrecorded: define('CLOS8011', 'error', 'platform-unrecorded', (dir: string, was: string, now: string, devices: string) =>
    `'${dir}' does not record the --platform it was compiled with (an older clos wrote it), and its devices are on ${was} where the intent puts them on ${now} (${devices})`),
  againstOtherName: define('CLOS8012', 'warning', 'against-other-name', (dir: string, what: 'fabric' | 'region', recorded: string, name: string) =>
    `'${dir}' was compiled from ${what} '${recorded}', not '${name}': the comparison sets one ${what} against another`),
  exportReservedName: define('CLOS8013', 'error', 'export-reserved-name', (what: string, name: string, reason: string) =>
    `${what} '${name}' would have its files in '${name}/' of the export, ${reason}; containerlab nodes need names the export's own files do not take`),
} as const;
