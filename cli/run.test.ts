/**
 * The command line, in-process: exit statuses (0 ok, 1 diagnostics, 2 usage or internal error),
 * help and version, --json, colour only on a terminal and never with NO_COLOR, and never a stack
 * trace unless CLOS_DEBUG=1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseIntent, edit } from '../test-helpers/intent.js';
import { repoRoot } from '../test-helpers/examples.js';
import { tempDir, writeFiles } from '../test-helpers/temp.js';
import { memoryIo, type Io } from './io.js';
import { run } from './run.js';
import { checks } from '../verify/types.js';

async function clos(argv: string[], options: { env?: Record<string, string>; tty?: boolean; cwd?: string } = {}): Promise<{ status: number; out: string; err: string }> {
  const io = memoryIo({ cwd: options.cwd ?? repoRoot, env: options.env ?? {}, tty: options.tty ?? false });
  const status = await run(argv, io);
  return { status, out: io.out(), err: io.err() };
}

const quickstart = 'intent/examples/quickstart';
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

function intentFile(text: string): string {
  const dir = tempDir();
  writeFiles(dir, { 'fabric.yaml': text });
  return join(dir, 'fabric.yaml');
}

describe('exit status', () => {
  it('is 0 for a valid intent, with a summary and the verification line on stdout', async () => {
    const r = await clos(['check', quickstart]);
    expect(r).toEqual({
      status: 0,
      out: `quickstart: 2 spines, 4 leaves, 5 networks; checked\nverify: ${checks.length} of ${checks.length} checks passed; 0 errors and 0 warnings.\n`,
      err: '',
    });
  });

  it('is 1 for an intent with errors, with the diagnostics on stderr', async () => {
    const file = intentFile(edit(baseIntent, 'vlan: 110', 'vlan: 5000'));
    const r = await clos(['check', file], { env: { NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${file}:24:19 - error CLOS2004: tenants[acme].vrfs[prod].networks[web].vlan is 5000, outside 1..4094\n`);
    expect(r.err).toMatch(/\nFound 1 error and 0 warnings\.\n$/);
  });

  it('is 0 with warnings only, and prints them', async () => {
    const r = await clos(['check', intentFile(edit(baseIntent, 'spine: 65000', 'spine: 64500'))]);
    expect(r.status).toBe(0);
    expect(r.err).toContain('warning CLOS3026');
    expect(r.out).toContain('checked');
  });

  it('is 1 for an intent that does not exist', async () => {
    const r = await clos(['check', 'no/such/intent.yaml']);
    expect(r).toMatchObject({ status: 1, out: '' });
    expect(r.err).toContain("error CLOS6004: intent 'no/such/intent.yaml' does not exist");
  });

  it.each([
    [[], 'Usage: clos'],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [['check'], "error: missing required argument 'intent'"],
    [['check', quickstart, 'extra'], "error: too many arguments for 'check'"],
    [['check', '--bogus', quickstart], "error: unknown option '--bogus'"],
    [['compile', quickstart], 'clos: compile needs an output directory: -o <dir>'],
    [['compile', quickstart, '-o'], "error: option '-o, --output <dir>' argument missing"],
    [['compile', quickstart, '-o', ''], "clos: compile's output directory is empty: -o <dir> needs a path"],
    [['check', quickstart, '--platform', 'junos'], "error: option '--platform <platform>' argument 'junos' is invalid. Allowed choices are frr, eos, nxos."],
  ])('is 2 for the usage error %j', async (argv, message) => {
    const r = await clos(argv);
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });
});

describe('help and version', () => {
  it('prints help on stdout for --help and exits 0', async () => {
    const r = await clos(['--help']);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^Usage: clos \[options\] \[command\]/);
    expect(r.out).toContain('compile [options] <intent>');
    expect(r.out).toContain('check [options] <intent>');
    expect(r.err).toBe('');
  });

  it('prints a command help', async () => {
    const r = await clos(['compile', '--help']);
    expect(r.status).toBe(0);
    expect(r.out).toContain('-o, --output <dir>');
    expect(r.out).toContain('--platform <platform>');
  });

  it('prints the package version for --version and -V', async () => {
    expect(await clos(['--version'])).toEqual({ status: 0, out: `${version}\n`, err: '' });
    expect((await clos(['-V'])).out).toBe(`${version}\n`);
  });
});

describe('--json', () => {
  it('prints one JSON document on stdout for a valid intent, nothing on stderr', async () => {
    const r = await clos(['check', quickstart, '--json'], { tty: true });
    expect(r.status).toBe(0);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual({
      result: { text: 'quickstart: 2 spines, 4 leaves, 5 networks; checked', fabric: 'quickstart', spines: 2, leaves: 4, files: 19 },
      diagnostics: [],
      summary: { errors: 0, warnings: 0 },
    });
  });

  it('gives each diagnostic its code, severity, message, location, related places and hint', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'fabric.yaml': edit(baseIntent, 'attach: [{ leaf: leaf1, port: 1 }]', 'attach: [{ leaf: leaf01, port: 1 }]') });
    const r = await clos(['check', dir, '--json'], { tty: true });
    expect(r.status).toBe(1);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual({
      diagnostics: [
        {
          code: 'CLOS3012',
          severity: 'error',
          message: "no leaf is named 'leaf01'",
          location: { file: `${dir}/fabric.yaml`, line: 33, col: 22, endLine: 33, endCol: 28 },
          hint: "did you mean 'leaf1'?",
        },
      ],
      summary: { errors: 1, warnings: 0 },
    });
  });

  it('includes the result of compile, and null when writing failed', async () => {
    const out = join(tempDir(), 'out');
    const ok = JSON.parse((await clos(['compile', quickstart, '-o', out, '--json'])).out) as { result: { text: string; files: number } };
    expect(ok.result.text).toBe(`quickstart: 2 spines, 4 leaves, 5 networks; wrote 19 files to ${out}`);
    const blocker = tempDir();
    writeFiles(blocker, { file: 'x' });
    const failed = await clos(['compile', quickstart, '-o', join(blocker, 'file', 'out'), '--json']);
    expect(failed.status).toBe(1);
    const doc = JSON.parse(failed.out) as { result: unknown; diagnostics: { code: string }[] };
    expect(doc.result).toBeNull();
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['CLOS6003']);
  });
});

describe('colour', () => {
  const bad = (): string => intentFile(edit(baseIntent, 'vlan: 110', 'vlan: 5000'));
  const ansi = /\u001b\[/;

  it('is used on a terminal', async () => {
    expect((await clos(['check', bad()], { tty: true })).err).toMatch(ansi);
  });

  it('is never used off a terminal', async () => {
    expect((await clos(['check', bad()], { tty: false })).err).not.toMatch(ansi);
  });

  it('is never used with NO_COLOR, whatever its value', async () => {
    expect((await clos(['check', bad()], { tty: true, env: { NO_COLOR: '1' } })).err).not.toMatch(ansi);
    expect((await clos(['check', bad()], { tty: true, env: { NO_COLOR: 'false' } })).err).not.toMatch(ansi);
  });

  it('is used with an empty NO_COLOR (no-color.org: only a non-empty value disables it)', async () => {
    expect((await clos(['check', bad()], { tty: true, env: { NO_COLOR: '' } })).err).toMatch(ansi);
  });

  it('is never used in --json output', async () => {
    expect((await clos(['check', bad(), '--json'], { tty: true })).out).not.toMatch(ansi);
  });
});

describe('internal errors', () => {
  /** An Io whose stdout fails: a stand-in for any bug that throws inside a command. */
  function failingIo(env: Record<string, string>): Io & { err(): string } {
    const io = memoryIo({ cwd: repoRoot, env });
    return {
      ...io,
      stdout: {
        isTTY: false,
        write: () => {
          throw new Error('stdout is gone');
        },
      },
    };
  }

  it('say so, exit 2 and show no stack trace', async () => {
    const io = failingIo({});
    expect(await run(['check', quickstart], io)).toBe(2);
    expect(io.err()).toBe('clos: internal error: stdout is gone\nclos: this is a bug in clos; set CLOS_DEBUG=1 for details and report it\n');
  });

  it('show the stack with CLOS_DEBUG=1', async () => {
    const io = failingIo({ CLOS_DEBUG: '1' });
    expect(await run(['check', quickstart], io)).toBe(2);
    expect(io.err()).toMatch(/^clos: internal error: stdout is gone\nError: stdout is gone\n\s+at /);
  });

  it('never print a stack for any fixture or example', async () => {
    for (const argv of [['check', quickstart], ['check', 'intent/examples/dc1'], ['check', 'compiler/fixtures/invalid/alias-bomb']]) {
      const r = await clos(argv);
      expect(`${r.out}${r.err}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });
});
