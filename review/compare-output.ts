/**
 * `clos compile --check`: is a directory exactly what compiling the intent writes? Compares the
 * files compiled in memory with the files found on disk, byte for byte and by executable bit
 * (interfaces.sh must stay executable), and names every stale, missing and extra file — the
 * golden-file gate users put in their own CI, after openapi-typescript's `--check`.
 */

export interface ExpectedFile {
  readonly path: string;
  readonly content: string;
  readonly executable: boolean;
}

export interface FoundFile {
  readonly content: string;
  /** Undefined when the file system cannot tell (then only content is compared). */
  readonly executable: boolean | undefined;
}

export interface StaleFile {
  readonly path: string;
  /** `content`: the bytes differ; `mode`: only the executable bit does. */
  readonly reason: 'content' | 'mode';
}

export interface OutputComparison {
  readonly stale: readonly StaleFile[];
  /** Files compiling writes that the directory lacks. */
  readonly missing: readonly string[];
  /** Files in the directory that compiling would not write. */
  readonly extra: readonly string[];
  /** Files that match. */
  readonly upToDate: number;
}

export function compareOutput(expected: readonly ExpectedFile[], found: ReadonlyMap<string, FoundFile>): OutputComparison {
  const stale: StaleFile[] = [];
  const missing: string[] = [];
  let upToDate = 0;
  const expectedPaths = new Set<string>();
  for (const e of expected) {
    expectedPaths.add(e.path);
    const f = found.get(e.path);
    if (f === undefined) missing.push(e.path);
    else if (f.content !== e.content) stale.push({ path: e.path, reason: 'content' });
    else if (f.executable !== undefined && f.executable !== e.executable) stale.push({ path: e.path, reason: 'mode' });
    else upToDate++;
  }
  const extra = [...found.keys()].filter((p) => !expectedPaths.has(p));
  return {
    stale: stale.sort((a, b) => compareText(a.path, b.path)),
    missing: missing.sort(compareText),
    extra: extra.sort(compareText),
    upToDate,
  };
}

export function isUpToDate(c: OutputComparison): boolean {
  return c.stale.length === 0 && c.missing.length === 0 && c.extra.length === 0;
}

/** One line per differing file, `stale`/`missing`/`extra` first, sorted by path. */
export function formatComparison(c: OutputComparison): string[] {
  const rows: { path: string; line: string }[] = [
    ...c.stale.map((s) => ({ path: s.path, line: `stale    ${s.path}${s.reason === 'mode' ? ' (executable bit)' : ''}` })),
    ...c.missing.map((p) => ({ path: p, line: `missing  ${p}` })),
    ...c.extra.map((p) => ({ path: p, line: `extra    ${p}` })),
  ];
  return rows.sort((a, b) => compareText(a.path, b.path)).map((r) => r.line);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
