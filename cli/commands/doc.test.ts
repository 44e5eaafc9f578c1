import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { examplesDir } from '../../test-helpers/examples.js';
import { memoryIo } from '../io.js';
import { run } from '../run.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('clos doc', () => {
  it('writes the document to -o, creating its directory, and prints it without -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clos-doc-'));
    dirs.push(dir);
    const io = memoryIo({ env: { NO_COLOR: '1' } });
    expect(await run(['doc', join(examplesDir, 'quickstart'), '-o', join(dir, 'docs', 'fabric.md')], io)).toBe(0);
    expect(io.out()).toBe(`quickstart: wrote the fabric documentation to ${join(dir, 'docs', 'fabric.md')}\n`);
    const written = readFileSync(join(dir, 'docs', 'fabric.md'), 'utf8');
    expect(written.startsWith('# Fabric quickstart\n')).toBe(true);
    const stdout = memoryIo({ env: { NO_COLOR: '1' } });
    expect(await run(['doc', join(examplesDir, 'quickstart')], stdout)).toBe(0);
    expect(stdout.out()).toBe(written);
  });

  it('refuses to write the document over a directory, and leaves nothing beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clos-doc-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'docs'));
    const io = memoryIo({ env: { NO_COLOR: '1' } });
    expect(await run(['doc', join(examplesDir, 'quickstart'), '-o', join(dir, 'docs')], io)).toBe(1);
    expect(io.err()).toContain(`error CLOS8009: cannot write '${join(dir, 'docs')}': it is a directory`);
    expect(readdirSync(dir)).toEqual(['docs']);
    expect(readdirSync(join(dir, 'docs'))).toEqual([]);
  });

  it('reports a path through a file as CLOS8009, not as an internal error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clos-doc-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'fabric.md'), 'not a directory\n');
    const io = memoryIo({ env: { NO_COLOR: '1' } });
    expect(await run(['doc', join(examplesDir, 'quickstart'), '-o', join(dir, 'fabric.md', 'x.md')], io)).toBe(1);
    expect(io.err()).toContain(`error CLOS8009: cannot write '${join(dir, 'fabric.md', 'x.md')}': its directory ${join(dir, 'fabric.md')} cannot be made: a file is in the way`);
    expect(io.err()).not.toContain('internal error');
    expect(readdirSync(dir)).toEqual(['fabric.md']);
  });

  it('says a build directory is not an intent (CLOS1020), naming the commands that take one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clos-doc-'));
    dirs.push(dir);
    expect(await run(['compile', join(examplesDir, 'quickstart'), '-o', join(dir, 'build')], memoryIo({ env: { NO_COLOR: '1' } }))).toBe(0);
    const io = memoryIo({ env: { NO_COLOR: '1' } });
    expect(await run(['doc', join(dir, 'build')], io)).toBe(1);
    expect(io.err()).toContain(`error CLOS1020: directory '${join(dir, 'build')}' is a clos build (fabric quickstart, as its manifest.json says), not an intent`);
    expect(io.err()).toContain('hint: give the intent directory the build was compiled from; `clos verify <dir>`, `clos lab up <dir>`');
    expect(io.out()).toBe('');
  });

  it('exits 1 with the intent diagnostics when the intent is invalid', async () => {
    const io = memoryIo({ env: { NO_COLOR: '1' } });
    expect(await run(['doc', join(examplesDir, 'no-such-intent')], io)).toBe(1);
    expect(io.err()).toContain('CLOS6004');
  });
});
