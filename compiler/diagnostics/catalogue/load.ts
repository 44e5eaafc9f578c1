/** CLOS1xxx: reading intent files and YAML. */
import { define } from './define.js';

export const LoadDiagnostics = {
  yamlSyntax: define('CLOS1001', 'error', 'yaml-syntax', (detail: string) => `YAML syntax error: ${detail}`),
  duplicateKey: define('CLOS1002', 'error', 'duplicate-key', (key: string) => `key '${key}' is given twice in the same mapping`),
  aliasLimit: define('CLOS1003', 'error', 'alias-expansion-limit', (limit: number) =>
    `YAML aliases expand to more than ${limit} nodes; refusing to expand further (possible alias bomb)`),
  fileTooLarge: define('CLOS1004', 'error', 'file-too-large', (size: number, limit: number) =>
    `intent file is ${size} bytes, more than the limit of ${limit} bytes`),
  nestingTooDeep: define('CLOS1005', 'error', 'nesting-too-deep', (limit: number) =>
    `YAML nesting is deeper than ${limit} levels; the intent language never needs more than a few`),
  unsupportedYaml: define('CLOS1006', 'error', 'unsupported-yaml', (what: string) => `unsupported YAML: ${what}`),
  noIntentFiles: define('CLOS1007', 'error', 'no-intent-files', (dir: string) =>
    `directory '${dir}' holds no *.yaml or *.yml file`),
  unreadable: define('CLOS1008', 'error', 'unreadable-intent', (path: string, reason: string) =>
    `cannot read intent '${path}': ${reason}`),
  mergeConflict: define('CLOS1009', 'error', 'merge-conflict', (key: string) =>
    `top-level key '${key}' is given in two files; only lists (spines, leaves, tenants, servers) may be split across files`),
  versionMissing: define('CLOS1010', 'error', 'version-missing', () =>
    `no file sets 'version: 1'; exactly one intent file must`),
  multipleDocuments: define('CLOS1012', 'error', 'multiple-documents', () =>
    `a file holds more than one YAML document ('---'); put each part in its own file`),
  emptyFile: define('CLOS1013', 'warning', 'empty-file', () => `intent file is empty`),
  tooManyFiles: define('CLOS1014', 'error', 'too-many-files', (count: number, limit: number) =>
    `intent directory holds ${count} YAML files, more than the limit of ${limit}`),
  notAMapping: define('CLOS1015', 'error', 'top-level-not-mapping', (got: string) =>
    `an intent file must be a mapping of top-level keys, got ${got}`),
  invalidEncoding: define('CLOS1016', 'error', 'invalid-encoding', () => `intent file is not valid UTF-8 text`),
  totalTooLarge: define('CLOS1017', 'error', 'intent-too-large', (size: number, limit: number) =>
    `intent files total ${size} bytes, more than the limit of ${limit} bytes`),
  numberFormat: define('CLOS1018', 'error', 'number-format', (text: string, why: string) =>
    `number '${text}' ${why}; intent numbers are whole numbers in plain decimal digits`),
  skippedIntentFile: define('CLOS1019', 'warning', 'intent-file-skipped', (dir: string, files: string) =>
    `directory '${dir}' holds ${files}, which clos does not read: intent files end in .yaml or .yml, in lower case`),
  buildNotIntent: define('CLOS1020', 'error', 'build-not-intent', (dir: string, what: string) =>
    `directory '${dir}' is a clos build (${what}, as its manifest.json says), not an intent; this command reads intent files (*.yaml, *.yml)`),
} as const;
