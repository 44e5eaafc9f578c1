/**
 * In-memory intents for unit tests: compile YAML text (one file or several) through the library and
 * read diagnostics as `file:line:col CODE` strings, the form the tests assert.
 */
import { compileIntent, type CompileResult } from '../compiler/compile.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { DeviceModel } from '../compiler/build/device-model.js';
import type { LoadLimits } from '../compiler/load/load-intent.js';

/** A small, valid intent in the style of the quickstart example; tests change one thing in it. */
export const baseIntent = `version: 1
fabric:
  name: lab
  asn:
    spine: 65000
    leaf_base: 65100
  pools:
    loopback: 10.0.0.0/24
    vtep: 10.0.1.0/24
    p2p: 10.1.0.0/16
spines:
  - { name: spine1, id: 1 }
  - { name: spine2, id: 2 }
leaves:
  - { name: leaf1, id: 11, tags: [web] }
  - { name: leaf2, id: 12, tags: [db] }
tenants:
  - name: acme
    vrfs:
      - name: prod
        l3vni: 50001
        networks:
          - name: web
            vlan: 110
            subnet: 10.110.0.0/24
            labels: [frontend]
          - name: db
            vlan: 130
            subnet: 10.130.0.0/24
            leaves: [tag:db]
servers:
  - name: web01
    attach: [{ leaf: leaf1, port: 1 }]
    networks: [web]
    mode: access
`;

/** Compiles one file (named fabric.yaml) or several (name → text). */
export function compileText(text: string | Readonly<Record<string, string>>, limits?: LoadLimits): CompileResult {
  const files = typeof text === 'string' ? { 'fabric.yaml': text } : text;
  const sources = Object.entries(files).map(([name, t]) => ({ name, text: t }));
  return limits === undefined ? compileIntent(sources) : compileIntent(sources, { limits });
}

/** `file:line:col CODE` for each diagnostic, in the compiler's (sorted) order. */
export function located(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.span === undefined ? '-' : `${d.span.file}:${d.span.line}:${d.span.col}`} ${d.code}`);
}

/** Only the errors' `file:line:col CODE`. */
export function errorsOf(result: CompileResult): string[] {
  return located(result.diagnostics.filter((d) => d.severity === 'error'));
}

/** The device models of a valid intent; fails the test with the diagnostics otherwise. */
export function devicesOf(text: string | Readonly<Record<string, string>>): Map<string, DeviceModel> {
  const result = compileText(text);
  if (result.devices === undefined) {
    throw new Error(`intent does not compile:\n${result.diagnostics.map((d) => `${located([d]).join('')} ${d.message}`).join('\n')}`);
  }
  return new Map(result.devices.map((d) => [d.name, d]));
}

/** Replaces exactly one occurrence of `from` in `text`; throws when it is absent or ambiguous. */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`edit: '${from}' not found`);
  if (text.includes(from, at + 1)) throw new Error(`edit: '${from}' found twice`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
