/**
 * `clos compile -o <dir>` writes atomically and only replaces what it wrote: on any error nothing
 * under <dir> changes, two runs give identical trees, unmanaged or modified directories are refused
 * and their files survive, and no temporary directory is left behind.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseIntent, edit } from '../test-helpers/intent.js';
import { repoRoot } from '../test-helpers/examples.js';
import { snapshot, tempDir, writeFiles } from '../test-helpers/temp.js';
import { memoryIo } from './io.js';
import { describeForeign } from './output-dir.js';
import { run } from './run.js';

async function compile(intent: string, out: string): Promise<{ status: number; err: string }> {
  const io = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1' } });
  const status = await run(['compile', intent, '-o', out], io);
  return { status, err: io.err() };
}

const quickstart = 'intent/examples/quickstart';

/** A fresh parent directory and an output path inside it, already compiled once. */
async function compiled(): Promise<{ parent: string; out: string }> {
  const parent = tempDir();
  const out = join(parent, 'out');
  expect((await compile(quickstart, out)).status).toBe(0);
  return { parent, out };
}

describe('writing output', () => {
  it('writes every device directory and a manifest with the sha256 of every file', async () => {
    const { out } = await compiled();
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { fabric: string; files: Record<string, string>; devices: { name: string }[] };
    expect(manifest.fabric).toBe('quickstart');
    expect(manifest.devices.map((d) => d.name)).toEqual(['spine1', 'spine2', 'leaf1', 'leaf2', 'leaf3', 'leaf4']);
    for (const [path, hash] of Object.entries(manifest.files)) {
      expect(createHash('sha256').update(readFileSync(join(out, path))).digest('hex'), path).toBe(hash);
    }
    expect(readdirSync(out).sort()).toEqual(['leaf1', 'leaf2', 'leaf3', 'leaf4', 'manifest.json', 'spine1', 'spine2']);
  });

  it('gives identical trees when run twice', async () => {
    const { out } = await compiled();
    const first = snapshotContents(out);
    expect((await compile(quickstart, out)).status).toBe(0);
    expect(snapshotContents(out)).toEqual(first);
  });

  it('replaces its own earlier output, removing devices that are gone', async () => {
    const { out } = await compiled();
    expect((await compile('intent/examples/dc1', out)).status).toBe(0);
    expect(existsSync(join(out, 'leaf1'))).toBe(false);
    expect(existsSync(join(out, 'dc1-leaf01', 'model.json'))).toBe(true);
  });

  it('leaves no temporary directory beside <dir>', async () => {
    const { parent } = await compiled();
    await compile(quickstart, join(parent, 'out'));
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('creates missing parent directories', async () => {
    const out = join(tempDir(), 'a', 'b', 'out');
    expect((await compile(quickstart, out)).status).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});

describe('on any error nothing under <dir> changes', () => {
  it('for an intent with errors', async () => {
    const { parent, out } = await compiled();
    const before = snapshot(out);
    const bad = join(parent, 'bad.yaml');
    writeFileSync(bad, edit(baseIntent, 'vlan: 110', 'vlan: 5000'));
    const r = await compile(bad, out);
    expect(r.status).toBe(1);
    expect(r.err).toContain('CLOS2004');
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(parent).sort()).toEqual(['bad.yaml', 'out']);
  });

  it('for an intent that does not exist', async () => {
    const { out } = await compiled();
    const before = snapshot(out);
    expect((await compile('no/such/dir', out)).status).toBe(1);
    expect(snapshot(out)).toEqual(before);
  });

  it('when <dir> cannot be written (a parent is a file)', async () => {
    const parent = tempDir();
    writeFiles(parent, { blocker: 'not a directory\n' });
    const before = snapshot(parent);
    const r = await compile(quickstart, join(parent, 'blocker', 'out'));
    expect(r.status).toBe(1);
    expect(r.err).toContain("error CLOS6003: cannot write '");
    expect(r.err).toContain('a parent of the output directory is a file');
    expect(snapshot(parent)).toEqual(before);
  });

  it('when <dir> is a file', async () => {
    const parent = tempDir();
    writeFiles(parent, { out: 'a file\n' });
    const r = await compile(quickstart, join(parent, 'out'));
    expect(r.status).toBe(1);
    expect(r.err).toContain('error CLOS6006');
    expect(readFileSync(join(parent, 'out'), 'utf8')).toBe('a file\n');
  });
});

describe('clos only replaces directories it wrote', () => {
  it('refuses a non-empty directory without manifest.json, and its files survive', async () => {
    const out = tempDir();
    writeFiles(out, { 'notes.txt': 'mine\n', 'configs/leaf1.cfg': 'hostname leaf1\n' });
    const before = snapshot(out);
    const r = await compile(quickstart, out);
    expect(r.status).toBe(1);
    expect(r.err).toContain('error CLOS6001');
    expect(snapshot(out)).toEqual(before);
  });

  it('accepts an empty existing directory', async () => {
    const out = tempDir();
    expect((await compile(quickstart, out)).status).toBe(0);
  });

  it('refuses a managed directory with a stray file, and the file survives', async () => {
    const { out } = await compiled();
    writeFiles(out, { 'leaf1/notes.txt': 'keep me\n' });
    const before = snapshot(out);
    const r = await compile(quickstart, out);
    expect(r.status).toBe(1);
    expect(r.err).toContain("error CLOS6002: output directory '");
    expect(r.err).toContain('(leaf1/notes.txt)');
    expect(snapshot(out)).toEqual(before);
  });

  it('refuses a managed directory with a stray empty directory', async () => {
    const { out } = await compiled();
    mkdirSync(join(out, 'backup'));
    const r = await compile(quickstart, out);
    expect(r.status).toBe(1);
    expect(r.err).toContain('(backup/ (empty))');
    expect(existsSync(join(out, 'backup'))).toBe(true);
  });

  it('lists a stray directory once, with how many files it holds, not every path beneath it', async () => {
    const { out } = await compiled();
    const stray: Record<string, string> = { 'leaf1/notes.txt': 'keep me\n' };
    for (let i = 0; i < 40; i++) stray[`.git/objects/${String(i).padStart(2, '0')}/obj`] = `${i}\n`;
    writeFiles(out, stray);
    const before = snapshot(out);
    const r = await compile(quickstart, out);
    expect(r.status).toBe(1);
    expect(r.err).toContain('holds files clos did not write (.git/ (40 files), leaf1/notes.txt); move them away first');
    expect(snapshot(out)).toEqual(before);
  });

  it('refuses a directory whose manifest.json is not a clos manifest', async () => {
    const out = tempDir();
    writeFiles(out, { 'manifest.json': '{"name": "some other tool"}\n', 'data.bin': 'x' });
    const before = snapshot(out);
    const r = await compile(quickstart, out);
    expect(r.status).toBe(1);
    expect(r.err).toContain('error CLOS6005');
    expect(snapshot(out)).toEqual(before);
  });

  it('refuses a manifest that lists paths outside the directory', async () => {
    const out = tempDir();
    writeFiles(out, { 'manifest.json': JSON.stringify({ schema: 'clos.manifest/1', fabric: 'x', devices: [], files: { '../../etc/passwd': 'x' } }) });
    const r = await compile(quickstart, out);
    expect(r.status).toBe(1);
    expect(r.err).toContain("file path '../../etc/passwd' leaves the output directory");
  });
});

function snapshotContents(dir: string): Map<string, string> {
  return new Map([...snapshot(dir)].map(([k, v]) => [k, v.replace(/mtime [0-9.]+ /, '')]));
}

describe('a clos that is interrupted or killed leaves <dir> the old build or the new', () => {
  /** A process id that runs no process (the highest ids are free on any test machine). */
  const deadPid = 4194000;

  it('removes the temporary directory of a killed clos, and moves back the build it had moved aside', async () => {
    const { parent, out } = await compiled();
    const before = snapshot(out);
    // A clos killed between its two renames: the old build aside, the new one never moved in.
    const old = join(parent, `.out.clos-old-${deadPid}-abc`);
    const tmp = join(parent, `.out.clos-tmp-${deadPid}-abc`);
    renameSync(out, old);
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'half-written'), 'x');
    // The next compile puts the old build back before anything else, and tidies the rest.
    const r = await compile(quickstart, out);
    expect(r.status, r.err).toBe(0);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it("leaves the temporary directories of a clos that still runs alone", async () => {
    const { parent, out } = await compiled();
    const running = join(parent, `.out.clos-tmp-${process.ppid}-abc`);
    mkdirSync(running);
    expect((await compile(quickstart, out)).status).toBe(0);
    expect(existsSync(running)).toBe(true);
  });

  it('removes its temporary directory when SIGINT or SIGTERM ends it, and ends by that signal', () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const parent = tempDir();
      // A process that begins an output, then is signalled before it commits.
      const script = `
        import { beginOutput } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'cli', 'output-dir.js')).href)};
        const p = beginOutput(${JSON.stringify(join(parent, 'out'))}, 'out');
        process.stdout.write(p.tmp);
        setTimeout(() => process.kill(process.pid, '${signal}'), 10);
        setTimeout(() => process.exit(0), 5000);
      `;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(child.signal, child.stderr).toBe(signal);
      expect(child.stdout).toContain('.out.clos-tmp-');
      expect(readdirSync(parent)).toEqual([]);
    }
  });
});

describe('describeForeign', () => {
  const known = new Set(['manifest.json', 'leaf1/frr.conf', 'leaf1/model.json', 'spine1/frr.conf']);
  it('is undefined when the directory holds only what clos wrote', () => {
    expect(describeForeign(['leaf1/frr.conf', 'leaf1/model.json', 'manifest.json', 'spine1/frr.conf'], ['leaf1/', 'spine1/'], known)).toBeUndefined();
  });
  it('names foreign files in directories clos wrote, and each topmost foreign directory once with its file count', () => {
    const files = ['a/b/c/x', 'a/y', 'leaf1/frr.conf', 'leaf1/keep/z', 'leaf1/notes.txt', 'manifest.json', 'top.txt'];
    const dirs = ['a/', 'a/b/', 'a/b/c/', 'empty/', 'leaf1/', 'leaf1/keep/', 'spine1/'];
    expect(describeForeign(files, dirs, known)).toBe('a/ (2 files), empty/ (empty), leaf1/keep/ (1 file), leaf1/notes.txt, top.txt');
  });
  it('counts entries, not files, after the first five', () => {
    const files = ['manifest.json', ...['f', 'e', 'd', 'c', 'b', 'a'].map((n) => `${n}.txt`), 'g/1', 'g/2'];
    expect(describeForeign(files, ['g/'], known)).toBe('a.txt, b.txt, c.txt, d.txt, e.txt and 2 more');
  });
});
