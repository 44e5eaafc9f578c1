/**
 * What a side's `manifest.json` tells a review that its device files do not:
 *
 * - the fabric-wide settings it records (the fabric's name, `verify.hop_limit`, `verify.failures`):
 *   a change of the verification settings changes no configuration line, yet changes what
 *   "Verification" in the report means, so it is named on its own (compareSettings);
 * - the sha256 of every file clos wrote: in a build directory, a file that no longer has it was
 *   edited (or removed, or added) by hand after clos wrote it, and its diff is the hand edit's, not
 *   the intent's (checkRecordedFiles).
 *
 * Pure: a side's files (path → content, manifest.json included) in, findings out. A side without a
 * readable manifest (a fabric new at the revision) records nothing and is not compared.
 */
import { manifestFile, parseManifest, sha256, type Manifest } from '../compiler/render/manifest.js';
import { compareText } from './compare-output.js';

/** One fabric-wide setting that differs between the manifests of the two sides. */
export interface SettingChange {
  /** The intent key: `fabric.name`, `fabric.verify.hop_limit`, `fabric.verify.failures`. */
  readonly setting: string;
  readonly before: string | number;
  readonly after: string | number;
  /** What the setting means to a reviewer, one phrase. */
  readonly meaning: string;
}

/**
 * The settings a manifest records, each with how to read it (undefined when a manifest written by
 * hand or by an older clos lacks it) and what it means. Adding one is one entry here.
 */
const recordedSettings: readonly { readonly setting: string; readonly meaning: string; readonly read: (m: Manifest) => string | number | undefined }[] = [
  { setting: 'fabric.name', meaning: 'the name the build records', read: (m) => m.fabric },
  {
    setting: 'fabric.verify.hop_limit',
    meaning: 'the most underlay links between two leaves verification accepts',
    read: (m) => numberOrUndefined((m.verify as Partial<Manifest['verify']> | undefined)?.hopLimit),
  },
  {
    setting: 'fabric.verify.failures',
    meaning: 'the spines or links down every verification check must survive',
    read: (m) => numberOrUndefined((m.verify as Partial<Manifest['verify']> | undefined)?.failures),
  },
];

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function manifestOf(files: ReadonlyMap<string, string>): Manifest | undefined {
  const text = files.get(manifestFile);
  if (text === undefined) return undefined;
  const parsed = parseManifest(text);
  return 'manifest' in parsed ? parsed.manifest : undefined;
}

/** The recorded settings that differ, in recordedSettings order; none when a side has no manifest. */
export function compareSettings(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): SettingChange[] {
  const a = manifestOf(before);
  const b = manifestOf(after);
  if (a === undefined || b === undefined) return [];
  const out: SettingChange[] = [];
  for (const { setting, meaning, read } of recordedSettings) {
    const was = read(a);
    const is = read(b);
    if (was === undefined || is === undefined || was === is) continue;
    out.push({ setting, before: was, after: is, meaning });
  }
  return out;
}

/** A file of a build directory that is not the one its manifest records. */
export interface RecordedFileMismatch {
  /** `<device>/<file>` */
  readonly path: string;
  /**
   * `sha256`: its content no longer has the sha256 the manifest records (edited by hand);
   * `missing`: the manifest lists it, the directory lacks it; `unlisted`: the directory has it, the
   * manifest does not list it.
   */
  readonly problem: 'sha256' | 'missing' | 'unlisted';
}

/**
 * Every file of a build directory that differs from what its manifest records, by path. Empty for
 * a side without a manifest, or compiled in memory (its manifest is made from its files). A caller
 * that has parsed the manifest already passes it.
 */
export function checkRecordedFiles(files: ReadonlyMap<string, string>, manifest: Manifest | undefined = manifestOf(files)): RecordedFileMismatch[] {
  if (manifest === undefined) return [];
  const out: RecordedFileMismatch[] = [];
  for (const [path, hash] of Object.entries(manifest.files)) {
    const content = files.get(path);
    if (content === undefined) out.push({ path, problem: 'missing' });
    else if (sha256(content) !== hash) out.push({ path, problem: 'sha256' });
  }
  for (const path of files.keys()) {
    if (path !== manifestFile && !Object.hasOwn(manifest.files, path)) out.push({ path, problem: 'unlisted' });
  }
  return out.sort((x, y) => compareText(x.path, y.path));
}

/** How the text report says it: `frr.conf does not have the sha256 manifest.json records: edited by hand after clos wrote it`. */
export function describeMismatch(m: RecordedFileMismatch): string {
  switch (m.problem) {
    case 'sha256':
      return `${m.path} does not have the sha256 ${manifestFile} records: edited after clos wrote it, so its diff is the edit's, not the intent's`;
    case 'missing':
      return `${m.path} is listed in ${manifestFile} but missing: removed after clos wrote it`;
    case 'unlisted':
      return `${m.path} is not listed in ${manifestFile}: added after clos wrote it`;
  }
}
