/**
 * What a side's `manifest.json` tells a review that its device files do not: the fabric-wide
 * settings it records (the fabric's name, `verify.hop_limit`, `verify.failures`). A change of the
 * verification settings changes no configuration line, yet changes what "Verification" in the
 * report means, so it is named on its own (compareSettings).
 *
 * Pure: a side's files (path → content, manifest.json included) in, findings out. A side without a
 * readable manifest (a fabric new at the revision) records nothing and is not compared.
 */
import { manifestFile, parseManifest, type Manifest } from '../compiler/render/manifest.js';

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
