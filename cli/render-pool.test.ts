/**
 * The render workers, end to end through the built CLI (workers run dist/cli/render-worker.js,
 * which `npm test` builds first): the output is byte-identical with and without them, whatever
 * the split, and a failure leaves nothing behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIntent } from '../bench/generate-intent.js';
import { readTree } from '../test-helpers/examples.js';

const main = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
let dir = '';
let intent = '';

function compile(out: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [main, 'compile', intent, '-o', out, ...args], { encoding: 'utf8' });
}

beforeAll(() => {
  if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run npm run build (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'clos-pool-'));
  intent = join(dir, 'intent');
  mkdirSync(intent);
  // Above the 256 KB at which compile starts workers (one line per server: no dual-homed ones).
  const generated = generateIntent({ spines: 4, leaves: 64, tenants: 8, vrfs: 16, networks: 400, networksPerLeaf: 50, serversPerLeaf: 20, dualHomed: 0, seed: 3 });
  expect(generated.stats.intentChars).toBeGreaterThan(256 * 1024);
  for (const f of generated.files) writeFileSync(join(intent, f.name), f.text);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('render workers', () => {
  it('write the same bytes as a single thread, with 2 and 3 threads', () => {
    const single = compile(join(dir, 'one'), '--jobs', '1');
    expect(single.stderr).toBe('');
    expect(single.status).toBe(0);
    const expected = readTree(join(dir, 'one'));
    expect(expected.size).toBe(68 * 3 + 1);
    for (const jobs of ['2', '3']) {
      const out = join(dir, `jobs-${jobs}`);
      const run = compile(out, '--jobs', jobs);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(single.stdout.replace(join(dir, 'one'), out));
      const actual = readTree(out);
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      for (const [path, content] of expected) expect(actual.get(path), path).toBe(content);
    }
  });

  it('replace an earlier output atomically and leave no temporary directory', () => {
    const out = join(dir, 'again');
    expect(compile(out, '--jobs', '2').status).toBe(0);
    expect(compile(out, '--jobs', '2').status).toBe(0);
    expect(readdirSync(dir).filter((n) => n.includes('clos-tmp') || n.includes('clos-old'))).toEqual([]);
  });

  it('report a write failure as a diagnostic and leave nothing behind', () => {
    const blocked = join(dir, 'blocked');
    // The output's parent is a file: the temporary directory cannot be created.
    writeFileSync(blocked, '');
    const run = compile(join(blocked, 'out'), '--jobs', '2');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/error CLOS\d{4}/);
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it('rejects a --jobs that is not a whole number of threads', () => {
    const run = compile(join(dir, 'bad'), '--jobs', '0');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--jobs/);
  });
});
