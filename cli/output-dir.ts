/**
 * Writes compiled output atomically: everything goes to a temporary directory beside `<dir>` and is
 * moved into place by renames (commitOutput), so on any error nothing under `<dir>` changes — for a
 * region, across all its fabrics — and a signal or a kill leaves `<dir>` the old build or the new.
 * clos only replaces a directory it wrote (one with a valid manifest.json, a fabric's or a
 * region's, and no other files), never deletes what it did not write.
 */
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, constants, existsSync, fchmodSync, fstatSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { OutputDiagnostics as O } from '../compiler/diagnostics/catalogue/index.js';
import { manifestFile, parseManifest, type Manifest } from '../compiler/render/manifest.js';
import type { ChunkedFile, ConfigFile, RenderedFile } from '../compiler/render/render.js';
import { Utf8Encoder } from '../compiler/render/text-chunks.js';
import { isRegionManifest, parseRegionManifest } from '../region/manifest.js';

export interface ExistingOutput {
  /** The manifest of a fabric's directory clos wrote earlier; undefined for a missing or empty directory, or a region's. */
  readonly manifest: Manifest | undefined;
  /** The sha256 of that manifest's text (build-record.ts); undefined with it. */
  readonly manifestSha256?: string | undefined;
  /** The fabric or region the directory's build was compiled from; undefined for a missing or empty directory. */
  readonly builtFrom?: BuiltFrom | undefined;
}

export interface BuiltFrom {
  readonly what: 'fabric' | 'region';
  readonly name: string;
}

/**
 * CLOS6007 when a compile of `now` replaced the build of another fabric or region (`before`): a
 * wrong `-o`, or a rename. A warning, as a rename compiled into its old directory is meant.
 */
export function replacedOtherBuild(shown: string, before: BuiltFrom | undefined, now: BuiltFrom): Diagnostic | undefined {
  if (before === undefined || (before.what === now.what && before.name === now.name)) return undefined;
  const hint = `a rename compiled into its old directory is meant; if the path was wrong, compiling ${before.what} '${before.name}' into '${shown}' again brings its build back`;
  return createDiagnostic(O.outputOtherBuild, { hint }, shown, `${before.what} '${before.name}'`, `${now.what} '${now.name}'`);
}

/** Lists every file under a directory, relative, sorted. */
export function listFiles(dir: string): string[] {
  return listEntries(dir).files;
}

/** Every file and every directory under `dir`, relative, sorted; directories end in `/`. */
export function listEntries(dir: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        dirs.push(`${relative(dir, full)}/`);
        walk(full);
      } else {
        files.push(relative(dir, full));
      }
    }
  };
  walk(dir);
  return { files: files.sort(), dirs: dirs.sort() };
}

/** Decides whether clos may replace `dir`; a diagnostic says why not. */
export function inspectOutputDir(dir: string, shown: string): { existing: ExistingOutput } | { diagnostic: Diagnostic } {
  try {
    return inspect(dir, shown);
  } catch (e) {
    return { diagnostic: createDiagnostic(O.writeFailed, {}, shown, describeError(e)) };
  }
}

function inspect(dir: string, shown: string): { existing: ExistingOutput } | { diagnostic: Diagnostic } {
  if (!existsSync(dir)) return { existing: { manifest: undefined } };
  if (!statSync(dir).isDirectory()) return { diagnostic: createDiagnostic(O.outputIsFile, {}, shown) };
  const { files, dirs } = listEntries(dir);
  if (files.length === 0 && dirs.length === 0) return { existing: { manifest: undefined } };
  if (!files.includes(manifestFile)) return { diagnostic: createDiagnostic(O.outputNotManaged, {}, shown) };
  const written = writtenFiles(dir, shown);
  if ('diagnostic' in written) return written;
  const { known, manifest, manifestSha256, builtFrom } = written;
  // A stray directory, even an empty one, is not clos's to delete.
  const list = describeForeign(files, dirs, known);
  if (list !== undefined) return { diagnostic: createDiagnostic(O.outputUnknownFiles, {}, shown, list) };
  return { existing: { manifest, manifestSha256, builtFrom } };
}

/**
 * What a directory holds besides the `known` files, as a diagnostic lists it, or undefined when
 * nothing: each foreign file in a directory clos wrote, and each foreign directory once, with the
 * number of files under it (`backup/ (12 files)`, `old/ (empty)`) rather than every path beneath
 * it — a stray `.git/` is one entry, not thousands. The first five in path order, then how many
 * more. `files` and `dirs` as listEntries gives them.
 */
export function describeForeign(files: readonly string[], dirs: readonly string[], known: ReadonlySet<string>): string | undefined {
  const knownDirs = new Set([...known].flatMap((f) => parentDirs(f)));
  const foreignDirs = dirs.filter((d) => !knownDirs.has(d) && parentDirs(d.slice(0, -1)).every((p) => knownDirs.has(p)));
  const under = (f: string, d: string): boolean => f.startsWith(d);
  const entries = [
    ...files.filter((f) => !known.has(f) && !foreignDirs.some((d) => under(f, d))),
    ...foreignDirs.map((d) => {
      const count = files.filter((f) => under(f, d)).length;
      return `${d} (${count === 0 ? 'empty' : count === 1 ? '1 file' : `${count} files`})`;
    }),
  ].sort();
  if (entries.length === 0) return undefined;
  return entries.length <= 5 ? entries.join(', ') : `${entries.slice(0, 5).join(', ')} and ${entries.length - 5} more`;
}

/**
 * The files clos wrote in `dir`, from its manifest: a fabric's (every file it lists), or a
 * region's (region/manifest.ts: each fabric's manifest under `<fabric>/`, and every file that one
 * lists). `manifest` is the fabric manifest; undefined for a region.
 */
function writtenFiles(dir: string, shown: string): { known: Set<string>; manifest: Manifest | undefined; manifestSha256?: string; builtFrom: BuiltFrom } | { diagnostic: Diagnostic } {
  const text = readFileSync(join(dir, manifestFile), 'utf8');
  const region = parseRegionManifest(text);
  // A region's manifest edited into one clos does not write: say why, not that it is no fabric's.
  if ('error' in region && isRegionManifest(jsonOrUndefined(text))) return { diagnostic: createDiagnostic(O.manifestInvalid, {}, join(shown, manifestFile), region.error) };
  if ('manifest' in region) {
    const known = new Set([manifestFile]);
    for (const f of region.manifest.fabrics) {
      const path = join(dir, f.manifest);
      if (!existsSync(path)) return { diagnostic: createDiagnostic(O.manifestInvalid, {}, join(shown, manifestFile), `fabric '${f.name}' has no ${f.manifest}`) };
      const parsed = parseManifest(readFileSync(path, 'utf8'));
      if ('error' in parsed) return { diagnostic: createDiagnostic(O.manifestInvalid, {}, join(shown, f.manifest), parsed.error) };
      known.add(f.manifest);
      for (const file of Object.keys(parsed.manifest.files)) known.add(`${f.name}/${file}`);
    }
    return { known, manifest: undefined, builtFrom: { what: 'region', name: region.manifest.region } };
  }
  const parsed = parseManifest(text);
  if ('error' in parsed) return { diagnostic: createDiagnostic(O.manifestInvalid, {}, join(shown, manifestFile), parsed.error) };
  return {
    known: new Set([manifestFile, ...Object.keys(parsed.manifest.files)]),
    manifest: parsed.manifest,
    manifestSha256: createHash('sha256').update(text).digest('hex'),
    builtFrom: { what: 'fabric', name: parsed.manifest.fabric },
  };
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `a/b/c` → `a/`, `a/b/`. */
function parentDirs(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(`${path.slice(0, i)}/`);
  return out;
}

/** An output directory being written: files go to a temporary sibling until it is committed. */
export interface PendingOutput {
  readonly dir: string;
  /** `dir` as the user wrote it, for diagnostics. */
  readonly shown: string;
  readonly tmp: string;
}

/**
 * Creates the temporary directory the output is written to (a compile has already tidied what a
 * killed clos left beside `dir`: recoverInterruptedOutput). Until the output is committed or
 * discarded, SIGINT, SIGTERM and SIGHUP remove the temporary directory before they end the process.
 */
export function beginOutput(dir: string, shown: string): PendingOutput | Diagnostic {
  const parent = dirname(dir);
  const tmp = join(parent, `.${basename(dir)}.clos-tmp-${process.pid}-${Date.now().toString(36)}`);
  try {
    mkdirSync(parent, { recursive: true });
    mkdirSync(tmp);
  } catch (e) {
    return writeFailure(shown, e);
  }
  pendingTmps.add(tmp);
  hookSignals();
  return { dir, shown, tmp };
}

/** Temporary directories of the outputs this process is writing. */
const pendingTmps = new Set<string>();
const endingSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let signalsHooked = false;

/**
 * A signal that would end the process while an output is being written: its temporary directory
 * is removed, then the signal ends the process as it would have (exit status 128 + its number).
 * JavaScript runs it between two pieces of synchronous work, never inside one, so it never falls
 * between the two renames of commitOutput: the output directory is always the old build or the new.
 */
function onEndingSignal(signal: NodeJS.Signals): void {
  for (const tmp of pendingTmps) removeQuietly(tmp);
  pendingTmps.clear();
  unhookSignals();
  process.kill(process.pid, signal);
}

function hookSignals(): void {
  if (signalsHooked) return;
  for (const s of endingSignals) process.on(s, onEndingSignal);
  signalsHooked = true;
}

function unhookSignals(): void {
  if (!signalsHooked) return;
  for (const s of endingSignals) process.off(s, onEndingSignal);
  signalsHooked = false;
}

function settled(tmp: string): void {
  pendingTmps.delete(tmp);
  if (pendingTmps.size === 0) unhookSignals();
}

/**
 * What a clos that ended without cleaning up (SIGKILL, a crash, a power cut) left beside `dir`:
 * `.<dir>.clos-tmp-<pid>-…` (a build never committed) is removed, and `.<dir>.clos-old-<pid>-…`
 * (the previous build, moved aside for a commit that never completed) is moved back when `dir`
 * is missing, removed otherwise. Only entries of processes that no longer run are touched. A
 * compile (of a fabric or a region) calls it once, before it looks at `dir`, so that a build moved
 * aside is found as the previous one.
 */
export function recoverInterruptedOutput(dir: string): void {
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.clos-`;
  let names: string[];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  // Old builds first: one moved back makes `dir` exist for the rest.
  for (const name of names.sort((a, b) => Number(b.startsWith(`${prefix}old-`)) - Number(a.startsWith(`${prefix}old-`)))) {
    const m = /^(tmp|old)-(\d+)-[0-9a-z]+$/.exec(name.slice(prefix.length));
    if (m === null || processRuns(Number(m[2]))) continue;
    const path = join(parent, name);
    if (m[1] === 'old' && !existsSync(dir)) {
      try {
        renameSync(path, dir);
        continue;
      } catch {
        // Left as it is: never delete the only copy of a build.
        continue;
      }
    }
    removeQuietly(path);
  }
}

/** Whether a process with this id runs (one of another user's counts: it is not ours to judge). */
function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes one file under a pending output's temporary directory. `made` remembers the directories
 * already created. Throws file-system errors (see writeFailure).
 */
export function writeOutputFile(tmp: string, file: RenderedFile, made: Set<string>): void {
  const target = join(tmp, file.path);
  const d = dirname(target);
  if (!made.has(d)) {
    mkdirSync(d, { recursive: true });
    made.add(d);
  }
  writeFileSync(target, file.content);
  if (file.executable) chmodSync(target, 0o755);
}

/**
 * The build a compile replaces (the output directory's manifest, when clos wrote it): a file it
 * holds is reused — hard-linked into the new output instead of written — when its bytes on disk
 * are exactly the bytes the compile made and its mode is the same (OutputFileWriter). The files are
 * compared, never trusted: a file edited by hand since is rewritten, so the output is the same as a
 * clean compile's whatever the previous build holds (bench/PROFILE.md, round 4).
 *
 * A device whose model.json is unchanged is not even rendered when this very renderer wrote the
 * previous build (`renderedBy`, build-record.ts): its other files are then what the renderer would
 * make again, and are reused when their bytes on disk still hash to what the previous manifest
 * says (OutputFileWriter.reuseDevice).
 */
export interface PreviousOutput {
  readonly dir: string;
  /** Path → sha256 of every file its manifest lists: only these are clos's to reuse. */
  readonly hashes: ReadonlyMap<string, string>;
  /** The fingerprint of the renderer that wrote it (Renderer.fingerprint), when this machine recorded one. */
  readonly renderedBy: string | undefined;
  /** The sha256 of its manifest.json: a compile that makes the same manifest links it too (reuseManifest). */
  readonly manifestSha256: string | undefined;
}

/** What a compile can reuse of the directory it replaces; undefined for a fresh or a region's directory. */
export function previousOutput(dir: string, existing: ExistingOutput, renderedBy?: string): PreviousOutput | undefined {
  const manifest = existing.manifest;
  if (manifest === undefined) return undefined;
  return { dir, hashes: new Map(Object.entries(manifest.files)), renderedBy, manifestSha256: existing.manifestSha256 };
}

/**
 * Links the previous build's manifest.json into the pending output when the new one is the same
 * text (a compile that changed nothing): it keeps its inode and time stamps, as every other
 * unchanged file does. False when there is none to link, it differs, or the link fails.
 */
export function reuseManifest(pending: PendingOutput, previous: PreviousOutput | undefined, text: string, hash: string): boolean {
  if (previous?.manifestSha256 !== hash) return false;
  const source = join(previous.dir, manifestFile);
  try {
    // Compared, never trusted: the bytes on disk are what the manifest's hash was taken of when read.
    if (readFileSync(source, 'utf8') !== text) return false;
    linkSync(source, join(pending.tmp, manifestFile));
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes files under a pending output's temporary directory and returns each one's sha256, the
 * value manifest.ts's sha256() gives for the same text. Each text is encoded to UTF-8 once, into
 * one buffer the writer reuses, and that buffer is both hashed and written.
 *
 * Measured reason (bench/PROFILE.md, round 2): writeFileSync and hash.update each encode a
 * string into a fresh buffer; at a few hundred KB a file those buffers are fresh memory maps,
 * and a thousand-leaf compile spent ~1 s of system time on their page faults (590,000 faults).
 *
 * With a previous build, a file whose bytes and mode it already holds is hard-linked from it:
 * nothing is written, no inode made, no page dirtied, and the file keeps its time stamps (a
 * one-network change rewrites only the devices it touches). A file system that refuses links
 * gets the file written. One thread writes with one writer; throws file-system errors (see
 * writeFailure).
 */
export class OutputFileWriter {
  private readonly encoder = new Utf8Encoder();
  private old = Buffer.allocUnsafe(1 << 20);
  private readonly made = new Set<string>();
  private linking: boolean;
  /** Whether the previous build was written by this writer's renderer (reuseDevice). */
  private readonly sameRenderer: boolean;
  /**
   * The mode a written file gets, what a reused one must have: 0o666 less the umask, which the
   * temporary directory (made 0o777 less the umask) shows without reading it process-wide.
   */
  private readonly fileMode: number;
  /** Files written, and files linked from the previous build. */
  readonly counts = { written: 0, reused: 0 };

  /** `renderer`: the fingerprint of the renderer whose files this writer writes (Renderer.fingerprint). */
  constructor(
    private readonly tmp: string,
    private readonly previous?: PreviousOutput,
    renderer?: string,
  ) {
    this.linking = previous !== undefined;
    this.sameRenderer = renderer !== undefined && previous?.renderedBy === renderer;
    this.fileMode = previous === undefined ? 0 : statSync(tmp).mode & 0o666;
  }

  write(file: RenderedFile | ChunkedFile): string {
    const target = this.target(file.path);
    const bytes = this.encoder.encode('chunks' in file ? file.chunks : file.content);
    if (!this.reuse(file, bytes, target)) {
      const fd = openSync(target, 'w');
      try {
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
        if (file.executable) fchmodSync(fd, 0o755);
      } finally {
        closeSync(fd);
      }
      this.counts.written++;
    }
    return createHash('sha256').update(bytes).digest('hex');
  }

  /**
   * A device's files without rendering them, when the previous build holds them for this very
   * model: its model.json there has exactly these bytes, the same renderer wrote that build, and
   * each of the device's other files there still has the mode and the sha256 its manifest gives —
   * so it is the file the renderer would make again, not edited since. Links them all and returns
   * each file's path and sha256; otherwise does nothing on disk and returns undefined (render the
   * device and write() its files).
   */
  reuseDevice(model: ChunkedFile, configs: readonly ConfigFile[]): (readonly [string, string])[] | undefined {
    const previous = this.previous;
    if (!this.sameRenderer || !this.linking || previous === undefined) return undefined;
    if (configs.some((c) => !previous.hashes.has(c.path))) return undefined;
    const bytes = this.encoder.encode(model.chunks);
    if (!previous.hashes.has(model.path) || !this.sameBytes(join(previous.dir, model.path), bytes, model.executable)) return undefined;
    const files: (readonly [string, string])[] = [[model.path, createHash('sha256').update(bytes).digest('hex')]];
    for (const c of configs) {
      const hash = previous.hashes.get(c.path);
      if (hash === undefined || this.sha256OnDisk(join(previous.dir, c.path), c.executable) !== hash) return undefined;
      files.push([c.path, hash]);
    }
    const linked: string[] = [];
    for (const [path] of files) {
      const target = this.target(path);
      if (!this.link(join(previous.dir, path), target)) {
        // No links here after all: the device is written, into files of its own.
        for (const l of linked) unlinkSync(l);
        return undefined;
      }
      linked.push(target);
    }
    this.counts.reused += files.length;
    return files;
  }

  /** The path a file is written to, its directory made. */
  private target(path: string): string {
    const target = join(this.tmp, path);
    const d = dirname(target);
    if (!this.made.has(d)) {
      mkdirSync(d, { recursive: true });
      this.made.add(d);
    }
    return target;
  }

  /** Links the previous build's file when it holds exactly these bytes with this mode; false otherwise. */
  private reuse(file: RenderedFile | ChunkedFile, bytes: Buffer, target: string): boolean {
    const previous = this.previous;
    if (!this.linking || previous?.hashes.has(file.path) !== true) return false;
    const source = join(previous.dir, file.path);
    if (!this.sameBytes(source, bytes, file.executable) || !this.link(source, target)) return false;
    this.counts.reused++;
    return true;
  }

  /** Whether `source` is a file with exactly these bytes and the mode a written file would get. */
  private sameBytes(source: string, bytes: Buffer, executable: boolean): boolean {
    const old = this.readOld(source, executable, bytes.length);
    return old?.equals(bytes) === true;
  }

  /** The sha256 of `source`'s bytes, when it is a file with the mode a written file would get. */
  private sha256OnDisk(source: string, executable: boolean): string | undefined {
    const old = this.readOld(source, executable, undefined);
    return old === undefined ? undefined : createHash('sha256').update(old).digest('hex');
  }

  /**
   * A previous build's file, read into the writer's second buffer (valid until the next call);
   * undefined when it is gone, not a file, of another mode, or not `size` bytes long.
   */
  private readOld(source: string, executable: boolean, size: number | undefined): Buffer | undefined {
    let fd: number;
    try {
      // Not through a symbolic link: a link to it would be a link to the symbolic link.
      fd = openSync(source, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return undefined; // gone since, or a symbolic link: written anew
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile() || (size !== undefined && stat.size !== size) || (stat.mode & 0o777) !== (executable ? 0o755 : this.fileMode)) return undefined;
      if (this.old.length < stat.size) this.old = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(stat.size)));
      const old = this.old.subarray(0, stat.size);
      for (let at = 0; at < old.length; ) {
        const n = readSync(fd, old, at, old.length - at, at);
        if (n === 0) return undefined;
        at += n;
      }
      return old;
    } finally {
      closeSync(fd);
    }
  }

  /** Hard-links `source` as `target`; false (and no more links from now on) on a file system that refuses them. */
  private link(source: string, target: string): boolean {
    try {
      linkSync(source, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // No links on this file system (or across devices): write every file from now on.
      if (code === 'EPERM' || code === 'EXDEV' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EMLINK') {
        this.linking = false;
        return false;
      }
      throw e;
    }
    return true;
  }
}

/**
 * Moves the temporary directory into place: `dir`, when it exists, is renamed aside, the temporary
 * directory renamed to `dir`, and the old build removed. Two renames, not one (Node has no atomic
 * exchange of two directories): between them `dir` does not exist for an instant, which a reader
 * of the directory may see; a signal cannot end clos there (onEndingSignal), and a clos killed
 * there has its old build moved back by the next compile (recoverInterruptedOutput).
 */
export function commitOutput(pending: PendingOutput): Diagnostic | undefined {
  const { dir, tmp } = pending;
  const old = tmp.replace('.clos-tmp-', '.clos-old-');
  try {
    if (existsSync(dir)) {
      renameSync(dir, old);
      try {
        renameSync(tmp, dir);
      } catch (e) {
        renameSync(old, dir);
        throw e;
      }
      removeQuietly(old);
    } else {
      renameSync(tmp, dir);
    }
  } catch (e) {
    discardOutput(pending);
    return createDiagnostic(O.writeFailed, {}, pending.shown, describeError(e));
  }
  settled(tmp);
  return undefined;
}

/** Removes the temporary directory; `dir` is left as it was. */
export function discardOutput(pending: PendingOutput): void {
  removeQuietly(pending.tmp);
  settled(pending.tmp);
}

/** Cleans up a temporary directory; a failure here must not hide the error being reported. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Nothing more to do: the path is beside <dir>, never inside it.
  }
}

function describeError(e: unknown): string {
  const code = e instanceof Error && 'code' in e ? (e as NodeJS.ErrnoException).code : undefined;
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a parent of the output directory is a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'the file system is read-only';
  return e instanceof Error ? e.message : String(e);
}

/** A file-system error while writing, as the diagnostic the user sees; anything else is a bug and is rethrown. */
export function writeFailure(shown: string, e: unknown): Diagnostic {
  if (!isFileSystemError(e)) throw e;
  return createDiagnostic(O.writeFailed, {}, shown, describeError(e));
}

/**
 * Writes the files into a fresh temporary directory, then swaps it into place. `files` may be
 * lazy (the render stage yields each device's files as it makes them): each file is written as
 * it arrives. An error while producing the files (a compiler bug) removes the temporary
 * directory and propagates; a file-system error becomes a diagnostic.
 */
export function writeOutputAtomically(dir: string, shown: string, files: Iterable<RenderedFile>): Diagnostic | undefined {
  const pending = beginOutput(dir, shown);
  if ('code' in pending) return pending;
  try {
    const made = new Set<string>();
    for (const f of files) writeOutputFile(pending.tmp, f, made);
  } catch (e) {
    discardOutput(pending);
    return writeFailure(shown, e);
  }
  return commitOutput(pending);
}

function isFileSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}
