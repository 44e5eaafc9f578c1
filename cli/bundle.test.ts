/**
 * The shipped executable, dist/clos.cjs (cli/bundle.ts; `npm test` builds it first): the same
 * behaviour as the commands run from sources — golden output of every example and platform, the
 * version, usage errors, diagnostics, render threads — without loading ajv, Handlebars or yaml
 * for a valid intent of the shipped templates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateIntent } from '../bench/generate-intent.js';
import { networkToggle } from '../bench/processes.js';
import { examplesDir, exampleNames, goldenDir, readTree, repoRoot, variantsOf } from '../test-helpers/examples.js';
import { tempDir } from '../test-helpers/temp.js';
import { bundleFile, bundleMainFile, guestAgentFile, renderWorkerFile } from './bundle.js';
import { memoryIo } from './io.js';
import { run } from './run.js';

const bundle = join(repoRoot, 'dist', 'clos.cjs');

/** V8's code cache of the bundle goes here, not into the user's ~/.cache (cli/bundle.ts launcherSource). */
const cacheHome = tempDir('clos-bundle-cache-');

function clos(args: readonly string[], options: { preload?: string; cwd?: string; env?: Record<string, string> } = {}): { status: number | null; stdout: string; stderr: string } {
  const node = options.preload === undefined ? [] : ['--require', options.preload];
  const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, ...options.env };
  return spawnSync(process.execPath, [...node, bundle, ...args], { encoding: 'utf8', cwd: options.cwd ?? repoRoot, env });
}

beforeAll(() => {
  if (!existsSync(bundle)) throw new Error('dist/clos.cjs is missing: run npm run build (npm test does)');
});

describe('the bundled clos', () => {
  it('is the package bin', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    expect(pkg.bin['clos']).toBe('dist/clos.cjs');
    const version = clos(['--version']);
    expect(version).toMatchObject({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(clos(['-V']).stdout).toBe(`${pkg.version}\n`);
  });

  it('is packed with every file it runs: the launcher, the bundle, the render threads\' and the lab agent\'s launchers', () => {
    // Without the render threads' launcher an installed clos would render on one thread, silently.
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const packed = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    const launchers = readdirSync(join(repoRoot, 'dist')).filter((n) => n.endsWith('.cjs'));
    expect(launchers.sort()).toEqual([bundleFile, bundleMainFile, guestAgentFile, renderWorkerFile].sort());
    for (const file of launchers) expect(packed, file).toContain(`dist/${file}`);
  });

  it('prints what the commands run from sources print: help, usage errors, diagnostics', async () => {
    const fixture = join(repoRoot, 'compiler', 'fixtures', 'invalid', 'access-port-two-networks');
    for (const args of [['--help'], ['compile', '--help'], ['nosuch'], ['compile'], ['check', fixture], ['verify', join(examplesDir, 'quickstart')]]) {
      const io = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1' } });
      const status = await run(args, io);
      const bundled = clos(args);
      expect({ status: bundled.status, stdout: bundled.stdout, stderr: bundled.stderr }, args.join(' ')).toEqual({ status, stdout: io.out(), stderr: io.err() });
    }
  });

  it('stops quietly, with its own exit status, when the reader of its output goes away (clos … | head)', async () => {
    // The reader closes the pipe before clos writes its report (dc1's, larger than a pipe holds).
    const child = spawn(process.execPath, [bundle, 'verify', join(examplesDir, 'dc1'), '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.destroy();
    const status = await new Promise<number | null>((done) => {
      child.on('close', (code) => {
        done(code);
      });
    });
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('writes the golden output of every example on every platform', () => {
    const out = tempDir('clos-bundle-');
    for (const example of exampleNames()) {
      for (const variant of variantsOf(example)) {
        const dir = join(out, example, variant.name);
        const result = clos(['compile', join(examplesDir, example), '-o', dir, ...(variant.platform === undefined ? [] : ['--platform', variant.platform])]);
        expect(result.stderr, `${example}/${variant.name}`).toBe('');
        expect(result.status).toBe(0);
        const expected = readTree(join(goldenDir, example, variant.name));
        const actual = readTree(dir);
        expect([...actual.keys()], `${example}/${variant.name}`).toEqual([...expected.keys()]);
        for (const [path, content] of expected) expect(actual.get(path), `${example}/${variant.name}/${path}`).toBe(content);
      }
    }
  });

  it('loads neither ajv, Handlebars nor yaml to compile a valid intent of the shipped templates', () => {
    const dir = tempDir('clos-bundle-');
    const hook = join(dir, 'hook.cjs');
    // Records every package (not a built-in, not a relative path) required while the bundle runs.
    writeFileSync(
      hook,
      `const Module = require('node:module');
const load = Module._load;
const seen = new Set();
Module._load = function (request, ...rest) {
  if (!request.startsWith('node:') && !request.startsWith('.') && !request.startsWith('/') && !Module.isBuiltin(request)) seen.add(request);
  return load.call(this, request, ...rest);
};
process.on('exit', () => process.stderr.write('packages: ' + [...seen].join(',') + '\\n'));
`,
    );
    for (const platform of ['frr', 'eos', 'nxos']) {
      const result = clos(['compile', join(examplesDir, 'quickstart'), '-o', join(dir, platform), '--platform', platform], { preload: hook });
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('packages: \n');
    }
    const version = clos(['--version'], { preload: hook });
    expect(version.stderr).toBe('packages: \n');
  });

  it('renders on its render threads the same bytes as on one thread', () => {
    const dir = tempDir('clos-bundle-');
    const intent = join(dir, 'intent');
    mkdirSync(intent);
    const generated = generateIntent({ spines: 4, leaves: 64, tenants: 8, vrfs: 16, networks: 400, networksPerLeaf: 50, serversPerLeaf: 26, seed: 3 });
    expect(generated.stats.intentChars).toBeGreaterThan(256 * 1024); // workers start above this
    for (const f of generated.files) writeFileSync(join(intent, f.name), f.text);
    const one = clos(['compile', intent, '-o', join(dir, 'one'), '--jobs', '1']);
    const two = clos(['compile', intent, '-o', join(dir, 'two'), '--jobs', '2']);
    expect([one.status, one.stderr, two.status, two.stderr]).toEqual([0, '', 0, '']);
    const expected = readTree(join(dir, 'one'));
    const actual = readTree(join(dir, 'two'));
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [path, content] of expected) expect(actual.get(path), path).toBe(content);

    // One network changed, compiled over the previous build on the render threads: what a clean
    // compile writes, with the files of the devices the change does not touch linked, not written.
    const toggle = networkToggle(intent, generated.files);
    if (toggle === undefined) throw new Error('the generated intent has no network placed on one pod');
    toggle(0);
    const over = clos(['compile', intent, '-o', join(dir, 'two'), '--jobs', '2']);
    const clean = clos(['compile', intent, '-o', join(dir, 'three'), '--jobs', '2']);
    expect([over.status, over.stderr, clean.status, clean.stderr]).toEqual([0, '', 0, '']);
    const counts = /wrote (\d+) files to \S+ \((\d+) changed or new, (\d+) unchanged\)/.exec(over.stdout);
    expect(counts, over.stdout).not.toBeNull();
    expect(Number(counts?.[3])).toBeGreaterThan(Number(counts?.[2]));
    const fresh = readTree(join(dir, 'three'));
    const rewritten = readTree(join(dir, 'two'));
    expect([...rewritten.keys()]).toEqual([...fresh.keys()]);
    for (const [path, content] of fresh) expect(rewritten.get(path), path).toBe(content);

    // The bundle records which renderer wrote each build (cli/build-record.ts), and the threads do
    // not render a device whose model.json is unchanged in a build this renderer wrote. Shown the
    // only way it can be seen from outside: every frr.conf edited together with its hash in the
    // manifest, and the record copied to that manifest — a compile that rendered them would undo
    // the edits. Without the record, it does.
    const builds = join(cacheHome, 'clos', 'builds');
    const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
    const manifestPath = join(dir, 'two', 'manifest.json');
    const record = readFileSync(join(builds, sha(readFileSync(manifestPath, 'utf8'))), 'utf8');
    expect(record).toMatch(/^[0-9a-f]{64}$/);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, string> };
    const confs = Object.keys(manifest.files).filter((f) => f.endsWith('/frr.conf'));
    for (const f of confs) {
      const text = `${readFileSync(join(dir, 'two', f), 'utf8')}! edited\n`;
      writeFileSync(join(dir, 'two', f), text);
      manifest.files[f] = sha(text);
    }
    const editedManifest = `${JSON.stringify(manifest, null, 2)}\n`;
    writeFileSync(manifestPath, editedManifest);
    writeFileSync(join(builds, sha(editedManifest)), record);
    const kept = clos(['compile', intent, '-o', join(dir, 'two'), '--jobs', '2']);
    expect([kept.status, kept.stderr]).toEqual([0, '']);
    for (const f of confs) expect(readFileSync(join(dir, 'two', f), 'utf8').endsWith('! edited\n'), f).toBe(true);
    rmSync(builds, { recursive: true });
    const again = clos(['compile', intent, '-o', join(dir, 'two'), '--jobs', '2']);
    expect([again.status, again.stderr]).toEqual([0, '']);
    const restored = readTree(join(dir, 'two'));
    for (const [path, content] of fresh) expect(restored.get(path), path).toBe(content);
  });

  it("runs the lab VM's agent from its launcher, dist/clos-guest-agent.cjs (what an installed package has)", async () => {
    const dir = tempDir('clos-bundle-');
    const config = join(dir, 'agent.json');
    writeFileSync(config, JSON.stringify({ token: 't', stateRoot: join(dir, 'state'), port: 0, address: '127.0.0.1' }));
    const agent = spawn(process.execPath, ['--jitless', join(repoRoot, 'dist', 'clos-guest-agent.cjs'), config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const listening = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => { resolve(false); }, 20_000);
      agent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('listening on 127.0.0.1:')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      agent.on('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    agent.kill();
    expect(listening, out).toBe(true);
    expect(out).toContain('lab modules loaded');
  });

  it("runs the bundle with V8's code cache from the user's cache directory, and without it as well", () => {
    const home = tempDir('clos-bundle-cache-');
    const env = { XDG_CACHE_HOME: home };
    const out = tempDir('clos-bundle-');
    const compile = (dir: string, extra: Record<string, string> = {}): ReturnType<typeof clos> => clos(['compile', join(examplesDir, 'quickstart'), '-o', join(out, dir)], { env: { ...env, ...extra } });
    const first = compile('first');
    expect(first.status, first.stderr).toBe(0);
    const dir = join(home, 'clos');
    // The code cache, and the directory of build records (cli/build-record.ts).
    const caches = readdirSync(dir).filter((n) => n !== 'builds');
    expect(readdirSync(dir)).toHaveLength(2);
    expect(caches).toHaveLength(1);
    expect(caches[0]).toMatch(new RegExp(`^[0-9a-f]{16}-compile-node${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const cache = join(dir, caches[0] ?? '');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    const written = readTree(join(out, 'first'));
    expect(written.size).toBe(19);
    // With the cache; with a cache V8 must reject (rewritten); without one at all.
    writeFileSync(join(dir, 'unused'), '');
    const cached = compile('cached');
    writeFileSync(cache, 'not a code cache');
    const rejected = compile('rejected');
    expect(readFileSync(cache).length).toBeGreaterThan(1000);
    const off = compile('off', { CLOS_NO_COMPILE_CACHE: '1' });
    // Another command has a cache of its own, made by its first run.
    const verified = clos(['verify', join(out, 'first')], { env });
    expect(verified.status, verified.stderr).toBe(0);
    const verifyCache = (caches[0] ?? '').replace('-compile-', '-verify-');
    expect(readdirSync(dir).sort()).toEqual([caches[0] ?? '', verifyCache, 'builds', 'unused'].sort());
    // Writing a cache keeps this build's, one per command, and the newest four of other builds.
    for (let i = 0; i < 6; i++) {
      writeFileSync(join(dir, `old${i}.v8cache`), '');
      utimesSync(join(dir, `old${i}.v8cache`), new Date(2000, 0, 1 + i), new Date(2000, 0, 1 + i));
    }
    utimesSync(join(dir, verifyCache), new Date(1999, 0, 1), new Date(1999, 0, 1));
    writeFileSync(cache, 'not a code cache either');
    expect(compile('pruned').status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([caches[0] ?? '', verifyCache, 'builds', 'old2.v8cache', 'old3.v8cache', 'old4.v8cache', 'old5.v8cache', 'unused'].sort());
    for (const [name, result] of [['first', first], ['cached', cached], ['rejected', rejected], ['off', off]] as const) {
      expect([result.status, result.stderr, result.stdout], name).toEqual([0, '', first.stdout.replace(join(out, 'first'), join(out, name))]);
      expect(readTree(join(out, name)), name).toEqual(written);
    }
  });
});
