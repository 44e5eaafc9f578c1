/**
 * Reads an intent from disk: one YAML file, or every `*.yaml`/`*.yml` in a directory (sorted, not
 * recursive). Sizes are checked before anything is read, so a hostile path cannot make clos load
 * gigabytes; text must be valid UTF-8.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LoadDiagnostics as L, OutputDiagnostics as O } from '../compiler/diagnostics/catalogue/index.js';
import { defaultLoadLimits, type IntentSource, type LoadLimits } from '../compiler/load/load-intent.js';

export interface IntentOnDisk {
  /** The intent root as the user typed it (a directory), joined to file names in diagnostics. */
  readonly root: string;
  readonly sources: readonly IntentSource[];
  readonly diagnostics: readonly Diagnostic[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readIntent(path: string, cwd: string, limits: LoadLimits = defaultLoadLimits): IntentOnDisk {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch {
    return { root: path, sources: [], diagnostics: [createDiagnostic(O.intentNotFound, {}, path)] };
  }
  let root: string;
  let files: { name: string; absolute: string }[];
  if (stat.isDirectory()) {
    root = path;
    let names: string[];
    try {
      names = readdirSync(absolute).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch (e) {
      return { root, sources: [], diagnostics: [createDiagnostic(L.unreadable, {}, path, reason(e))] };
    }
    if (names.length === 0) return { root, sources: [], diagnostics: [createDiagnostic(L.noIntentFiles, {}, path)] };
    if (names.length > limits.maxFiles) {
      return { root, sources: [], diagnostics: [createDiagnostic(L.tooManyFiles, {}, names.length, limits.maxFiles)] };
    }
    files = names.map((n) => ({ name: n, absolute: join(absolute, n) }));
  } else {
    root = dirname(path);
    files = [{ name: basename(path), absolute }];
  }

  const diagnostics: Diagnostic[] = [];
  const sources: IntentSource[] = [];
  let total = 0;
  for (const f of files) {
    const at = { file: f.name, line: 1, col: 1, endLine: 1, endCol: 1 };
    let size: number;
    try {
      const s = statSync(f.absolute);
      if (!s.isFile()) continue;
      size = s.size;
    } catch (e) {
      diagnostics.push(createDiagnostic(L.unreadable, { span: at }, f.name, reason(e)));
      continue;
    }
    if (size > limits.maxFileChars) {
      diagnostics.push(createDiagnostic(L.fileTooLarge, { span: at }, size, limits.maxFileChars));
      continue;
    }
    total += size;
    if (total > limits.maxTotalChars) {
      diagnostics.push(createDiagnostic(L.totalTooLarge, { span: at }, total, limits.maxTotalChars));
      break;
    }
    let text: string;
    try {
      text = decoder.decode(readFileSync(f.absolute));
    } catch (e) {
      if (e instanceof TypeError) diagnostics.push(createDiagnostic(L.invalidEncoding, { span: at }));
      else diagnostics.push(createDiagnostic(L.unreadable, { span: at }, f.name, reason(e)));
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    sources.push({ name: f.name, text });
  }
  return { root, sources, diagnostics };
}

function reason(e: unknown): string {
  if (e instanceof Error && 'code' in e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return 'permission denied';
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'is a directory';
  }
  return e instanceof Error ? e.message : String(e);
}
