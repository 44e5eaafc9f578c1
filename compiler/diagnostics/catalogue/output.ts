/** CLOS6xxx: the command line and the output directory. */
import { define } from './define.js';

export const OutputDiagnostics = {
  outputNotManaged: define('CLOS6001', 'error', 'output-not-managed', (dir: string) =>
    `output directory '${dir}' is not empty and holds no clos manifest.json; clos only replaces directories it wrote`),
  outputUnknownFiles: define('CLOS6002', 'error', 'output-unknown-files', (dir: string, files: string) =>
    `output directory '${dir}' holds files clos did not write (${files}); move them away first`),
  writeFailed: define('CLOS6003', 'error', 'write-failed', (path: string, reason: string) => `cannot write '${path}': ${reason}`),
  intentNotFound: define('CLOS6004', 'error', 'intent-not-found', (path: string) => `intent '${path}' does not exist`),
  manifestInvalid: define('CLOS6005', 'error', 'manifest-invalid', (path: string, reason: string) =>
    `'${path}' is not a valid clos manifest: ${reason}`),
  outputIsFile: define('CLOS6006', 'error', 'output-is-file', (path: string) => `output path '${path}' is a file, not a directory`),
  outputOtherBuild: define('CLOS6007', 'warning', 'output-other-build', (dir: string, before: string, now: string) =>
    `compiling ${now} into '${dir}' replaced the build of ${before} it held`),
} as const;
