/**
 * `clos export containerlab <intent> -o <dir>`: a containerlab lab of the fabric (see
 * review/containerlab.ts). The intent is compiled for FRR whatever its platform says: the lab runs
 * every switch as an FRR container. Like `compile`, the directory is replaced atomically and only
 * when clos wrote it (its clos-export.json lists every file), and never under a deployed lab.
 */
import { shellWord } from '../shell-word.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { OutputDiagnostics as O, ReviewDiagnostics as R } from '../../compiler/diagnostics/catalogue/index.js';
import { createDiagnostic, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { defaultFrrImage, defaultHostImage, exportManifestFile, exportSchema, renderContainerlab } from '../../review/containerlab.js';
import type { SelectedCommand } from '../command.js';
import type { Io } from '../io.js';
import { describeForeign, listEntries, writeOutputAtomically } from '../output-dir.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { UsageError } from '../usage-error.js';
import { renderInMemory } from '../../compiler/compile-in-memory.js';
import { compileIntentOnDisk } from '../compile-intent.js';
import { refuseRegion } from '../region-on-disk.js';

export interface ExportContainerlabOptions {
  readonly output?: string | undefined;
  readonly image: string;
  readonly hostImage: string;
  readonly withoutVrf: boolean;
}

export function runExportContainerlab(io: Io, intentPath: string, options: ExportContainerlabOptions): number {
  if (options.output === undefined) throw new UsageError('export containerlab needs an output directory: -o <dir>');
  refuseRegion(io, intentPath, 'export containerlab', false);
  const dir = resolve(io.cwd, options.output);
  const problem = inspectExportDir(dir, options.output);
  if (problem !== undefined) {
    printDiagnostics(io, [problem], { root: undefined, sources: new Map() }, false);
    return 1;
  }
  const compiled = compileIntentOnDisk(io, intentPath, { platform: 'frr', json: false });
  if (typeof compiled === 'number') return compiled;
  const lab = renderContainerlab(compiled.fabric, compiled.devices, renderInMemory(compiled).files, options);
  const failure = lab.diagnostics.length > 0 ? undefined : writeOutputAtomically(dir, options.output, lab.files);
  const diagnostics = [...compiled.diagnostics, ...lab.diagnostics, ...(failure === undefined ? [] : [failure])];
  printDiagnostics(io, diagnostics, compiled.context, false);
  if (lab.diagnostics.length > 0 || failure !== undefined) return 1;
  io.stdout.write(`${compiled.fabric.name}: wrote a containerlab topology to ${join(options.output, lab.topology)}\n  sudo containerlab deploy -t ${shellWord(join(options.output, lab.topology))}\n`);
  return 0;
}

/** Undefined when clos may write `dir`: missing, empty, or an earlier export with no other files. */
function inspectExportDir(dir: string, shown: string): Diagnostic | undefined {
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return createDiagnostic(O.outputIsFile, {}, shown);
  const labDir = readdirSync(dir).find((n) => n.startsWith('clab-'));
  if (labDir !== undefined) return createDiagnostic(R.exportLabDeployed, {}, shown, labDir);
  const { files, dirs } = listEntries(dir);
  if (files.length === 0 && dirs.length === 0) return undefined;
  let known: Set<string> | undefined;
  if (files.includes(exportManifestFile)) {
    try {
      const m = JSON.parse(readFileSync(join(dir, exportManifestFile), 'utf8')) as { schema?: unknown; files?: unknown };
      if (m.schema === exportSchema && m.files !== null && typeof m.files === 'object') known = new Set([exportManifestFile, ...Object.keys(m.files)]);
    } catch {
      known = undefined;
    }
  }
  // As for `compile -o`: a stray directory, even an empty one, is not clos's to delete.
  const list = describeForeign(files, dirs, known ?? new Set());
  return list === undefined ? undefined : createDiagnostic(R.exportNotManaged, {}, shown, list);
}

export function registerExport(program: Command, selected: SelectedCommand): void {
  const exportCommand = program.command('export').description('export the fabric for other tools');
  exportCommand
    .command('containerlab')
    .description('write a containerlab topology that boots every switch as FRR with its compiled configuration')
    .argument('<intent>', 'intent file or directory (not a build directory)')
    .option('-o, --output <dir>', 'output directory (replaced atomically; only directories clos export wrote)')
    .option('--image <image>', 'FRR container image of the switches', defaultFrrImage)
    .option('--host-image <image>', 'container image of the servers (a server whose network speaks BGP runs in --image, with its BGP agent)', defaultHostImage)
    .option('--without-vrf', 'for hosts without VRF support: skip VRF devices and L3VNIs (CLOS_WITHOUT_VRF=1)')
    .action((intent: string, opts: { output?: string; image: string; hostImage: string; withoutVrf?: boolean }) => {
      selected.action = (io) => runExportContainerlab(io, intent, { output: opts.output, image: opts.image, hostImage: opts.hostImage, withoutVrf: opts.withoutVrf === true });
    });
}
