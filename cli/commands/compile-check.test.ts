import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-helpers/examples.js';
import { clos } from '../../test-helpers/cli.js';

const intent = join(repoRoot, 'intent', 'examples', 'quickstart');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

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

  it("warns (CLOS8012) when the directory is another fabric's build, whose replacement the hint would propose", async () => {
    const out = join(tempDir(), 'mixed');
    expect((await clos('compile', join(repoRoot, 'intent', 'examples', 'mixed'), '-o', out)).status).toBe(0);
    const other = (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { fabric: string }).fabric;
    expect(other).not.toBe('quickstart');
    const r = await clos('compile', intent, '-o', out, '--check');
    expect(r.status).toBe(1);
    expect(r.err).toContain(`warning CLOS8012: '${out}' was compiled from fabric '${other}', not 'quickstart': the comparison sets one fabric against another`);
    expect(r.err).toContain(`hint: check the build directory of fabric 'quickstart'; if 'quickstart' is '${other}' renamed, compiling into '${out}' replaces the old build with the renamed one`);
    expect(r.err).toContain('error CLOS8001');
    const json = JSON.parse((await clos('compile', intent, '-o', out, '--check', '--json')).out) as { diagnostics: { code: string }[] };
    expect(json.diagnostics.map((d) => d.code)).toEqual(['CLOS8012', 'CLOS8001']);
    // Its own build, stale: no warning.
    const own = join(tempDir(), 'q');
    await clos('compile', intent, '-o', own);
    rmSync(join(own, 'leaf3', 'frr.conf'));
    expect((await clos('compile', intent, '-o', own, '--check')).err).not.toContain('CLOS8012');
  });
});

describe('clos compile --check and the platform a directory was compiled for', () => {
  it('records --platform in manifest.json and checks with it when no --platform is given', async () => {
    const out = join(tempDir(), 'eos');
    expect((await clos('compile', intent, '-o', out, '--platform', 'eos')).status).toBe(0);
    expect((JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { platform: unknown }).platform).toBe('eos');
    const r = await clos('compile', intent, '-o', out, '--check');
    expect(r.status, r.err).toBe(0);
    expect(r.out).toMatch(/is up to date: its 13 files are what .* compiles to with --platform eos, as its manifest\.json records\n$/);
    const json = JSON.parse((await clos('compile', intent, '-o', out, '--check', '--json')).out) as { result: { platform: string; upToDate: boolean } };
    expect(json.result).toMatchObject({ platform: 'eos', upToDate: true });
  });

  it('refuses another --platform than the recorded one, and proposes nothing that would overwrite it', async () => {
    const out = join(tempDir(), 'eos');
    await clos('compile', intent, '-o', out, '--platform', 'eos');
    const r = await clos('compile', intent, '-o', out, '--check', '--platform', 'frr');
    expect(r.status).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`error CLOS8010: '${out}' was compiled with --platform eos; comparing it with --platform frr output`);
    expect(r.err).toContain(`--check --platform eos'; to render --platform frr, compile into another directory`);
    expect(r.err).not.toMatch(/run 'clos compile [^']*'/);
    const plain = join(tempDir(), 'as-written');
    await clos('compile', intent, '-o', plain);
    expect((JSON.parse(readFileSync(join(plain, 'manifest.json'), 'utf8')) as { platform: unknown }).platform).toBeNull();
    const r2 = await clos('compile', intent, '-o', plain, '--check', '--platform', 'eos');
    expect(r2.status).toBe(1);
    expect(r2.err).toContain('error CLOS8010');
    expect(r2.err).toContain('without --platform (every device on the platform its intent gives)');
  });

  it('names the recorded --platform in the hint of a stale directory', async () => {
    const out = join(tempDir(), 'nxos');
    await clos('compile', intent, '-o', out, '--platform', 'nxos');
    writeFileSync(join(out, 'leaf1', 'nxos.cfg'), 'hostname edited-by-hand\n');
    const r = await clos('compile', intent, '-o', out, '--check');
    expect(r.status).toBe(1);
    expect(r.out).toBe('stale    leaf1/nxos.cfg\n');
    expect(r.err).toContain(`run 'clos compile ${intent} -o ${out} --platform nxos' and commit the result`);
  });

  it('says first what the compile would refuse in the directory, so that its hint can be followed', async () => {
    const out = join(tempDir(), 'refused');
    await clos('compile', intent, '-o', out);
    writeFileSync(join(out, 'leaf1', 'notes.txt'), 'mine\n');
    const extra = await clos('compile', intent, '-o', out, '--check');
    expect(extra.status).toBe(1);
    expect(extra.err).toContain(`the compile would refuse the directory as it is, CLOS6002: output directory '${out}' holds files clos did not write (leaf1/notes.txt); move them away first; then run 'clos compile ${intent} -o ${out}'`);
    // Followed, the hint works.
    rmSync(join(out, 'leaf1', 'notes.txt'));
    writeFileSync(join(out, 'manifest.json'), '{');
    const broken = await clos('compile', intent, '-o', out, '--check');
    expect(broken.status).toBe(1);
    expect(broken.err).toContain(`the compile would refuse the directory as it is, CLOS6005: '${join(out, 'manifest.json')}' is not a valid clos manifest`);
    expect(broken.err).toContain(`; move ${out} aside, as clos replaces only a directory its own manifest.json describes; then run 'clos compile ${intent} -o ${out}'`);
    expect((await clos('compile', intent, '-o', out)).err).toContain('CLOS6005');
  });

  it('asks for the platform of a directory an older clos wrote when its devices are on other platforms', async () => {
    const out = join(tempDir(), 'old');
    await clos('compile', intent, '-o', out, '--platform', 'eos');
    const manifestPath = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    delete manifest['platform'];
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const r = await clos('compile', intent, '-o', out, '--check');
    expect(r.status).toBe(1);
    expect(r.err).toContain(`error CLOS8011: '${out}' does not record the --platform it was compiled with (an older clos wrote it), and its devices are on eos where the intent puts them on frr (spine1, spine2, leaf1, leaf2, leaf3 and 1 more)`);
    expect(r.err).toContain(`if it was compiled with --platform eos, say so: 'clos compile ${intent} -o ${out} --check --platform eos'`);
    const given = await clos('compile', intent, '-o', out, '--check', '--platform', 'eos');
    expect(given.status).toBe(1);
    expect(given.out).toBe('stale    manifest.json\n');
  });
});
