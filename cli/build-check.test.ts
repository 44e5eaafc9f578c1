/**
 * `clos verify <build dir>` compares the directory's files with what the models render to on worker
 * threads (build-check.ts), which run the built dist/cli/render-worker.js (`npm test` builds it
 * first): a hand edit in a device a worker compared is found, with its file and line, and the
 * report is the same whatever the number of threads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir } from '../test-helpers/examples.js';
import type { DeviceComparison } from '../verify/types.js';

const dist = join(import.meta.dirname, '..', 'dist');
const main = join(dist, 'cli', 'main.js');
const scratch = mkdtempSync(join(tmpdir(), 'clos-build-check-'));
const build = join(scratch, 'dc1');

function clos(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** Replaces one line of a file, returning its 1-based number. */
function editLine(file: string, find: string, replace: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes(find));
  expect(at, `${file} has no line with '${find}'`).toBeGreaterThanOrEqual(0);
  lines[at] = (lines[at] ?? '').replace(find, replace);
  writeFileSync(file, lines.join('\n'));
  return at + 1;
}

beforeAll(() => {
  if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run npm run build (npm test does)');
  const compiled = clos('compile', join(examplesDir, 'dc1'), '-o', build);
  expect(compiled.stderr).toBe('');
  expect(compiled.status).toBe(0);
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('verify <build dir> on worker threads', () => {
  it('finds a hand edit in a device only a worker compared, naming the file and line', async () => {
    const at = editLine(join(build, 'dc1-leaf02', 'frr.conf'), 'route-target', 'route-target ');
    try {
      // The built modules, whose worker script is built too.
      const { readBuildDir } = (await import(join(dist, 'cli', 'build-dir.js'))) as typeof import('./build-dir.js');
      const read = readBuildDir(build, 'dc1', 2);
      expect(read.comparer?.threads).toBe(2);
      // Every device compared by the workers before this thread takes any.
      await read.comparer?.workersDone();
      const compared = (await read.comparer?.finish(read.devices)) ?? [];
      expect(compared.map((c) => c.device)).toEqual(read.devices.map((d) => d.name));
      const edited = compared.find((c) => c.device === 'dc1-leaf02') as Extract<DeviceComparison, { files: unknown }>;
      const frr = edited.files.find((f) => f.path === 'dc1-leaf02/frr.conf');
      expect(frr?.difference?.line).toBe(at);
      expect(compared.flatMap((c) => ('files' in c ? c.files.filter((f) => f.difference !== undefined).map((f) => f.path) : []))).toEqual(['dc1-leaf02/frr.conf']);

      const one = clos('verify', build, '--jobs', '1');
      const three = clos('verify', build, '--jobs', '3');
      expect(one.status).toBe(1);
      expect(one.stdout).toMatch(new RegExp(`error CLOS5261: 'dc1-leaf02/frr\\.conf' is not what 'dc1-leaf02/model\\.json' renders to: line ${at} differs`));
      expect(one.stdout).toContain(`${join(build, 'dc1-leaf02', 'frr.conf')}:${at}:`);
      expect(three.status).toBe(1);
      expect(three.stdout).toBe(one.stdout);
      expect(three.stderr).toBe(one.stderr);
    } finally {
      editLine(join(build, 'dc1-leaf02', 'frr.conf'), 'route-target  ', 'route-target ');
    }
  });

  it('passes the unedited build with workers, as on one thread', () => {
    const one = clos('verify', build, '--jobs', '1');
    const two = clos('verify', build, '--jobs', '2');
    expect(one.status, one.stdout + one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.status).toBe(0);
  });
});
