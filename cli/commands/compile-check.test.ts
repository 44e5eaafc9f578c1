import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-helpers/examples.js';
import { memoryIo } from '../io.js';
import { run } from '../run.js';

const intent = join(repoRoot, 'intent', 'examples', 'quickstart');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function clos(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = memoryIo({ env: { NO_COLOR: '1' } });
  const status = await run(argv, io);
  return { status, out: io.out(), err: io.err() };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clos-check-'));
  dirs.push(d);
  return d;
}

describe('clos compile --check', () => {
  it('exits 0 on a directory compile just wrote, and writes nothing', async () => {
    const out = join(tempDir(), 'q');
    expect((await clos('compile', intent, '-o', out)).status).toBe(0);
    const before = readFileSync(join(out, 'manifest.json'), 'utf8');
    const r = await clos('compile', intent, '-o', out, '--check');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/is up to date: its 19 files are what .* compiles to/);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
  });

  it('exits 1 on a stale directory and lists the stale, missing and extra files', async () => {
    const out = join(tempDir(), 'q');
    await clos('compile', intent, '-o', out);
    writeFileSync(join(out, 'leaf1', 'frr.conf'), 'hostname edited-by-hand\n');
    chmodSync(join(out, 'leaf2', 'interfaces.sh'), 0o644);
    rmSync(join(out, 'spine1', 'model.json'));
    writeFileSync(join(out, 'leaf1', 'notes.txt'), 'mine\n');
    const r = await clos('compile', intent, '-o', out, '--check');
    expect(r.status).toBe(1);
    expect(r.out).toBe(['stale    leaf1/frr.conf', 'extra    leaf1/notes.txt', 'stale    leaf2/interfaces.sh (executable bit)', 'missing  spine1/model.json', ''].join('\n'));
    expect(r.err).toContain('error CLOS8001');
    expect(r.err).toContain('2 stale, 1 missing, 1 extra files');
    expect(readFileSync(join(out, 'leaf1', 'frr.conf'), 'utf8')).toBe('hostname edited-by-hand\n');
  });

  it('exits 1 listing every file as missing when the directory does not exist', async () => {
    const r = await clos('compile', intent, '-o', join(tempDir(), 'never-compiled'), '--check');
    expect(r.status).toBe(1);
    expect(r.out.trim().split('\n')).toHaveLength(19);
    expect(r.out).toMatch(/^missing {2}leaf1\/frr\.conf$/m);
  });

  it('reports JSON with --json', async () => {
    const out = join(tempDir(), 'q');
    await clos('compile', intent, '-o', out);
    rmSync(join(out, 'leaf3', 'frr.conf'));
    const r = await clos('compile', intent, '-o', out, '--check', '--json');
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.out) as { result: { upToDate: boolean; missing: string[]; stale: string[]; extra: string[] }; diagnostics: { code: string }[] };
    expect(doc.result).toMatchObject({ upToDate: false, missing: ['leaf3/frr.conf'], stale: [], extra: [] });
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['CLOS8001']);
  });
});
