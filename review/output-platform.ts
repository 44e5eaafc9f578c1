/**
 * Which platform to compile an intent for when it is compared with a directory clos wrote
 * (`clos compile --check`, `clos diff --against <dir>`). The directory's manifest records the
 * `--platform` it was compiled with (or null: every device on its intent's platform); comparing it
 * with another platform's output would report every device changed, and a hint to recompile would
 * replace one platform's configs with another's. So the recorded platform is used when none is
 * given, and a different one is refused. A manifest written before clos recorded it is compared as
 * the intent says, unless its devices are on other platforms than the intent gives: then clos
 * cannot tell a forgotten `--platform` from an intent change, and asks.
 */
import type { DeviceModel, Platform } from '../compiler/build/device-model.js';
import { ReviewDiagnostics as R } from '../compiler/diagnostics/catalogue/index.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Manifest } from '../compiler/render/manifest.js';

/** What a manifest says about the platform: `undefined` when it does not say (an older clos). */
export type RecordedPlatform = Platform | null | undefined;

/** How to name the comparison in hints: the command that compares as recorded, without `--platform`. */
export interface ComparisonCommand {
  /** e.g. `clos compile intent/dc1 -o configs/dc1 --check`, `clos diff intent/dc1 --against configs/dc1`. */
  readonly command: string;
  /** The directory as the user typed it. */
  readonly dir: string;
}

/**
 * The platform to compile with (undefined: as the intent says), or the diagnostic that refuses the
 * comparison: `given` is the `--platform` on the command line.
 */
export function platformForComparison(manifest: Manifest | undefined, given: Platform | undefined, how: ComparisonCommand): { platform: Platform | undefined } | { diagnostic: Diagnostic } {
  const recorded = manifest?.platform;
  if (recorded === undefined) return { platform: given };
  if (given === undefined || given === recorded) return { platform: recorded ?? undefined };
  const as = recorded === null ? 'without --platform (every device on the platform its intent gives)' : `with --platform ${recorded}`;
  return {
    diagnostic: createDiagnostic(
      R.platformMismatch,
      { hint: `compare it as it was compiled: '${withPlatform(how.command, recorded)}'; to render --platform ${given}, compile into another directory` },
      how.dir,
      as,
      given,
    ),
  };
}

/**
 * For a manifest that does not record its platform: a diagnostic when a device of the directory is
 * on another platform than the compiled intent puts it on (undefined when they agree).
 */
export function checkUnrecordedPlatform(manifest: Manifest | undefined, given: Platform | undefined, devices: readonly DeviceModel[], how: ComparisonCommand): Diagnostic | undefined {
  if (manifest === undefined || manifest.platform !== undefined || given !== undefined) return undefined;
  const compiled = new Map(devices.map((d) => [d.name, d.platform]));
  const differing = manifest.devices.filter((d) => compiled.has(d.name) && compiled.get(d.name) !== d.platform);
  if (differing.length === 0) return undefined;
  const was = [...new Set(differing.map((d) => d.platform))].sort();
  const now = [...new Set(differing.map((d) => compiled.get(d.name) ?? d.platform))].sort();
  const names = differing.map((d) => d.name);
  const shown = names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
  const single = was.length === 1 && manifest.devices.every((d) => d.platform === was[0]) ? was[0] : undefined;
  const hint =
    single !== undefined
      ? `if it was compiled with --platform ${single}, say so: '${withPlatform(how.command, single)}'`
      : 'give the --platform it was compiled with, or none if its intent changed the platforms';
  return createDiagnostic(R.platformUnrecorded, { hint }, how.dir, was.join(' and '), now.join(' and '), shown);
}

/** The command with `--platform <p>` (none for null). */
export function withPlatform(command: string, platform: Platform | null | undefined): string {
  return platform === null || platform === undefined ? command : `${command} --platform ${platform}`;
}
