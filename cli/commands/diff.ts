/**
 * `clos diff <intent> --against <dir | git-ref>`: the change impact of the intent as it is now
 * against a compiled directory, or against the same intent at a git revision (read with `git show`
 * and compiled in memory; nothing is checked out). Text by default, `--format json` for bots,
 * `--stat` for the summary alone. Exit 0 when the comparison ran, whatever it found.
 */
import { shellWord } from '../shell-word.js';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Platform } from '../../compiler/build/device-model.js';
import { ReviewDiagnostics as R } from '../../compiler/diagnostics/catalogue/index.js';
import { countDiagnostics } from '../../compiler/diagnostics/format.js';
import { createDiagnostic, hasErrors, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { Manifest } from '../../compiler/render/manifest.js';
import { computeImpact, sideFromOutput, type CompiledSide } from '../../review/change-impact.js';
import { formatImpactText, impactToJson } from '../../review/format-impact.js';
import { checkComparedName } from '../../review/against-name.js';
import { checkUnrecordedPlatform, platformForComparison } from '../../review/output-platform.js';
import { verifyDevices } from '../../review/verify-adapter.js';
import { platformOption, type SelectedCommand } from '../command.js';
import { readIntentAtRevision } from '../git-intent.js';
import { useColor, type Io } from '../io.js';
import { printDiagnostics, withWarnings, type DiagnosticsContext } from '../report-diagnostics.js';
import { loadPlatformTemplates } from '../templates.js';
import { UsageError } from '../usage-error.js';
import { compileInMemory, renderInMemory } from '../../compiler/compile-in-memory.js';
import { compileIntentOnDisk } from '../compile-intent.js';
import { isRegionDir } from '../region-files.js';
import { runDiffRegion } from './region-review.js';
import { paintTerminal } from '../diff-paint.js';
import { readCompiledDirectory } from '../compiled-dir.js';

export interface DiffCommandOptions {
  readonly against: string;
  readonly platform?: Platform | undefined;
  readonly format: 'text' | 'json';
  readonly stat: boolean;
}

const noContext: DiagnosticsContext = { root: undefined, sources: new Map() };

export function runDiff(io: Io, intentPath: string, options: DiffCommandOptions): number {
  if (isRegionDir(intentPath, io.cwd)) return runDiffRegion(io, intentPath, options);
  const json = options.format === 'json';
  const against = resolve(io.cwd, options.against);
  const isDir = existsSync(against) && statSync(against).isDirectory();
  // A directory is read first: its manifest says which platform to compile the intent for.
  const directory = isDir ? fromDirectory(options.against, against) : undefined;
  let platform = options.platform;
  if (directory !== undefined && !('diagnostics' in directory)) {
    const how = { command: `clos diff ${shellWord(intentPath)} --against ${shellWord(options.against)}`, dir: options.against };
    const chosen = platformForComparison(directory.manifest, options.platform, how);
    if ('diagnostic' in chosen) {
      printDiagnostics(io, [chosen.diagnostic], noContext, json);
      return 1;
    }
    platform = chosen.platform;
  }
  const compiled = compileIntentOnDisk(io, intentPath, { platform, json });
  if (typeof compiled === 'number') return compiled;
  if (directory !== undefined && !('diagnostics' in directory)) {
    const how = { command: `clos diff ${shellWord(intentPath)} --against ${shellWord(options.against)}`, dir: options.against };
    const unrecorded = checkUnrecordedPlatform(directory.manifest, options.platform, compiled.devices, how);
    if (unrecorded !== undefined) {
      printDiagnostics(io, [...compiled.diagnostics, unrecorded], compiled.context, json);
      return 1;
    }
  }
  // The intent's own warnings, and CLOS8012 when the directory is another fabric's build.
  const recorded = directory === undefined || 'diagnostics' in directory ? undefined : checkComparedName(options.against, 'fabric', directory.manifest.fabric, compiled.fabric.name);
  const warnings = recorded === undefined ? compiled.diagnostics : [...compiled.diagnostics, recorded];
  const after = sideFromOutput('working tree', renderInMemory(compiled).files, compiled.devices, compiled.fabric.settings);
  const before = directory ?? compileAtRevision(io, intentPath, { ...options, platform });
  if ('diagnostics' in before) {
    printDiagnostics(io, before.diagnostics, before.context, json);
    return 1;
  }
  const impact = computeImpact(before, after, { verify: verifyDevices });
  if (json) {
    io.stdout.write(`${JSON.stringify(withWarnings(impactToJson(impact, { stat: options.stat, root: compiled.context.root }), warnings, compiled.context.root), null, 2)}\n`);
  } else {
    // The change's own warnings (a segment across racks, a one-port active-backup bond…), as compile prints them; CLOS8012.
    printDiagnostics(io, warnings, compiled.context, false);
    const color = useColor(io, io.stdout);
    io.stdout.write(formatImpactText(impact, { stat: options.stat, root: compiled.context.root, paint: color ? paintTerminal : undefined }));
  }
  return 0;
}

type SideOrFailure = CompiledSide | { diagnostics: readonly Diagnostic[]; context: DiagnosticsContext };

/** A compiled directory as a side of the comparison, with its manifest. */
type DirectoryOrFailure = (CompiledSide & { readonly manifest: Manifest }) | { diagnostics: readonly Diagnostic[]; context: DiagnosticsContext };

/** A directory `clos compile` wrote (compiled-dir.ts). */
function fromDirectory(shown: string, dir: string): DirectoryOrFailure {
  const read = readCompiledDirectory(shown, dir);
  return 'diagnostic' in read ? { diagnostics: [read.diagnostic], context: noContext } : read;
}

/** The same intent at a git revision, compiled in memory like the working tree. */
function compileAtRevision(io: Io, intentPath: string, options: DiffCommandOptions): SideOrFailure {
  const read = readIntentAtRevision(intentPath, options.against, io.cwd);
  if ('diagnostic' in read) return { diagnostics: [read.diagnostic], context: noContext };
  const label = `${options.against} (${read.commit.slice(0, 12)})`;
  // A new fabric: nothing to compare with, every device is added; the label says why.
  if (!read.exists) return { label: `${options.against} (${read.commit.slice(0, 12)}, where ${intentPath} does not exist)`, files: new Map(), devices: [], verify: undefined };
  const context: DiagnosticsContext = { root: `${intentPath}@${options.against}`, sources: new Map(read.sources.map((s) => [s.name, s.text])) };
  const result = compileInMemory(read.sources, { platform: options.platform, templates: (p) => loadPlatformTemplates(p) });
  const diagnostics = [...read.diagnostics, ...(result.compiled === undefined ? result.diagnostics : result.compiled.diagnostics)];
  if (result.compiled === undefined || hasErrors(diagnostics)) {
    if (result.compiled === undefined && result.missingTemplates.length > 0 && !hasErrors(diagnostics)) {
      throw new UsageError(`no templates for platform ${result.missingTemplates.join(', ')} in this version of clos`);
    }
    const errors = countDiagnostics(diagnostics).errors;
    return { diagnostics: [...diagnostics, createDiagnostic(R.revisionIntentInvalid, {}, options.against, errors)], context };
  }
  const output = renderInMemory(result.compiled);
  return sideFromOutput(label, output.files, result.compiled.devices, result.compiled.fabric.settings);
}

export function registerDiff(program: Command, selected: SelectedCommand): void {
  program
    .command('diff')
    .description('show which devices, lines, VNIs, VRFs, sessions and addresses a change to the intent affects')
    .argument('<intent>', 'intent file or directory (as it is now)')
    .requiredOption('--against <dir|git-ref>', 'a directory clos compiled, or a git revision of the same intent (e.g. origin/main)')
    .addOption(platformOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--stat', 'print the summary only, no per-device diffs')
    .action((intent: string, opts: { against: string; platform?: Platform; format: 'text' | 'json'; stat?: boolean }) => {
      selected.action = (io) => runDiff(io, intent, { against: opts.against, platform: opts.platform, format: opts.format, stat: opts.stat === true });
    });
}
