/**
 * Reads an intent from disk: one YAML file, or every `*.yaml`/`*.yml` in a directory (sorted, not
 * recursive). Sizes are checked before anything is read, so a hostile path cannot make clos load
 * gigabytes; text must be valid UTF-8.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { createDiagnostic, type Diagnostic, type Span } from '../compiler/diagnostics/diagnostic.js';
import { LoadDiagnostics as L, OutputDiagnostics as O } from '../compiler/diagnostics/catalogue/index.js';
import { defaultLoadLimits, type IntentSource, type LoadLimits } from '../compiler/load/load-intent.js';
import { manifestFile, parseManifest } from '../compiler/render/manifest.js';
import { parseRegionManifest } from '../region/manifest.js';

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
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { root: path, sources: [], diagnostics: [createDiagnostic(O.intentNotFound, {}, path)] };
    return { root: path, sources: [], diagnostics: [createDiagnostic(L.unreadable, {}, path, reason(e))] };
  }
  let root: string;
  let files: { name: string; absolute: string }[];
  /** CLOS1019 for the files of a directory that look like intent but are not read. */
  let skipped: Diagnostic[] = [];
  if (stat.isDirectory()) {
    root = path;
    let entries: string[];
    try {
      entries = readdirSync(absolute);
    } catch (e) {
      return { root, sources: [], diagnostics: [createDiagnostic(L.unreadable, {}, path, reason(e))] };
    }
    const names = entries.filter(isIntentFileName).sort();
    // *.YAML, *.Yml…: the shell's *.yaml leaves them out, and so does clos, but never without a word
    // (on a case-insensitive file system the two look alike).
    const unread = entries.filter((n) => !isIntentFileName(n) && /\.ya?ml$/i.test(n) && !n.startsWith('.')).sort();
    if (unread.length > 0) skipped = [createDiagnostic(L.skippedIntentFile, {}, path, unread.map((n) => `'${n}'`).join(', '))];
    if (names.length === 0) {
      const build = entries.includes(manifestFile) ? describeBuild(join(absolute, manifestFile), limits) : undefined;
      const empty = build === undefined ? createDiagnostic(L.noIntentFiles, {}, path) : createDiagnostic(L.buildNotIntent, { hint: buildHint }, path, build);
      return { root, sources: [], diagnostics: [empty, ...skipped] };
    }
    if (names.length > limits.maxFiles) {
      return { root, sources: [], diagnostics: [createDiagnostic(L.tooManyFiles, {}, names.length, limits.maxFiles)] };
    }
    files = names.map((n) => ({ name: n, absolute: join(absolute, n) }));
  } else {
    root = dirname(path);
    files = [{ name: basename(path), absolute }];
  }

  const read = readIntentFiles(
    files.map((f) => ({
      name: f.name,
      size: (): number | ReadProblem => {
        const at = fileStart(f.name);
        try {
          const s = statSync(f.absolute);
          if (s.isDirectory() && stat.isDirectory()) return { skip: true }; // a directory named *.yaml: intents are not recursive
          // A device, pipe or socket could be endless: never read one.
          if (!s.isFile()) return { diagnostic: createDiagnostic(L.unreadable, { span: at }, f.name, 'not a regular file') };
          return s.size;
        } catch (e) {
          return { diagnostic: createDiagnostic(L.unreadable, { span: at }, f.name, reason(e)) };
        }
      },
      read: (): Uint8Array | ReadProblem => {
        try {
          return readFileSync(f.absolute);
        } catch (e) {
          return { diagnostic: createDiagnostic(L.unreadable, { span: fileStart(f.name) }, f.name, reason(e)) };
        }
      },
    })),
    limits,
  );
  return { root, sources: read.sources, diagnostics: [...skipped, ...read.diagnostics] };
}

const buildHint =
  'give the intent directory the build was compiled from; `clos verify <dir>`, `clos lab up <dir>` and `clos diff <intent> --against <dir>` take a build directory';

/**
 * What a manifest.json says its build is (`fabric dc1`, `region eu`), when clos wrote it; undefined
 * for any other file of that name, so a directory clos did not write is still CLOS1007 (CLOS1020
 * otherwise).
 */
function describeBuild(file: string, limits: LoadLimits): string | undefined {
  let text: string;
  try {
    const s = statSync(file);
    // Read only what an intent file could be: never a pipe, a device or gigabytes.
    if (!s.isFile() || s.size > limits.maxFileChars) return undefined;
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const fabric = parseManifest(text);
  if ('manifest' in fabric) return `fabric ${fabric.manifest.fabric}`;
  const region = parseRegionManifest(text);
  return 'manifest' in region ? `region ${region.manifest.region}` : undefined;
}

/**
 * Whether a file of a directory is part of its intent: as the shell's *.yaml and *.yml, so not a
 * hidden file (editor locks such as emacs' .#fabric.yaml) and not *.YAML.
 */
export function isIntentFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) && !name.startsWith('.');
}

/** Why a file of an intent is not read: skipped silently, or a diagnostic (`fatal` stops reading the intent). */
export type ReadProblem = { readonly skip: true } | { readonly diagnostic: Diagnostic; readonly fatal?: boolean };

/** One file of an intent, wherever it lives (the file system, a git revision). */
export interface IntentFile {
  readonly name: string;
  /** Its size in bytes, asked before anything is read. */
  size(): number | ReadProblem;
  read(): Uint8Array | ReadProblem;
}

function fileStart(name: string): Span {
  return { file: name, line: 1, col: 1, endLine: 1, endCol: 1 };
}

/**
 * Reads an intent's files within the limits: each file's size is checked before it is read, and
 * the total; text must be UTF-8 (a UTF-16 file gets a hint; a byte order mark is dropped).
 */
export function readIntentFiles(files: readonly IntentFile[], limits: LoadLimits): { sources: IntentSource[]; diagnostics: Diagnostic[]; fatal: Diagnostic | undefined } {
  const diagnostics: Diagnostic[] = [];
  const sources: IntentSource[] = [];
  let total = 0;
  for (const f of files) {
    const size = f.size();
    if (typeof size !== 'number') {
      if ('skip' in size) continue;
      if (size.fatal === true) return { sources, diagnostics, fatal: size.diagnostic };
      diagnostics.push(size.diagnostic);
      continue;
    }
    if (size > limits.maxFileChars) {
      diagnostics.push(createDiagnostic(L.fileTooLarge, { span: fileStart(f.name) }, size, limits.maxFileChars));
      continue;
    }
    total += size;
    if (total > limits.maxTotalChars) {
      diagnostics.push(createDiagnostic(L.totalTooLarge, { span: fileStart(f.name) }, total, limits.maxTotalChars));
      break;
    }
    const bytes = f.read();
    if (!(bytes instanceof Uint8Array)) {
      if ('skip' in bytes) continue;
      if (bytes.fatal === true) return { sources, diagnostics, fatal: bytes.diagnostic };
      diagnostics.push(bytes.diagnostic);
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
      diagnostics.push(
        createDiagnostic(L.invalidEncoding, {
          span: invalidUtf8Span(f.name, bytes),
          hint: utf16 ? 'the file is UTF-16 (as Windows Notepad saves "Unicode"); save it as UTF-8' : 'save the file as UTF-8',
        }),
      );
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    sources.push({ name: f.name, text });
  }
  return { sources, diagnostics, fatal: undefined };
}


/** Where the first byte that is not UTF-8 is, as a line and a column of the text before it. */
export function invalidUtf8Span(file: string, bytes: Uint8Array): { file: string; line: number; col: number; endLine: number; endCol: number } {
  const offset = firstInvalidUtf8(bytes);
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset)).replace(/^\uFEFF/, '');
  const lines = before.split('\n');
  const line = lines.length;
  const col = (lines.at(-1) ?? '').length + 1;
  return { file, line, col, endLine: line, endCol: col + 1 };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let n = 0;
    let min = 0;
    if (b < 0x80) n = 0;
    else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = n === 0 ? b : b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (n > 0 && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) return i;
    i += n + 1;
  }
  return bytes.length;
}

function errorCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e ? (e as NodeJS.ErrnoException).code : undefined;
}

function reason(e: unknown): string {
  const code = errorCode(e);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file (a broken symbolic link?)';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return e instanceof Error ? e.message : String(e);
}
