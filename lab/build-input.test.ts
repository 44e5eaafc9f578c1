/**
 * The build a lab boots from a build directory (build-input.ts): a build clos wrote, for FRR, whole
 * and unedited; anything else is CLOS7003 or CLOS7004 with what to do, never booted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../cli/io.js';
import { run } from '../cli/run.js';
import { examplesDir } from '../test-helpers/examples.js';
import { sha256 } from '../compiler/render/manifest.js';
import { readBuildDir } from './build-input.js';

const scratch = mkdtempSync(join(tmpdir(), 'clos-build-input-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

async function compiled(name: string, platform = 'frr'): Promise<string> {
  const dir = join(scratch, name);
  const io = memoryIo();
  expect(await run(['compile', join(examplesDir, 'quickstart'), '-o', dir, '--platform', platform], io), io.err()).toBe(0);
  return dir;
}

function problems(dir: string): string[] {
  const read = readBuildDir(dir, 'build');
  return 'diagnostics' in read ? read.diagnostics.map((d) => `${d.code} ${d.message}`) : [];
}

/** Rewrites a file of the build and its hash in the manifest, as a person editing both would. */
function editWithHash(dir: string, path: string, edit: (text: string) => string): void {
  const text = edit(readFileSync(join(dir, path), 'utf8'));
  writeFileSync(join(dir, path), text);
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, string> };
  manifest.files[path] = sha256(text);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

describe('the build a lab boots from a directory', () => {
  it('reads an FRR build as compiled: every device model, every file', async () => {
    const dir = await compiled('good');
    const read = readBuildDir(dir, 'build');
    expect('build' in read).toBe(true);
    if (!('build' in read)) return;
    expect(read.build.models.map((m) => m.name).sort()).toEqual(['leaf1', 'leaf2', 'leaf3', 'leaf4', 'spine1', 'spine2']);
    expect(read.build.files.has('leaf1/interfaces.sh')).toBe(true);
  });

  it('refuses a build for another platform (CLOS7003)', async () => {
    const dir = await compiled('eos', 'eos');
    expect(problems(dir)).toEqual(["CLOS7003 devices 'spine1', 'spine2', 'leaf1', 'leaf2' and 2 more are rendered for eos; the lab boots FRR only (give it the intent, or compile with --platform frr)"]);
  });

  it('refuses a file edited by hand, or removed, since clos wrote it (CLOS7004)', async () => {
    const dir = await compiled('edited');
    const conf = join(dir, 'leaf2', 'frr.conf');
    writeFileSync(conf, `${readFileSync(conf, 'utf8')}! edited\n`);
    expect(problems(dir)).toEqual(["CLOS7004 'build' is not a usable clos build: leaf2/frr.conf differs from the manifest; compile again"]);
    rmSync(conf);
    expect(problems(dir)).toEqual(["CLOS7004 'build' is not a usable clos build: leaf2/frr.conf is missing; compile again"]);
  });

  it('refuses a model named for another device, even with its hash updated (CLOS7004)', async () => {
    const dir = await compiled('renamed');
    editWithHash(dir, 'leaf2/model.json', (t) => t.replace('"name": "leaf2"', '"name": "leaf1"'));
    expect(problems(dir)).toEqual(["CLOS7004 'build' is not a usable clos build: leaf2/model.json names device 'leaf1'; compile again"]);
  });

  it('refuses a model that is not JSON, and a build of no device (CLOS7004)', async () => {
    const dir = await compiled('not-json');
    editWithHash(dir, 'leaf3/model.json', () => '{ not json');
    expect(problems(dir)).toEqual([expect.stringMatching(/^CLOS7004 'build' is not a usable clos build: leaf3\/model\.json: /)]);
    const manifestPath = join(dir, 'manifest.json');
    writeFileSync(manifestPath, `${JSON.stringify({ ...(JSON.parse(readFileSync(manifestPath, 'utf8')) as object), devices: [], files: {} }, null, 2)}\n`);
    expect(problems(dir)).toEqual(["CLOS7004 'build' is not a usable clos build: it holds no devices"]);
  });
});
