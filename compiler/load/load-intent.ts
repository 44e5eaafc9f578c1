/**
 * The load stage: intent files (already read by the CLI) to one merged raw intent with source
 * positions. A directory intent is every `*.yaml`/`*.yml` in it, sorted by name; lists concatenate,
 * any other top-level key given in two files is an error naming both places.
 */
import { createDiagnostic, relatedInfo, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { LoadDiagnostics as L } from '../diagnostics/catalogue/index.js';
import { defaultYamlLimits, parseYamlFile, type YamlLimits } from './parse-yaml.js';
import { SourceIndex } from './source-index.js';

export interface IntentSource {
  /** Name relative to the intent root, as diagnostics show it. */
  readonly name: string;
  readonly text: string;
}

export interface LoadLimits extends YamlLimits {
  readonly maxFiles: number;
  readonly maxTotalChars: number;
}

export const defaultLoadLimits: LoadLimits = { ...defaultYamlLimits, maxFiles: 1000, maxTotalChars: 64 * 1024 * 1024 };

/** Keys whose lists concatenate across files. */
export const listKeys: readonly string[] = ['spines', 'leaves', 'tenants', 'servers'];

/** Where one item of a merged top-level list came from. */
export interface ItemOrigin {
  readonly list: readonly unknown[];
  readonly index: number;
}

export interface LoadedIntent {
  /** The merged intent, not yet validated: the schema stage types it. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly index: SourceIndex;
  /** For each top-level key, the file object that holds it (for key positions). */
  readonly owners: ReadonlyMap<string, object>;
  /** For each merged top-level list, where each item came from. */
  readonly itemOrigins: ReadonlyMap<string, readonly ItemOrigin[]>;
  readonly files: readonly string[];
}

export function loadIntent(sources: readonly IntentSource[], limits: LoadLimits = defaultLoadLimits): StageResult<LoadedIntent> {
  const diagnostics: Diagnostic[] = [];
  const top = { file: '', line: 1, col: 1, endLine: 1, endCol: 1 };
  if (sources.length > limits.maxFiles) {
    return { value: undefined, diagnostics: [createDiagnostic(L.tooManyFiles, { span: top }, sources.length, limits.maxFiles)] };
  }
  const total = sources.reduce((n, s) => n + s.text.length, 0);
  if (total > limits.maxTotalChars) {
    return { value: undefined, diagnostics: [createDiagnostic(L.totalTooLarge, {}, total, limits.maxTotalChars)] };
  }

  const index = new SourceIndex();
  const ordered = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const raw: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const owners = new Map<string, object>();
  const itemOrigins = new Map<string, ItemOrigin[]>();

  for (const source of ordered) {
    const parsed = parseYamlFile(source.name, source.text, index, limits);
    diagnostics.push(...parsed.diagnostics);
    const value = parsed.value;
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      const got = Array.isArray(value) ? 'a list' : `${typeof value} ${JSON.stringify(value)}`;
      const span = typeof value === 'object' ? index.span(value) : { file: source.name, line: 1, col: 1, endLine: 1, endCol: 1 };
      diagnostics.push(createDiagnostic(L.notAMapping, { span }, got));
      continue;
    }
    const fileObject = value as Record<string, unknown>;
    for (const key of Object.keys(fileObject)) {
      const v = fileObject[key];
      const previousOwner = owners.get(key);
      if (previousOwner === undefined) {
        owners.set(key, fileObject);
        if (listKeys.includes(key) && Array.isArray(v)) {
          raw[key] = [...(v as unknown[])];
          itemOrigins.set(key, (v as unknown[]).map((_, i) => ({ list: v as unknown[], index: i })));
        } else {
          raw[key] = v;
        }
        continue;
      }
      const existing = raw[key];
      if (listKeys.includes(key) && Array.isArray(existing) && Array.isArray(v)) {
        const origins = itemOrigins.get(key) ?? [];
        (v as unknown[]).forEach((item, i) => {
          existing.push(item);
          origins.push({ list: v as unknown[], index: i });
        });
        continue;
      }
      diagnostics.push(
        createDiagnostic(
          L.mergeConflict,
          {
            span: index.keySpan(fileObject, key),
            related: [relatedInfo(`'${key}' is first given here`, index.keySpan(previousOwner, key))],
          },
          key,
        ),
      );
    }
  }

  const loaded: LoadedIntent = { raw, index, owners, itemOrigins, files: ordered.map((s) => s.name) };
  if (diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics };
  if (!('version' in raw)) {
    const firstFile = ordered[0]?.name ?? '';
    diagnostics.push(createDiagnostic(L.versionMissing, { span: { file: firstFile, line: 1, col: 1, endLine: 1, endCol: 1 } }));
    return { value: undefined, diagnostics };
  }
  return { value: loaded, diagnostics };
}
