/**
 * Which renderer wrote a build directory, remembered on this machine so that the next compile into
 * it can leave alone the devices whose model did not change (output-dir.ts
 * OutputFileWriter.reuseDevice): a device's files are a function of its model.json, the templates
 * and the code that renders (Renderer.fingerprint), so when all three are the same, rendering them
 * again would make what is on disk.
 *
 * The record is not in the build: manifest.json stays what it was (golden files, reviews), and a
 * build copied to another machine, or compiled by another clos, is simply rendered again. It is a
 * file per build in the user's cache directory ($XDG_CACHE_HOME/clos/builds or
 * ~/.cache/clos/builds, made 0700 like the code cache, cli/bundle.ts), named by the sha256 of the
 * build's manifest.json and holding the renderer's fingerprint: a manifest edited by hand names no
 * record, and the files of a build are still checked against their manifest hashes before any is
 * reused. CLOS_NO_COMPILE_CACHE=1 turns records off with the code cache; a failure to read or write
 * one only means rendering every device.
 *
 * The code's identity is the bundle's sha256, which the launcher (dist/clos.cjs) gives the bundle,
 * with the Node version. clos run from its sources or from the unbundled dist/ has none, and
 * renders every device.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The global the launcher sets to the bundle's sha256 (cli/bundle.ts launcherSource). */
export const codeIdentityGlobal = '__closBundleHash';

/** Records kept: the newest, by the time they were written. */
const keptRecords = 64;

/**
 * The identity of the running code: the bundle's, from the launcher, and the Node version that
 * runs it (the output must not depend on it, but a record is no place to find out that it does);
 * undefined when not run from the bundle.
 */
export function codeIdentity(): string | undefined {
  const value = (globalThis as Record<string, unknown>)[codeIdentityGlobal];
  return typeof value === 'string' && value.length > 0 ? `${value} node ${process.version}` : undefined;
}

function recordDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env['CLOS_NO_COMPILE_CACHE'] === '1') return undefined;
  const xdg = env['XDG_CACHE_HOME'];
  const home = env['HOME'];
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : home !== undefined && isAbsolute(home) ? join(home, '.cache') : undefined;
  return base === undefined ? undefined : join(base, 'clos', 'builds');
}

/** The fingerprint of the renderer that wrote the build whose manifest.json has this sha256, if recorded here. */
export function readBuildRecord(env: Readonly<Record<string, string | undefined>>, manifestSha256: string | undefined): string | undefined {
  const dir = recordDir(env);
  if (dir === undefined || manifestSha256 === undefined) return undefined;
  try {
    const text = readFileSync(join(dir, manifestSha256), 'utf8');
    return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Records that `renderer` wrote the build whose manifest.json has this sha256; keeps the newest records. */
export function writeBuildRecord(env: Readonly<Record<string, string | undefined>>, manifestSha256: string, renderer: string): void {
  const dir = recordDir(env);
  if (dir === undefined) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, manifestSha256);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, renderer, { mode: 0o600 });
    renameSync(tmp, file);
    const records = readdirSync(dir).filter((n) => /^[0-9a-f]{64}$/.test(n));
    if (records.length <= keptRecords) return;
    const old = records
      .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t || (a.n < b.n ? -1 : 1))
      .slice(keptRecords);
    for (const o of old) rmSync(join(dir, o.n), { force: true });
  } catch {
    // No record this time: the next compile renders every device, as without one.
  }
}
