/** Temporary directories for CLI tests, removed after each test file. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'clos-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Writes files (relative path → text) under a directory. */
export function writeFiles(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/**
 * Everything under a directory: relative path → content (directories as `<path>/` → ''), and each
 * entry's mode and modification time, so a test sees any change at all.
 */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(d, entry.name);
      const st = statSync(full);
      const rel = relative(dir, full);
      if (entry.isDirectory()) {
        out.set(`${rel}/`, `mode ${st.mode.toString(8)}`);
        walk(full);
      } else {
        out.set(rel, `mode ${st.mode.toString(8)} mtime ${st.mtimeMs} ${readFileSync(full, 'utf8')}`);
      }
    }
  };
  walk(dir);
  return out;
}
