/** Writes a document (`clos doc -o`) whole or not at all: a temporary file beside it, then one rename. */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Undefined when written; else why not (the error's message). */
export function writeDocument(target: string, text: string): string | undefined {
  // A directory is never replaced by a document (and its temporary file would land in its parent).
  if (isDirectory(target)) return 'it is a directory: give the path of the file to write, such as fabric.md inside it';
  const tmp = join(dirname(target), `.${basename(target)}.clos-tmp-${process.pid}`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, target);
    return undefined;
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Its directory could not be made (a file is in the way, ENOTDIR): there is nothing to remove.
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') return `its directory ${dirname(target)} cannot be made: a file is in the way (${dirname(target)} or one of its parents)`;
    return e instanceof Error ? e.message : String(e);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
