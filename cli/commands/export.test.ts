import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { examplesDir } from '../../test-helpers/examples.js';
import { clos } from '../../test-helpers/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function labDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clos-export-'));
  dirs.push(d);
  return join(d, 'lab');
}

describe('clos export containerlab', () => {
  it('writes the topology, the start script, the daemons file and every switch config', async () => {
    const out = labDir();
    const r = await clos('export', 'containerlab', join(examplesDir, 'quickstart'), '-o', out, '--image', 'quay.io/frrouting/frr:8.4.1');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain(`sudo containerlab deploy -t ${join(out, 'quickstart.clab.yml')}`);
    for (const f of ['quickstart.clab.yml', 'clos-start.sh', 'daemons', 'clos-export.json', 'leaf1/frr.conf', 'leaf1/interfaces.sh', 'spine2/frr.conf']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(statSync(join(out, 'clos-start.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(out, 'quickstart.clab.yml'), 'utf8')).toContain('image: "quay.io/frrouting/frr:8.4.1"');
    // A second export replaces the first.
    expect((await clos('export', 'containerlab', join(examplesDir, 'quickstart'), '-o', out)).status).toBe(0);
  });

  it('compiles for FRR whatever platform the intent names', async () => {
    const out = labDir();
    const src = mkdtempSync(join(tmpdir(), 'clos-export-intent-'));
    dirs.push(src);
    writeFileSync(join(src, 'fabric.yaml'), readFileSync(join(examplesDir, 'quickstart', 'fabric.yaml'), 'utf8').replace('platform: frr', 'platform: eos'));
    const r = await clos('export', 'containerlab', src, '-o', out);
    expect(r.status, r.err).toBe(0);
    expect(readFileSync(join(out, 'leaf1', 'frr.conf'), 'utf8')).toContain('interface swp49');
  });

  it('never replaces a directory holding files it did not write, or a deployed lab', async () => {
    const out = labDir();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'notes.md'), 'mine\n');
    const foreign = await clos('export', 'containerlab', join(examplesDir, 'quickstart'), '-o', out);
    expect(foreign.status).toBe(1);
    expect(foreign.err).toContain('error CLOS8006');
    expect(foreign.err).toContain('(notes.md)');
    rmSync(join(out, 'notes.md'));
    mkdirSync(join(out, 'mine', 'deep'), { recursive: true });
    writeFileSync(join(out, 'mine', 'deep', 'a.md'), 'mine\n');
    writeFileSync(join(out, 'mine', 'b.md'), 'mine\n');
    const foreignDir = await clos('export', 'containerlab', join(examplesDir, 'quickstart'), '-o', out);
    expect(foreignDir.status).toBe(1);
    expect(foreignDir.err).toContain('(mine/ (2 files))');
    rmSync(join(out, 'mine'), { recursive: true });
    mkdirSync(join(out, 'empty'));
    const emptyDir = await clos('export', 'containerlab', join(examplesDir, 'quickstart'), '-o', out);
    expect(emptyDir.status).toBe(1);
    expect(emptyDir.err).toContain('(empty/ (empty))');
    rmSync(join(out, 'empty'), { recursive: true });
    expect((await clos('export', 'containerlab', join(examplesDir, 'quickstart'), '-o', out)).status).toBe(0);
    mkdirSync(join(out, 'clab-quickstart'));
    const deployed = await clos('export', 'containerlab', join(examplesDir, 'quickstart'), '-o', out);
    expect(deployed.status).toBe(1);
    expect(deployed.err).toContain("error CLOS8007: '");
    expect(existsSync(join(out, 'quickstart.clab.yml'))).toBe(true);
  });

  it('says a build directory is not an intent (CLOS1020), and writes nothing', async () => {
    const out = labDir();
    const build = join(out, '..', 'build');
    expect((await clos('compile', join(examplesDir, 'quickstart'), '-o', build)).status).toBe(0);
    const r = await clos('export', 'containerlab', build, '-o', out);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`error CLOS1020: directory '${build}' is a clos build (fabric quickstart, as its manifest.json says), not an intent`);
    expect(r.err).not.toContain('CLOS1007');
    expect(existsSync(out)).toBe(false);
  });

  it('needs -o', async () => {
    const r = await clos('export', 'containerlab', join(examplesDir, 'quickstart'));
    expect(r.status).toBe(2);
    expect(r.err).toContain('export containerlab needs an output directory');
  });
});
