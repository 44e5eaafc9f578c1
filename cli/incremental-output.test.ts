/**
 * `clos compile -o <dir>` over the build it replaces (the per-change loop): files that come out
 * byte for byte the same are linked from the previous build instead of written, and the directory
 * is then exactly what a clean compile writes — contents and modes — on every example and platform,
 * after random changes of the intent, and when the previous build was edited by hand.
 */
import { chmodSync, cpSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, exampleNames, readTree, repoRoot, variantsOf } from '../test-helpers/examples.js';
import { mutateIntent } from '../test-helpers/mutations.js';
import { tempDir, writeFiles } from '../test-helpers/temp.js';
import { readIntent } from './intent-files.js';
import { listFiles } from './output-dir.js';
import { memoryIo } from './io.js';
import { run } from './run.js';

async function compile(intent: string, out: string, platform?: string): Promise<{ status: number; out: string; err: string; unchanged: number | undefined }> {
  const io = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1' } });
  const status = await run(['compile', intent, '-o', out, '--json', ...(platform === undefined ? [] : ['--platform', platform])], io);
  const result = status === 0 ? (JSON.parse(io.out()) as { result: { unchanged?: number } }).result : undefined;
  return { status, out: io.out(), err: io.err(), unchanged: result?.unchanged };
}

/** Every file's content and permission bits. */
function tree(dir: string): Map<string, string> {
  const out = readTree(dir);
  for (const f of listFiles(dir)) out.set(`${f} (mode)`, (statSync(join(dir, f)).mode & 0o777).toString(8));
  return out;
}

function inode(path: string): number {
  return statSync(path).ino;
}

describe('compiling over the previous build', () => {
  it('reuses every unchanged file and writes what a clean compile writes, on every example and platform', async () => {
    const work = tempDir('clos-incremental-');
    for (const example of exampleNames()) {
      for (const variant of variantsOf(example)) {
        const out = join(work, example, variant.name);
        const first = await compile(join(examplesDir, example), out, variant.platform);
        expect(first.status, `${example}/${variant.name}: ${first.err}`).toBe(0);
        expect(first.unchanged).toBeUndefined(); // nothing to reuse in a fresh directory
        const clean = tree(out);
        const model = join(out, listFiles(out).find((f) => f.endsWith('/model.json')) ?? '');
        const before = inode(model);
        const again = await compile(join(examplesDir, example), out, variant.platform);
        expect(again.status).toBe(0);
        // Everything but manifest.json, which is always written anew.
        expect(again.unchanged, `${example}/${variant.name}`).toBe(clean.size / 2 - 1);
        expect(inode(model)).toBe(before);
        expect(tree(out), `${example}/${variant.name}`).toEqual(clean);
      }
    }
  });

  it('rewrites a file edited by hand (same size, same time stamp), or whose mode changed', async () => {
    const work = tempDir('clos-incremental-');
    const out = join(work, 'out');
    expect((await compile(join(examplesDir, 'quickstart'), out)).status).toBe(0);
    const clean = tree(out);
    const conf = join(out, 'leaf1', 'frr.conf');
    const script = join(out, 'leaf2', 'interfaces.sh');
    const { atime, mtime } = statSync(conf);
    const text = readFileSync(conf, 'utf8');
    writeFileSync(conf, text.replace('router bgp', 'router bgq'));
    utimesSync(conf, atime, mtime);
    chmodSync(script, 0o700);
    const again = await compile(join(examplesDir, 'quickstart'), out);
    expect(again.status).toBe(0);
    expect(again.unchanged).toBe(clean.size / 2 - 3);
    expect(tree(out)).toEqual(clean);
  });

  it('rewrites only the devices a one-network change touches', async () => {
    const work = tempDir('clos-incremental-');
    const out = join(work, 'out');
    const intent = join(work, 'dc1');
    cpSync(join(examplesDir, 'dc1'), intent, { recursive: true });
    expect((await compile(intent, out)).status).toBe(0);
    const before = new Map(listFiles(out).map((f) => [f, { inode: inode(join(out, f)), text: readFileSync(join(out, f), 'utf8') }]));
    const retail = join(intent, 'tenant-retail.yaml');
    writeFileSync(retail, readFileSync(retail, 'utf8').replace('vlan: 110,', 'vlan: 115,'));
    const clean = join(work, 'clean');
    expect((await compile(intent, clean)).status).toBe(0);
    expect((await compile(intent, out)).status).toBe(0);
    expect(tree(out)).toEqual(tree(clean));
    // A file is new exactly when its text changed: those of the leaves carrying retail-dev-web, and the manifest.
    const rewritten = listFiles(out).filter((f) => inode(join(out, f)) !== before.get(f)?.inode);
    const changed = listFiles(out).filter((f) => readFileSync(join(out, f), 'utf8') !== before.get(f)?.text);
    expect(rewritten).toEqual(changed);
    expect(rewritten).toContain('manifest.json');
    expect(rewritten.length).toBeGreaterThan(1);
    // dc1 stretches the network over every leaf; the spines carry no VLAN and stay as they were.
    expect(rewritten.filter((f) => f.includes('-spine'))).toEqual([]);
    expect(rewritten.filter((f) => f.startsWith('spine'))).toEqual([]);
  });

  it('after random changes of the intent, writes exactly what a clean compile of the new intent writes', async () => {
    const work = tempDir('clos-incremental-');
    let compiled = 0;
    let reusedSome = 0;
    const examples = ['quickstart', 'dc1'];
    for (let seed = 0; seed < 60; seed++) {
      const example = examples[seed % examples.length] ?? 'quickstart';
      const original = readIntent(join(examplesDir, example), repoRoot).sources;
      const previous = join(work, `previous-${example}`);
      if (seed < examples.length) expect((await compile(join(examplesDir, example), previous)).status).toBe(0);
      const { files, what } = mutateIntent(original, seed);
      const intent = join(work, `intent-${seed}`);
      writeFiles(intent, Object.fromEntries(files));
      const clean = join(work, `clean-${seed}`);
      const fresh = await compile(intent, clean);
      const out = join(work, `out-${seed}`);
      cpSync(previous, out, { recursive: true });
      const over = await compile(intent, out);
      expect(over.status, what).toBe(fresh.status);
      if (fresh.status === 0) {
        compiled++;
        if ((over.unchanged ?? 0) > 0) reusedSome++;
        expect(tree(out), what).toEqual(tree(clean));
      } else {
        expect(tree(out), `${what}: a failed compile leaves the previous build as it was`).toEqual(tree(previous));
      }
      rmSync(intent, { recursive: true });
      rmSync(clean, { recursive: true, force: true });
      rmSync(out, { recursive: true });
    }
    // The mutations must give both kinds of change: intents that still compile, most reusing files.
    expect(compiled).toBeGreaterThan(10);
    expect(reusedSome).toBeGreaterThan(compiled / 2);
  });
});
