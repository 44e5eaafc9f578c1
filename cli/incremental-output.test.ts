/**
 * `clos compile -o <dir>` over the build it replaces (the per-change loop): files that come out
 * byte for byte the same are linked from the previous build instead of written, and the directory
 * is then exactly what a clean compile writes — contents and modes — on every example and platform,
 * after random changes of the intent, and when the previous build was edited by hand.
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceModel } from '../compiler/build/device-model.js';
import { Renderer } from '../compiler/render/render.js';
import { examplesDir, exampleNames, readTree, repoRoot, variantsOf } from '../test-helpers/examples.js';
import { mutateIntent } from '../test-helpers/mutations.js';
import { tempDir, writeFiles } from '../test-helpers/temp.js';
import { codeIdentityGlobal } from './build-record.js';
import { readIntent } from './intent-files.js';
import { listFiles } from './output-dir.js';
import { memoryIo } from './io.js';
import { run } from './run.js';

async function compile(intent: string, out: string, platform?: string, env: Record<string, string> = {}): Promise<{ status: number; out: string; err: string; unchanged: number | undefined }> {
  const io = memoryIo({ cwd: repoRoot, env: { NO_COLOR: '1', ...env } });
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

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/**
 * dc1 copied and compiled into `out`, then one network changed (retail's VLAN 110 to 115) and the
 * changed intent compiled clean into `clean`; `taken` sees `out` before the change.
 */
async function dc1WithOneNetworkChanged<T>(env: Record<string, string>, cleanEnv: Record<string, string>, taken: (out: string) => T): Promise<{ intent: string; out: string; clean: string; before: T }> {
  const work = tempDir('clos-incremental-');
  const out = join(work, 'out');
  const intent = join(work, 'dc1');
  cpSync(join(examplesDir, 'dc1'), intent, { recursive: true });
  expect((await compile(intent, out, undefined, env)).status).toBe(0);
  const before = taken(out);
  const retail = join(intent, 'tenant-retail.yaml');
  writeFileSync(retail, readFileSync(retail, 'utf8').replace('vlan: 110,', 'vlan: 115,'));
  const clean = join(work, 'clean');
  expect((await compile(intent, clean, undefined, cleanEnv)).status).toBe(0);
  return { intent, out, clean, before };
}

/**
 * Random changes of quickstart and dc1 (one per seed), each compiled clean and over a copy of the
 * example's previous build (the same manifest, so the same build record): the two directories must
 * be the same, or, when the change does not compile, the previous build untouched. `compiledOver`
 * is told each successful compile over the previous build; `before` runs before it. Returns how
 * many there were.
 */
async function overRandomChanges(
  seeds: readonly number[],
  env: Record<string, string>,
  compiledOver: (over: Awaited<ReturnType<typeof compile>>, out: string) => void,
  before: () => void = () => undefined,
): Promise<number> {
  const work = tempDir('clos-incremental-');
  const examples = ['quickstart', 'dc1'];
  let compiled = 0;
  for (const seed of seeds) {
    const example = examples[seed % examples.length] ?? 'quickstart';
    const original = readIntent(join(examplesDir, example), repoRoot).sources;
    const previous = join(work, `previous-${example}`);
    if (seed < (seeds[0] ?? 0) + examples.length) expect((await compile(join(examplesDir, example), previous, undefined, env)).status).toBe(0);
    const { files, what } = mutateIntent(original, seed);
    const intent = join(work, `intent-${seed}`);
    writeFiles(intent, Object.fromEntries(files));
    const clean = join(work, `clean-${seed}`);
    const fresh = await compile(intent, clean, undefined, { CLOS_NO_COMPILE_CACHE: '1' });
    const out = join(work, `out-${seed}`);
    cpSync(previous, out, { recursive: true });
    before();
    const over = await compile(intent, out, undefined, env);
    expect(over.status, what).toBe(fresh.status);
    if (fresh.status === 0) {
      compiled++;
      compiledOver(over, out);
      expect(tree(out), what).toEqual(tree(clean));
    } else {
      expect(tree(out), `${what}: a failed compile leaves the previous build as it was`).toEqual(tree(previous));
    }
    rmSync(intent, { recursive: true });
    rmSync(clean, { recursive: true, force: true });
    rmSync(out, { recursive: true });
  }
  return compiled;
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
        const manifestBefore = inode(join(out, 'manifest.json'));
        const again = await compile(join(examplesDir, example), out, variant.platform);
        expect(again.status).toBe(0);
        // Every file, manifest.json included: nothing changed, nothing is written.
        expect(again.unchanged, `${example}/${variant.name}`).toBe(clean.size / 2);
        expect(inode(model)).toBe(before);
        expect(inode(join(out, 'manifest.json'))).toBe(manifestBefore);
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
    // The two files, not the manifest: it lists what the intent makes, which did not change.
    expect(again.unchanged).toBe(clean.size / 2 - 2);
    expect(tree(out)).toEqual(clean);
  });

  it('rewrites only the devices a one-network change touches', async () => {
    const { intent, out, clean, before } = await dc1WithOneNetworkChanged({}, {}, (dir) => new Map(listFiles(dir).map((f) => [f, { inode: inode(join(dir, f)), text: readFileSync(join(dir, f), 'utf8') }])));
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
    let reusedSome = 0;
    const compiled = await overRandomChanges(range(0, 60), {}, (over) => {
      if ((over.unchanged ?? 0) > 0) reusedSome++;
    });
    // The mutations must give both kinds of change: intents that still compile, most reusing files.
    expect(compiled).toBeGreaterThan(10);
    expect(reusedSome).toBeGreaterThan(compiled / 2);
  });
});

/**
 * With a record that this very renderer wrote the previous build (build-record.ts; the code's
 * identity is the bundle's, set here as the launcher sets it), a device whose model.json is
 * unchanged is not rendered: its files are linked once they are checked against the manifest.
 */
describe('compiling over a build this renderer wrote', () => {
  let rendered: string[] = [];
  const records = tempDir('clos-records-');
  const env = { XDG_CACHE_HOME: records };
  beforeEach(() => {
    Reflect.set(globalThis, codeIdentityGlobal, 'test-code');
    rendered = [];
    const renderConfigs = Reflect.get<Renderer, 'renderConfigs'>(Renderer.prototype, 'renderConfigs');
    vi.spyOn(Renderer.prototype, 'renderConfigs').mockImplementation(function (this: Renderer, device: DeviceModel) {
      rendered.push(device.name);
      return renderConfigs.call(this, device);
    });
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, codeIdentityGlobal);
    vi.restoreAllMocks();
  });

  const deviceCount = (dir: string): number => listFiles(dir).filter((f) => f.endsWith('/model.json')).length;

  it('records the renderer by the sha256 of manifest.json, and renders no unchanged device on the next compile', async () => {
    const out = join(tempDir('clos-incremental-'), 'out');
    expect((await compile(join(examplesDir, 'quickstart'), out, undefined, env)).status).toBe(0);
    const devices = deviceCount(out);
    expect(rendered).toHaveLength(devices);
    const manifestHash = createHash('sha256').update(readFileSync(join(out, 'manifest.json'))).digest('hex');
    expect(readFileSync(join(records, 'clos', 'builds', manifestHash), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    const clean = tree(out);
    rendered = [];
    const again = await compile(join(examplesDir, 'quickstart'), out, undefined, env);
    expect(again.status).toBe(0);
    expect(rendered).toEqual([]);
    expect(again.unchanged).toBe(clean.size / 2);
    expect(tree(out)).toEqual(clean);
    // Without records, or run from sources (no identity of the code), every device is rendered.
    for (const variant of ['no records', 'no identity']) {
      rendered = [];
      if (variant === 'no identity') Reflect.deleteProperty(globalThis, codeIdentityGlobal);
      const over = await compile(join(examplesDir, 'quickstart'), out, undefined, variant === 'no records' ? { ...env, CLOS_NO_COMPILE_CACHE: '1' } : env);
      expect(over.status).toBe(0);
      expect(rendered, variant).toHaveLength(devices);
      expect(over.unchanged).toBe(clean.size / 2);
      expect(tree(out)).toEqual(clean);
    }
  });

  it('renders a device whose file was edited by hand (same size and time stamp), whose mode changed or that became a symbolic link, and only those', async () => {
    const out = join(tempDir('clos-incremental-'), 'out');
    expect((await compile(join(examplesDir, 'quickstart'), out, undefined, env)).status).toBe(0);
    const clean = tree(out);
    const conf = join(out, 'leaf1', 'frr.conf');
    const { atime, mtime } = statSync(conf);
    writeFileSync(conf, readFileSync(conf, 'utf8').replace('router bgp', 'router bgq'));
    utimesSync(conf, atime, mtime);
    chmodSync(join(out, 'leaf2', 'interfaces.sh'), 0o700);
    chmodSync(join(out, 'spine1', 'model.json'), 0o600);
    // A file replaced by a symbolic link to a copy of it: linking it would link the symbolic link.
    const copy = join(tempDir('clos-incremental-'), 'frr.conf');
    cpSync(join(out, 'spine2', 'frr.conf'), copy);
    rmSync(join(out, 'spine2', 'frr.conf'));
    symlinkSync(copy, join(out, 'spine2', 'frr.conf'));
    rendered = [];
    const again = await compile(join(examplesDir, 'quickstart'), out, undefined, env);
    expect(again.status).toBe(0);
    expect(rendered.sort()).toEqual(['leaf1', 'leaf2', 'spine1', 'spine2']);
    expect(again.unchanged).toBe(clean.size / 2 - 4);
    expect(tree(out)).toEqual(clean);
    expect(lstatSync(join(out, 'spine2', 'frr.conf')).isFile()).toBe(true);
  });

  it("renders every device of a build another renderer wrote, or whose manifest was edited", async () => {
    const out = join(tempDir('clos-incremental-'), 'out');
    expect((await compile(join(examplesDir, 'quickstart'), out, undefined, env)).status).toBe(0);
    const devices = deviceCount(out);
    const clean = tree(out);
    const manifestHash = createHash('sha256').update(readFileSync(join(out, 'manifest.json'))).digest('hex');
    writeFileSync(join(records, 'clos', 'builds', manifestHash), 'cd'.repeat(32));
    rendered = [];
    expect((await compile(join(examplesDir, 'quickstart'), out, undefined, env)).status).toBe(0);
    expect(rendered).toHaveLength(devices);
    expect(tree(out)).toEqual(clean);
    // A config edited and its hash in the manifest with it: the manifest names no record.
    const conf = join(out, 'leaf1', 'frr.conf');
    const edited = readFileSync(conf, 'utf8').replace('router bgp', 'router bgq');
    writeFileSync(conf, edited);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    manifest.files['leaf1/frr.conf'] = createHash('sha256').update(edited).digest('hex');
    writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    rendered = [];
    expect((await compile(join(examplesDir, 'quickstart'), out, undefined, env)).status).toBe(0);
    expect(rendered).toHaveLength(devices);
    expect(tree(out)).toEqual(clean);
  });

  it('renders exactly the devices whose model.json a one-network change touches', async () => {
    const models = (dir: string): Map<string, string> => new Map(listFiles(dir).filter((f) => f.endsWith('/model.json')).map((f) => [f.slice(0, f.indexOf('/')), readFileSync(join(dir, f), 'utf8')]));
    const { intent, out, clean, before } = await dc1WithOneNetworkChanged(env, { CLOS_NO_COMPILE_CACHE: '1' }, models);
    rendered = [];
    expect((await compile(intent, out, undefined, env)).status).toBe(0);
    expect(tree(out)).toEqual(tree(clean));
    const changed = [...models(out)].filter(([device, text]) => before.get(device) !== text).map(([device]) => device);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(before.size);
    expect(rendered.sort()).toEqual(changed.sort());
  });

  it('after random changes of the intent, writes exactly what a clean compile of the new intent writes', async () => {
    let skippedSome = 0;
    const compiled = await overRandomChanges(range(100, 140), env, (_over, out) => {
      if (rendered.length < deviceCount(out)) skippedSome++;
    }, () => {
      rendered = [];
    });
    expect(compiled).toBeGreaterThan(8);
    expect(skippedSome).toBeGreaterThan(compiled / 2);
    expect(readdirSync(join(records, 'clos', 'builds')).length).toBeGreaterThan(2);
  });
});
