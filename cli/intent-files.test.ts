/**
 * Reading an intent from disk: one file or a directory's *.yaml/*.yml (sorted, not recursive),
 * sizes checked before anything is read, never a device or a pipe, UTF-8 only.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLoadLimits } from '../compiler/load/load-intent.js';
import { baseIntent } from '../test-helpers/intent.js';
import { tempDir, writeFiles } from '../test-helpers/temp.js';
import { firstInvalidUtf8, readIntent } from './intent-files.js';

function found(result: ReturnType<typeof readIntent>): string[] {
  return result.diagnostics.map((d) => `${d.span === undefined ? '-' : `${d.span.file}:${d.span.line}:${d.span.col}`} ${d.code}`);
}

describe('readIntent', () => {
  it('reads every *.yaml and *.yml of a directory, sorted, and nothing else (no hidden files, as the shell glob)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'b.yml': 'b: 1\n', 'a.yaml': 'a: 1\n', 'notes.txt': 'x', 'c.yaml.bak': 'x', 'sub/d.yaml': 'd: 1\n' });
    mkdirSync(join(dir, 'e.yaml'));
    symlinkSync('user@host.1234:1700000000', join(dir, '.#a.yaml')); // an emacs lock file
    writeFiles(dir, { '.hidden.yaml': 'x: 1\n' });
    const r = readIntent(dir, '/');
    expect(r.diagnostics).toEqual([]);
    expect(r.sources.map((s) => s.name)).toEqual(['a.yaml', 'b.yml']);
    expect(r.root).toBe(dir);
  });

  it('reads one file, with its directory as root', () => {
    const dir = tempDir();
    writeFiles(dir, { 'fabric.yaml': 'a: 1\n' });
    const r = readIntent('fabric.yaml', dir);
    expect(r.sources).toEqual([{ name: 'fabric.yaml', text: 'a: 1\n' }]);
    expect(r.root).toBe('.');
  });

  it('reports a directory with no YAML', () => {
    const dir = tempDir();
    writeFiles(dir, { 'fabric.yml.bak': 'x' });
    expect(found(readIntent(dir, '/'))).toEqual(['- CLOS1007']);
  });

  it('recognises a clos build directory given as an intent (CLOS1020), a fabric\'s or a region\'s', () => {
    const dir = tempDir();
    const fabric = { schema: 'clos.manifest/1', fabric: 'dc1', platform: null, devices: [], files: {} };
    writeFiles(dir, { 'dc1/manifest.json': JSON.stringify(fabric), 'dc1/leaf1/frr.conf': 'frr defaults datacenter\n' });
    const r = readIntent(join(dir, 'dc1'), '/');
    expect(found(r)).toEqual(['- CLOS1020']);
    expect(r.diagnostics[0]?.message).toBe(`directory '${join(dir, 'dc1')}' is a clos build (fabric dc1, as its manifest.json says), not an intent; this command reads intent files (*.yaml, *.yml)`);
    expect(r.diagnostics[0]?.hint).toContain('`clos verify <dir>`, `clos lab up <dir>` and `clos diff <intent> --against <dir>` take a build directory');
    const region = { schema: 'clos.region/1', region: 'eu', fabrics: [], plan: [] };
    writeFiles(dir, { 'eu/manifest.json': JSON.stringify(region) });
    const inRegion = readIntent('eu', dir);
    expect(found(inRegion)).toEqual(['- CLOS1020']);
    expect(inRegion.diagnostics[0]?.message).toContain("directory 'eu' is a clos build (region eu, as its manifest.json says)");
  });

  it('keeps CLOS1007 for a manifest.json clos did not write', () => {
    const dir = tempDir();
    writeFiles(dir, { 'manifest.json': '{"name": "some-npm-package"}' });
    expect(found(readIntent(dir, '/'))).toEqual(['- CLOS1007']);
    mkdirSync(join(dir, 'sub', 'manifest.json'), { recursive: true }); // a directory of that name is no build either
    expect(found(readIntent(join(dir, 'sub'), '/'))).toEqual(['- CLOS1007']);
  });

  it('reports a missing intent', () => {
    expect(found(readIntent('nope.yaml', tempDir()))).toEqual(['- CLOS6004']);
  });

  it('reports a broken symbolic link', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.yaml': 'a: 1\n' });
    symlinkSync('gone.yaml', join(dir, 'b.yaml'));
    const r = readIntent(dir, '/');
    expect(found(r)).toEqual(['b.yaml:1:1 CLOS1008']);
    expect(r.diagnostics[0]?.message).toBe("cannot read intent 'b.yaml': no such file (a broken symbolic link?)");
  });

  it('never reads a pipe or a device', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    const r = readIntent(dir, '/');
    expect(found(r)).toEqual(['pipe.yaml:1:1 CLOS1008', 'zero.yaml:1:1 CLOS1008']);
    expect(r.diagnostics[0]?.message).toBe("cannot read intent 'pipe.yaml': not a regular file");
  });

  it('checks the size of each file before reading it', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.yaml': 'a: 1\n' });
    // A sparse 17 MiB file: reported from its size, never read.
    writeFileSync(join(dir, 'big.yaml'), '');
    truncateSync(join(dir, 'big.yaml'), 17 * 1024 * 1024);
    const r = readIntent(dir, '/');
    expect(found(r)).toEqual(['big.yaml:1:1 CLOS1004']);
    expect(r.diagnostics[0]?.message).toBe('intent file is 17825792 bytes, more than the limit of 16777216 bytes');
  });

  it('checks the total size before reading past it', () => {
    const dir = tempDir();
    for (const name of ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml', 'e.yaml']) {
      writeFileSync(join(dir, name), '');
      truncateSync(join(dir, name), 15 * 1024 * 1024);
    }
    const r = readIntent(dir, '/');
    expect(found(r)).toEqual(['e.yaml:1:1 CLOS1017']);
    expect(r.sources.length).toBe(4);
  });

  it('refuses a directory with more files than the limit without reading them', () => {
    const dir = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.yaml`, 'x: 1\n'])));
    expect(found(readIntent(dir, '/', { ...defaultLoadLimits, maxFiles: 5 }))).toEqual(['- CLOS1014']);
  });

  it('reports invalid UTF-8 at the first bad byte', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fabric.yaml'), Buffer.concat([Buffer.from('a: 1\nrack: "Z'), Buffer.from([0xfc]), Buffer.from('rich"\n')]));
    expect(found(readIntent(dir, '/'))).toEqual(['fabric.yaml:2:9 CLOS1016']);
  });

  it('recognises a UTF-16 file and says how to fix it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fabric.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('version: 1\n', 'utf16le')]));
    const r = readIntent(dir, '/');
    expect(found(r)).toEqual(['fabric.yaml:1:1 CLOS1016']);
    expect(r.diagnostics[0]?.hint).toBe('the file is UTF-16 (as Windows Notepad saves "Unicode"); save it as UTF-8');
  });

  it('strips a UTF-8 byte order mark', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fabric.yaml'), `\uFEFF${baseIntent}`);
    expect(readIntent(dir, '/').sources[0]?.text).toBe(baseIntent);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    [[0x61, 0x62], 2],
    [[0xc3, 0xbc, 0x61], 3],
    [[0x61, 0xfc, 0x61], 1],
    [[0x61, 0xc0, 0x80], 1], // overlong encoding of NUL
    [[0xed, 0xa0, 0x80], 0], // a UTF-16 surrogate
    [[0xe2, 0x82], 0], // truncated sequence
    [[0xf4, 0x90, 0x80, 0x80], 0], // beyond U+10FFFF
    [[0xf0, 0x9f, 0x98, 0x80], 4],
  ])('finds the first invalid byte of %j at %i', (bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });
});
