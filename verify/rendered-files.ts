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
 *
 * In two steps, so that the costly one runs on every core while the other checks run: compareDevice
 * renders one device, hashes each of its files as found and compares its bytes with the rendering
 * (line by line only when they differ, to name the line), on whichever thread rendered it
 * (cli/build-check.ts); then checkRenderedFiles turns every device's comparison and the manifest
 * into findings, from the comparisons alone.
 */
import { createHash } from 'node:crypto';
import { createDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { VerifyDiagnostics as V } from '../compiler/diagnostics/catalogue/index.js';
import type { ChunkedFile } from '../compiler/render/render.js';
import { joinChunks, Utf8Encoder } from '../compiler/render/text-chunks.js';
import type { CheckOutput } from './context.js';
import type { BuildFiles, DeviceComparison, FileComparison, FileDifference } from './types.js';

/**
 * Renders one device (`render` throws when its model does not render) and compares each file with
 * the directory's: `read` gives a file's bytes, undefined when the directory has no such file. Each
 * file found is hashed once (for the manifest) and compared byte for byte with its rendering as
 * written (UTF-8, output-dir.ts); only a file that differs is read as text, to name the line.
 */
export function compareDevice(device: string, render: () => readonly ChunkedFile[], read: (path: string) => Uint8Array | undefined): DeviceComparison {
  let rendered: readonly ChunkedFile[];
  try {
    rendered = render();
  } catch (e) {
    return { device, renderError: e instanceof Error ? e.message : String(e) };
  }
  const files: FileComparison[] = [];
  for (const file of rendered) {
    const bytes = read(file.path);
    if (bytes === undefined) continue; // CLOS5263 when the manifest lists it
    const hash = sha256Bytes(bytes);
    if (encoder.encode(file.chunks).equals(bytes)) {
      files.push({ path: file.path, hash });
      continue;
    }
    const difference = firstDifference(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), joinChunks(file.chunks));
    // Bytes that are not UTF-8 can read as the rendered text: no line differs, and the manifest's
    // hash tells whether clos wrote them.
    files.push(difference.differing === 0 ? { path: file.path, hash } : { path: file.path, hash, difference });
  }
  return { device, files };
}

/** The rendering as UTF-8, in one buffer reused (see cli/build-check.ts FileReader). */
const encoder = new Utf8Encoder();

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The findings of the rendered-files check, from every device's comparison (any order) and the manifest. */
export function checkRenderedFiles(build: BuildFiles): CheckOutput {
  const diagnostics: Diagnostic[] = [];
  const deviceOf = (path: string): string => path.slice(0, Math.max(0, path.indexOf('/')));
  // A file that differs from its model's rendering is reported at its line, and its hash is not
  // reported again.
  const differs = new Set<string>();
  // Each file is read once: hashed where it was compared.
  const hashed = new Map<string, string>();
  let rendered = 0;
  for (const compared of build.compared) {
    if ('renderError' in compared) {
      diagnostics.push(createDiagnostic(V.modelDoesNotRender, { device: compared.device }, `${compared.device}/model.json`, compared.renderError));
      continue;
    }
    for (const file of compared.files) {
      rendered++;
      hashed.set(file.path, file.hash);
      const at = file.difference;
      if (at === undefined) continue;
      differs.add(file.path);
      diagnostics.push(
        createDiagnostic(
          V.renderedFileDiffers,
          { device: compared.device, span: { file: file.path, line: at.line, col: 1, endLine: at.line, endCol: at.found.length + 1 }, hint: at.hint },
          file.path,
          at.line,
          `${compared.device}/model.json`,
          at.differing,
        ),
      );
    }
  }
  let checked = 0;
  for (const [path, hash] of Object.entries(build.manifest.files)) {
    if (path === 'manifest.json') continue;
    if (!build.has(path)) {
      diagnostics.push(createDiagnostic(V.renderedFileMissing, { device: deviceOf(path) }, path));
      continue;
    }
    checked++;
    if (differs.has(path)) continue;
    const found = hashed.get(path) ?? build.hash(path);
    if (found !== hash) diagnostics.push(createDiagnostic(V.renderedFileEdited, { device: deviceOf(path) }, path));
  }
  const summary = `${checked} files against manifest.json, ${rendered} against what their models render to`;
  return { diagnostics, summary };
}

/** The first line where `found` and `expected` differ (1-based), what each has there, and how many lines differ. */
function firstDifference(found: string, expected: string): FileDifference {
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
