/**
 * `clos compile -o <dir>` over the build of another fabric or region (CLOS6007): the compile
 * replaces it, as it replaces any directory clos wrote, and says whose build it replaced.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-helpers/examples.js';
import { clos } from '../../test-helpers/cli.js';
import { tempDir } from '../../test-helpers/temp.js';

const examples = join(repoRoot, 'intent', 'examples');
const outDir = (): string => join(tempDir('clos-replace-'), 'out');

const nameIn = (dir: string): string => (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { fabric?: string; region?: string }).fabric ?? '';

describe("clos compile over another build", () => {
  it("warns (CLOS6007) when it replaces another fabric's build, exits 0 and writes its own", async () => {
    const out = outDir();
    expect((await clos('compile', join(examples, 'mixed'), '-o', out)).status).toBe(0);
    const other = nameIn(out);
    expect(other).not.toBe('quickstart');
    const r = await clos('compile', join(examples, 'quickstart'), '-o', out);
    expect(r.status).toBe(0);
    expect(r.err).toContain(`warning CLOS6007: compiling fabric 'quickstart' into '${out}' replaced the build of fabric '${other}' it held`);
    expect(r.err).toContain(`hint: a rename compiled into its old directory is meant; if the path was wrong, compiling fabric '${other}' into '${out}' again brings its build back`);
    expect(nameIn(out)).toBe('quickstart');
    const json = JSON.parse((await clos('compile', join(examples, 'mixed'), '-o', out, '--json')).out) as { diagnostics: { code: string; severity: string }[] };
    expect(json.diagnostics.filter((d) => d.code === 'CLOS6007').map((d) => d.severity)).toEqual(['warning']);
  });

  it('says nothing over its own build, an empty directory or none', async () => {
    const out = outDir();
    mkdirSync(out);
    for (let i = 0; i < 2; i++) {
      const r = await clos('compile', join(examples, 'quickstart'), '-o', out);
      expect(r.status).toBe(0);
      expect(r.err).not.toContain('CLOS6007');
    }
  });

  it("names a region's build replaced by a fabric's, and a fabric's by a region's", async () => {
    const out = outDir();
    expect((await clos('compile', join(examples, 'region'), '-o', out)).status).toBe(0);
    const region = (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { region: string }).region;
    const fabric = await clos('compile', join(examples, 'quickstart'), '-o', out);
    expect(fabric.status).toBe(0);
    expect(fabric.err).toContain(`warning CLOS6007: compiling fabric 'quickstart' into '${out}' replaced the build of region '${region}' it held`);
    const back = await clos('compile', join(examples, 'region'), '-o', out);
    expect(back.status).toBe(0);
    expect(back.err).toContain(`warning CLOS6007: compiling region '${region}' into '${out}' replaced the build of fabric 'quickstart' it held`);
    const again = await clos('compile', join(examples, 'region'), '-o', out);
    expect(again.err).not.toContain('CLOS6007');
  });

  it('warns only when the compile wrote: an intent that fails leaves the other build and says nothing of it', async () => {
    const out = outDir();
    await clos('compile', join(examples, 'mixed'), '-o', out);
    const before = readFileSync(join(out, 'manifest.json'), 'utf8');
    const r = await clos('compile', join(repoRoot, 'compiler', 'fixtures', 'invalid', 'duplicate-leaf-name'), '-o', out);
    expect(r.status).toBe(1);
    expect(r.err).not.toContain('CLOS6007');
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
  });
});
