/**
 * Rendered files: in a build directory, every file is the one clos wrote and the one its device
 * model renders to. A model proven correct says nothing about a configuration edited by hand after
 * clos wrote it, so `clos verify <build dir>` proves two things per file:
 *
 * - its sha256 is the one manifest.json records (CLOS5262 otherwise; model.json included, so a
 *   model edited and its configurations edited to match is still found), and nothing the manifest
 *   lists is missing (CLOS5263);
 * - it is what its device's model.json renders to with this version's templates (CLOS5261 names
 *   the file and its first differing line, with what the model renders there).
 *
 * Only build directories have files: a compile renders them from the models it has just built, so
 * this check runs for `verify <dir>` alone and costs `clos compile` nothing. Pure: the files and a
 * render function come in (the CLI reads the directory and the templates).
 */
import type { DeviceModel } from '../compiler/build/device-model.js';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { VerifyDiagnostics as V } from '../compiler/diagnostics/catalogue/index.js';
import { sha256 } from '../compiler/render/manifest.js';
import type { RenderedFile } from '../compiler/render/render.js';
import type { CheckOutput } from './context.js';
import type { BuildFiles } from './types.js';

export function checkRenderedFiles(devices: readonly DeviceModel[], build: BuildFiles): CheckOutput {
  const diagnostics: Diagnostic[] = [];
  const deviceOf = (path: string): string => path.slice(0, Math.max(0, path.indexOf('/')));
  // Re-rendered first: a file that differs from its model's rendering is reported at its line, and
  // its hash is not reported again.
  const differs = new Set<string>();
  // Each file is read once (a build directory's files may be read from disk on demand): hashed
  // right after it is compared, while its text is at hand.
  const hashed = new Map<string, string>();
  let rendered = 0;
  for (const model of devices) {
    let files: readonly RenderedFile[];
    try {
      files = build.render(model);
    } catch (e) {
      diagnostics.push(createDiagnostic(V.modelDoesNotRender, { device: model.name }, `${model.name}/model.json`, e instanceof Error ? e.message : String(e)));
      continue;
    }
    for (const file of files) {
      const content = build.files.get(file.path);
      if (content === undefined) continue; // CLOS5263 when the manifest lists it
      rendered++;
      if (content === file.content) {
        hashed.set(file.path, sha256(content));
        continue;
      }
      differs.add(file.path);
      const at = firstDifference(content, file.content);
      diagnostics.push(
        createDiagnostic(
          V.renderedFileDiffers,
          { device: model.name, span: { file: file.path, line: at.line, col: 1, endLine: at.line, endCol: at.found.length + 1 }, hint: at.hint },
          file.path,
          at.line,
          `${model.name}/model.json`,
          at.differing,
        ),
      );
    }
  }
  let checked = 0;
  for (const [path, hash] of Object.entries(build.manifest.files)) {
    if (path === 'manifest.json') continue;
    if (!build.files.has(path)) {
      diagnostics.push(createDiagnostic(V.renderedFileMissing, { device: deviceOf(path) }, path));
      continue;
    }
    checked++;
    if (differs.has(path)) continue;
    const found = hashed.get(path) ?? hashOf(build.files.get(path));
    if (found !== hash) diagnostics.push(createDiagnostic(V.renderedFileEdited, { device: deviceOf(path) }, path));
  }
  const summary = `${checked} files against manifest.json, ${rendered} against what their models render to`;
  return { diagnostics, summary };
}

function hashOf(content: string | undefined): string | undefined {
  return content === undefined ? undefined : sha256(content);
}

/** The first line where `found` and `expected` differ (1-based), what each has there, and how many lines differ. */
function firstDifference(found: string, expected: string): { line: number; found: string; differing: number; hint: string } {
  const a = found.split('\n');
  const b = expected.split('\n');
  let first = -1;
  let differing = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    differing++;
    if (first < 0) first = i;
  }
  const line = Math.max(0, first);
  const show = (text: string | undefined): string => (text === undefined ? 'the end of the file' : `'${text.trim()}'`);
  return { line: line + 1, found: a[line] ?? '', differing, hint: `the model renders ${show(b[line])} there; the file has ${show(a[line])}` };
}
