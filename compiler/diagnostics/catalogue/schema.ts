/** CLOS2xxx: the shape of the intent, checked against intent/schema/fabric.schema.json. */
import { define } from './define.js';

export const SchemaDiagnostics = {
  unknownKey: define('CLOS2001', 'error', 'unknown-key', (key: string, where: string) => `unknown key '${key}' ${where}`),
  wrongType: define('CLOS2002', 'error', 'wrong-type', (path: string, expected: string, got: string) =>
    `${path} must be ${expected}, got ${got}`),
  missingKey: define('CLOS2003', 'error', 'missing-key', (key: string, where: string) => `${where} is missing required key '${key}'`),
  outOfRange: define('CLOS2004', 'error', 'out-of-range', (path: string, value: string, range: string) =>
    `${path} is ${value}, outside ${range}`),
  invalidFormat: define('CLOS2005', 'error', 'invalid-format', (path: string, value: string, expected: string) =>
    `${path} '${value}' is not ${expected}`),
  invalidValue: define('CLOS2006', 'error', 'invalid-value', (path: string, value: string, allowed: string) =>
    `${path} is '${value}'; allowed: ${allowed}`),
  unsafeString: define('CLOS2007', 'error', 'unsafe-string', (path: string, what: string) =>
    `${path} contains ${what}, which is not allowed in anything that reaches a configuration file`),
  listSize: define('CLOS2008', 'error', 'list-size', (path: string, rule: string) => `${path} must ${rule}`),
  duplicateListItem: define('CLOS2009', 'error', 'duplicate-list-item', (path: string, item: string) => `${path} lists ${item} twice`),
  unsupportedVersion: define('CLOS2010', 'error', 'unsupported-version', (got: string) =>
    `intent version ${got} is not supported; this clos reads version 1`),
} as const;
