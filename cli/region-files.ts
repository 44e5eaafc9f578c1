/**
 * Reads a region from disk: a directory is a region when it holds `region.yaml`; then region.yaml
 * is read, and each fabric directory it lists is read as `clos compile` reads an intent directory
 * (intent-files.ts: sizes checked before reading, UTF-8, hidden files skipped). The directories
 * beside region.yaml that hold YAML files are listed too, so a fabric left out of region.fabrics
 * is warned about.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createDiagnostic } from '../compiler/diagnostics/diagnostic.js';
import { LoadDiagnostics as L } from '../compiler/diagnostics/catalogue/index.js';
import { defaultLoadLimits, type LoadLimits } from '../compiler/load/load-intent.js';
import { loadRegion, regionFileName, type FabricFiles, type LoadedRegion } from '../region/load-region.js';
import { isIntentFileName, readIntent, readIntentFiles } from './intent-files.js';
import type { DiagnosticsContext } from './report-diagnostics.js';

/** True when `path` (as typed, relative to `cwd`) is a directory holding region.yaml. */
export function isRegionDir(path: string, cwd: string): boolean {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  try {
    return statSync(absolute).isDirectory() && existsSync(join(absolute, regionFileName));
  } catch {
    return false;
  }
}

export interface RegionOnDisk {
  readonly loaded: LoadedRegion;
  /** Diagnostics print their files under the region directory as typed. */
  readonly context: DiagnosticsContext;
}

/** Reads the region in the directory `path` (see isRegionDir). */
export function readRegion(path: string, cwd: string, limits: LoadLimits = defaultLoadLimits): RegionOnDisk {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  const regionFile = join(absolute, regionFileName);
  const read = readIntentFiles(
    [
      {
        name: regionFileName,
        size: () => {
          try {
            const s = statSync(regionFile);
            return s.isFile() ? s.size : { diagnostic: createDiagnostic(L.unreadable, {}, regionFileName, 'not a regular file') };
          } catch (e) {
            return { diagnostic: createDiagnostic(L.unreadable, {}, regionFileName, e instanceof Error ? e.message : String(e)) };
          }
        },
        read: () => {
          try {
            return readFileSync(regionFile);
          } catch (e) {
            return { diagnostic: createDiagnostic(L.unreadable, {}, regionFileName, e instanceof Error ? e.message : String(e)) };
          }
        },
      },
    ],
    limits,
  );
  const source = read.sources[0];
  if (source === undefined) {
    const loaded: LoadedRegion = { file: undefined, fabrics: [], diagnostics: read.diagnostics, texts: new Map() };
    return { loaded, context: { root: path, sources: loaded.texts } };
  }
  const loaded = loadRegion(source, (dir) => readFabricDir(join(path, dir), cwd, limits), yamlDirectories(absolute), limits);
  const withReading = read.diagnostics.length === 0 ? loaded : { ...loaded, diagnostics: [...read.diagnostics, ...loaded.diagnostics] };
  return { loaded: withReading, context: { root: path, sources: loaded.texts } };
}

/** One fabric directory, `shown` as the user would type it (the region's path joined to it). */
function readFabricDir(shown: string, cwd: string, limits: LoadLimits): FabricFiles {
  const absolute = isAbsolute(shown) ? shown : resolve(cwd, shown);
  if (!existsSync(absolute)) return { missing: 'does not exist beside region.yaml' };
  if (!statSync(absolute).isDirectory()) return { missing: 'beside region.yaml is a file, not a directory' };
  // Said at its entry in region.fabrics, as a missing directory is, rather than as CLOS1007 with no place.
  if (holdsYaml(absolute) === false) return { missing: 'beside region.yaml holds no *.yaml or *.yml file' };
  const onDisk = readIntent(shown, cwd, limits);
  return { sources: onDisk.sources, diagnostics: onDisk.diagnostics };
}

/** Directories beside region.yaml that hold YAML files (not hidden ones). */
function yamlDirectories(absolute: string): string[] {
  try {
    return readdirSync(absolute, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && holdsYaml(join(absolute, e.name)) === true)
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * Whether a directory holds intent files, as the shell's *.yaml sees them (hidden files are not
 * intent); undefined when it cannot be listed (reading it says why).
 */
function holdsYaml(dir: string): boolean | undefined {
  try {
    return readdirSync(dir).some(isIntentFileName);
  } catch {
    return undefined;
  }
}
