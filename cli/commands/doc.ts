/** `clos doc <intent> [-o <file.md>]`: the fabric documentation, as Markdown. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Platform } from '../../compiler/build/device-model.js';
import { ReviewDiagnostics as R } from '../../compiler/diagnostics/catalogue/index.js';
import { createDiagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { renderFabricDoc } from '../../review/doc/fabric-doc.js';
import { platformOption, type SelectedCommand } from '../command.js';
import type { Io } from '../io.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { compileIntentOnDisk } from '../compile-intent.js';
import { isRegionDir } from '../region-files.js';
import { runDocRegion } from './region-review.js';
import { writeDocument } from '../write-document.js';

export function runDoc(io: Io, intentPath: string, options: { output?: string | undefined; platform?: Platform | undefined }): number {
  if (isRegionDir(intentPath, io.cwd)) return runDocRegion(io, intentPath, options);
  const compiled = compileIntentOnDisk(io, intentPath, { platform: options.platform, json: false });
  if (typeof compiled === 'number') return compiled;
  const doc = renderFabricDoc(compiled.fabric, compiled.devices);
  if (options.output === undefined) {
    printDiagnostics(io, compiled.diagnostics, compiled.context, false);
    io.stdout.write(doc);
    return 0;
  }
  const failed = writeDocument(resolve(io.cwd, options.output), doc);
  if (failed !== undefined) {
    printDiagnostics(io, [...compiled.diagnostics, createDiagnostic(R.docWriteFailed, {}, options.output, failed)], compiled.context, false);
    return 1;
  }
  printDiagnostics(io, compiled.diagnostics, compiled.context, false);
  io.stdout.write(`${compiled.fabric.name}: wrote the fabric documentation to ${options.output}\n`);
  return 0;
}

export function registerDoc(program: Command, selected: SelectedCommand): void {
  program
    .command('doc')
    .description('write the fabric documentation (devices, cabling, tenants, the way out, BGP hosts, servers, BGP sessions, topology diagram) as Markdown')
    .argument('<intent>', 'intent file or directory')
    .option('-o, --output <file.md>', 'write to this file instead of standard output')
    .addOption(platformOption())
    .action((intent: string, opts: { output?: string; platform?: Platform }) => {
      selected.action = (io) => runDoc(io, intent, { output: opts.output, platform: opts.platform });
    });
}
