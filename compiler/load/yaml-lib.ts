/**
 * The yaml library, loaded on first use. Most intents are read by plain-yaml.ts alone and never
 * need it (only files that reader declines, and positions for diagnostics, do): loading it at
 * start cost every command ~30 ms (bench/PROFILE.md, round 3). Same functions, same types.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

function yaml(): typeof Yaml {
  lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return lib;
}

export const isAlias = (node: unknown): node is Yaml.Alias => yaml().isAlias(node);
export const isMap = (node: unknown): node is Yaml.YAMLMap => yaml().isMap(node);
export const isPair = (node: unknown): node is Yaml.Pair => yaml().isPair(node);
export const isScalar = (node: unknown): node is Yaml.Scalar => yaml().isScalar(node);
export const isSeq = (node: unknown): node is Yaml.YAMLSeq => yaml().isSeq(node);

export function parseAllDocuments(source: string, options: Yaml.ParseOptions & Yaml.DocumentOptions & Yaml.SchemaOptions): Yaml.Document.Parsed[] | Yaml.EmptyStream {
  return yaml().parseAllDocuments(source, options);
}

export function visit(node: Yaml.Node | Yaml.Document, visitor: Yaml.visitor): void {
  yaml().visit(node, visitor);
}
