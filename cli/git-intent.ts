/**
 * Reads an intent as it was at a git revision, without checking anything out: the intent path is
 * mapped into its repository, listed with `git ls-tree` and each YAML file read with `git show
 * <commit>:<path>`. The working tree and the index are never touched. The same limits as reading
 * from disk apply (file count, file and total size, UTF-8).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LoadDiagnostics as L, ReviewDiagnostics as R } from '../compiler/diagnostics/catalogue/index.js';
import { defaultLoadLimits, type IntentSource, type LoadLimits } from '../compiler/load/load-intent.js';
import { loadRegion, regionFileName, type FabricFiles, type LoadedRegion } from '../region/load-region.js';
import { readIntentFiles, type ReadProblem } from './intent-files.js';

export interface IntentAtRevision {
  /** The commit the revision names. */
  readonly commit: string;
  /** False when the intent path did not exist at that revision (a new fabric). */
  readonly exists: boolean;
  readonly sources: readonly IntentSource[];
  readonly diagnostics: readonly Diagnostic[];
}

type GitResult = { ok: true; out: Buffer } | { ok: false; reason: string };

function git(cwd: string, args: readonly string[]): GitResult {
  try {
    const out = execFileSync('git', [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return { ok: true, out };
  } catch (e) {
    const err = e as { stderr?: Buffer; message?: string; code?: string };
    if (err.code === 'ENOENT') return { ok: false, reason: 'git is not installed' };
    const stderr = err.stderr?.toString('utf8').trim() ?? '';
    return { ok: false, reason: stderr === '' ? (err.message ?? 'unknown error') : (stderr.split('\n')[0] ?? stderr) };
  }
}

/** Resolves `ref` to a commit in the repository holding `intentPath`, or says why not. */
export function resolveRevision(intentPath: string, ref: string, cwd: string): { top: string; commit: string } | { diagnostic: Diagnostic } {
  if (ref.startsWith('-') || ref.includes('\u0000')) return { diagnostic: createDiagnostic(R.againstNotFound, {}, ref, 'not a directory, and not a valid git revision') };
  const absolute = isAbsolute(intentPath) ? intentPath : resolve(cwd, intentPath);
  const from = existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  const top = git(from, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { diagnostic: createDiagnostic(R.againstNotFound, {}, ref, `not a directory, and the intent is not in a git repository (${top.reason})`) };
  const root = top.out.toString('utf8').trim();
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit.ok) return { diagnostic: createDiagnostic(R.againstNotFound, {}, ref, 'neither a directory nor a revision of the intent\'s git repository') };
  return { top: root, commit: commit.out.toString('utf8').trim() };
}


export function readIntentAtRevision(intentPath: string, ref: string, cwd: string, limits: LoadLimits = defaultLoadLimits): IntentAtRevision | { diagnostic: Diagnostic } {
  const resolved = resolveRevision(intentPath, ref, cwd);
  if ('diagnostic' in resolved) return resolved;
  const { top, commit } = resolved;
  const rel = repositoryPath(top, intentPath, cwd);
  if (rel === undefined) return { diagnostic: createDiagnostic(R.againstNotFound, {}, ref, 'the intent is outside its git repository') };
  return readTreeAtRevision(top, commit, rel, limits);
}

/** `path` (as typed, relative to `cwd`) relative to the repository's top, with '/'; undefined when outside. */
function repositoryPath(top: string, path: string, cwd: string): string | undefined {
  const absolute = realpathSync(isAbsolute(path) ? path : resolve(cwd, path));
  const rel = relative(realpathSync(top), absolute).split(sep).join('/');
  return rel.startsWith('..') ? undefined : rel;
}

/** The intent at `rel` (a YAML file, or a directory of them) in `commit`. */
function readTreeAtRevision(top: string, commit: string, rel: string, limits: LoadLimits): IntentAtRevision | { diagnostic: Diagnostic } {
  const entry = git(top, ['ls-tree', '-z', commit, '--', rel === '' ? '.' : rel]);
  if (!entry.ok) return { diagnostic: createDiagnostic(R.gitFailed, {}, 'ls-tree', entry.reason) };
  const [self] = parseLsTree(entry.out);
  if (self === undefined) return { commit, exists: false, sources: [], diagnostics: [] };
  let files: { name: string; path: string }[];
  if (self.type === 'tree' || rel === '') {
    const listing = git(top, ['ls-tree', '-z', commit, '--', rel === '' ? '.' : `${rel}/`]);
    if (!listing.ok) return { diagnostic: createDiagnostic(R.gitFailed, {}, 'ls-tree', listing.reason) };
    files = parseLsTree(listing.out)
      .filter((e) => e.type === 'blob' && e.mode !== '120000')
      .map((e) => ({ name: e.path.slice(e.path.lastIndexOf('/') + 1), path: e.path }))
      .filter((f) => /\.ya?ml$/.test(f.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (files.length === 0) return { commit, exists: false, sources: [], diagnostics: [] };
    if (files.length > limits.maxFiles) return { commit, exists: true, sources: [], diagnostics: [createDiagnostic(L.tooManyFiles, {}, files.length, limits.maxFiles)] };
  } else {
    files = [{ name: rel.slice(rel.lastIndexOf('/') + 1), path: rel }];
  }
  const read = readIntentFiles(
    files.map((f) => ({
      name: f.name,
      size: (): number | ReadProblem => {
        const size = git(top, ['cat-file', '-s', `${commit}:${f.path}`]);
        if (!size.ok) return { diagnostic: createDiagnostic(R.gitFailed, {}, 'cat-file', size.reason), fatal: true };
        return Number(size.out.toString('utf8').trim());
      },
      read: (): Uint8Array | ReadProblem => {
        const shown = git(top, ['show', `${commit}:${f.path}`]);
        if (!shown.ok) return { diagnostic: createDiagnostic(R.gitFailed, {}, 'show', shown.reason), fatal: true };
        return shown.out;
      },
    })),
    limits,
  );
  if (read.fatal !== undefined) return { diagnostic: read.fatal };
  return { commit, exists: true, sources: read.sources, diagnostics: read.diagnostics };
}

/** A region as it was at a git revision: region.yaml there, and each fabric directory it lists there. */
export interface RegionAtRevision {
  readonly commit: string;
  /** False when the region had no region.yaml at that revision (a new region). */
  readonly exists: boolean;
  readonly loaded: LoadedRegion;
}

export function readRegionAtRevision(regionPath: string, ref: string, cwd: string, limits: LoadLimits = defaultLoadLimits): RegionAtRevision | { diagnostic: Diagnostic } {
  const resolved = resolveRevision(regionPath, ref, cwd);
  if ('diagnostic' in resolved) return resolved;
  const { top, commit } = resolved;
  const rel = repositoryPath(top, regionPath, cwd);
  if (rel === undefined) return { diagnostic: createDiagnostic(R.againstNotFound, {}, ref, 'the region is outside its git repository') };
  const under = (name: string): string => (rel === '' ? name : `${rel}/${name}`);
  const regionFile = readTreeAtRevision(top, commit, under(regionFileName), limits);
  if ('diagnostic' in regionFile) return regionFile;
  const source = regionFile.sources[0];
  if (!regionFile.exists || source === undefined) {
    return { commit, exists: regionFile.exists, loaded: { file: undefined, fabrics: [], diagnostics: regionFile.diagnostics, texts: new Map() } };
  }
  let fatal: Diagnostic | undefined;
  const loaded = loadRegion(source, (dir): FabricFiles => {
    const read = readTreeAtRevision(top, commit, under(dir), limits);
    if ('diagnostic' in read) {
      fatal ??= read.diagnostic;
      return { sources: [], diagnostics: [] };
    }
    if (!read.exists) return { missing: `does not exist beside region.yaml at ${ref}` };
    return { sources: read.sources, diagnostics: read.diagnostics };
  });
  if (fatal !== undefined) return { diagnostic: fatal };
  return { commit, exists: true, loaded };
}

interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly path: string;
}

/** `git ls-tree -z`: `<mode> SP <type> SP <object> TAB <path> NUL`. */
function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\u0000')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode = '', type = ''] = record.slice(0, tab).split(' ');
    entries.push({ mode, type, path: record.slice(tab + 1) });
  }
  return entries;
}
