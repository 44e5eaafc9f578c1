import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { examplesDir } from '../../test-helpers/examples.js';
import { closIn as clos } from '../../test-helpers/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=clos test', '-c', 'user.email=clos@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** A repository holding the quickstart intent in fabric/, committed once. */
function repository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'clos-diff-'));
  dirs.push(repo);
  cpSync(join(examplesDir, 'quickstart'), join(repo, 'fabric'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'quickstart');
  return repo;
}

/** Adds `fabric.verify` to the quickstart intent (which has none: hop_limit 2, failures 1). */
function setVerify(repo: string, hopLimit: number, failures: number): void {
  const file = join(repo, 'fabric', 'fabric.yaml');
  const pools = '    p2p: 10.1.0.0/16          # leaf-spine /31s\n';
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(pools);
  writeFileSync(file, text.replace(pools, `${pools}  verify:\n    hop_limit: ${hopLimit}\n    failures: ${failures}\n`));
}

function changeWebVlan(repo: string): void {
  const file = join(repo, 'fabric', 'fabric.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('vlan: 110', 'vlan: 115'));
}

describe('clos diff --against <git-ref>', () => {
  it('compiles the intent at the revision in memory and shows the impact, leaving the work tree alone', async () => {
    const repo = repository();
    changeWebVlan(repo);
    const statusBefore = git(repo, 'status', '--porcelain');
    const r = await clos(repo, 'diff', 'fabric', '--against', 'HEAD');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^Change impact: HEAD \([0-9a-f]{12}\) → working tree$/m);
    expect(r.out).toContain('Devices: 4 changed, 0 added, 0 removed, 2 unchanged');
    expect(r.out).toContain('- VLAN 110 (network web) from leaf1, leaf2, leaf3, leaf4');
    expect(r.out).toContain('+ VLAN 115 (network web) on leaf1, leaf2, leaf3, leaf4');
    expect(r.out).toContain('--- a/leaf1/frr.conf\n+++ b/leaf1/frr.conf\n@@ interface vlan110 @@\n-interface vlan110');
    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(git(repo, 'stash', 'list')).toBe('');
    expect(readFileSync(join(repo, 'fabric', 'fabric.yaml'), 'utf8')).toContain('vlan: 115');
  });

  it("shows the change's own warnings, on stderr and in the JSON, as compile does", async () => {
    const repo = repository();
    const file = join(repo, 'fabric', 'fabric.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    attach: [{ leaf: leaf1, port: 1 }]\n', '    attach: [{ leaf: leaf1, port: 1 }]\n    bond: active-backup\n'));
    const text = await clos(repo, 'diff', 'fabric', '--against', 'HEAD');
    expect(text.status).toBe(0);
    expect(text.err).toContain('warning CLOS3104');
    expect(text.err).toContain('Found 0 errors and 1 warning');
    const json = await clos(repo, 'diff', 'fabric', '--against', 'HEAD', '--format', 'json');
    expect(json.err).toBe('');
    const doc = JSON.parse(json.out) as { diagnostics: { code: string; severity: string }[] };
    expect(doc.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning CLOS3104']);
    // Without warnings, nothing on stderr and an empty list.
    const clean = await clos(repository(), 'diff', 'fabric', '--against', 'HEAD', '--format', 'json');
    expect((JSON.parse(clean.out) as { diagnostics: unknown[] }).diagnostics).toEqual([]);
  });

  it('prints JSON for bots, the summary alone with --stat', async () => {
    const repo = repository();
    changeWebVlan(repo);
    const r = await clos(repo, 'diff', 'fabric', '--against', 'main', '--format', 'json', '--stat');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.out) as { schema: string; summary: unknown; devices: { name: string; files: Record<string, unknown>[] }[]; verification: unknown };
    expect(doc.schema).toBe('clos.diff/1');
    expect(doc.summary).toEqual({ changed: 4, added: 0, removed: 0, unchanged: 2 });
    expect(doc.devices.map((d) => d.name)).toEqual(['leaf1', 'leaf2', 'leaf3', 'leaf4']);
    expect(doc.devices[0]?.files[0]).not.toHaveProperty('hunks');
    expect(doc.verification).toEqual({ ran: true, introduced: [], fixed: [], unchanged: 0 });
    const full = JSON.parse((await clos(repo, 'diff', 'fabric', '--against', 'main', '--format', 'json')).out) as typeof doc;
    expect(full.devices[0]?.files[0]).toHaveProperty('hunks');
  });

  it('treats an intent the revision did not have as a new fabric: every device added', async () => {
    const repo = repository();
    cpSync(join(repo, 'fabric'), join(repo, 'fabric2'), { recursive: true });
    const r = await clos(repo, 'diff', 'fabric2', '--against', 'HEAD', '--stat');
    expect(r.status).toBe(0);
    expect(r.out).toContain('Devices: 0 changed, 6 added, 0 removed, 0 unchanged');
    // Said, so that a path that is new only by mistake does not pass as a new fabric unnoticed.
    expect(r.out).toMatch(/HEAD \([0-9a-f]{12}, where fabric2 does not exist\)/);
  });

  it('reads a single-file intent at the revision too', async () => {
    const repo = repository();
    changeWebVlan(repo);
    const r = await clos(repo, 'diff', 'fabric/fabric.yaml', '--against', 'HEAD', '--stat');
    expect(r.status).toBe(0);
    expect(r.out).toContain('Devices: 4 changed');
  });

  it('fails with CLOS8004 when the intent at the revision does not compile', async () => {
    const repo = repository();
    const file = join(repo, 'fabric', 'fabric.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('name: web\n', 'name: web\n            vlna: 3\n'));
    git(repo, 'commit', '-q', '-am', 'broken');
    writeFileSync(file, good);
    const r = await clos(repo, 'diff', 'fabric', '--against', 'HEAD');
    expect(r.status).toBe(1);
    expect(r.err).toContain('fabric@HEAD/fabric.yaml:');
    expect(r.err).toContain('error CLOS8004');
  });

  it('fails with CLOS8002 on something that is neither a directory nor a revision', async () => {
    const repo = repository();
    const r = await clos(repo, 'diff', 'fabric', '--against', 'no-such-branch');
    expect(r.status).toBe(1);
    expect(r.err).toContain("error CLOS8002: cannot compare against 'no-such-branch'");
    const option = await clos(repo, 'diff', 'fabric', '--against=--output=x');
    expect(option.status).toBe(1);
    expect(option.err).toContain('CLOS8002');
  });
});

describe('clos diff --against <dir>', () => {
  it('compares with a directory clos compiled', async () => {
    const repo = repository();
    expect((await clos(repo, 'compile', 'fabric', '-o', 'build')).status).toBe(0);
    changeWebVlan(repo);
    const r = await clos(repo, 'diff', 'fabric', '--against', 'build', '--stat');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^Change impact: build → working tree$/m);
    expect(r.out).toContain('Devices: 4 changed, 0 added, 0 removed, 2 unchanged');
  });

  it("warns (CLOS8012, exit 0) when the directory is another fabric's build, on stderr and in the JSON", async () => {
    const repo = repository();
    cpSync(join(examplesDir, 'mixed'), join(repo, 'other'), { recursive: true });
    expect((await clos(repo, 'compile', 'other', '-o', 'build/other')).status).toBe(0);
    expect((await clos(repo, 'compile', 'fabric', '-o', 'build/quickstart')).status).toBe(0);
    const other = (JSON.parse(readFileSync(join(repo, 'build', 'other', 'manifest.json'), 'utf8')) as { fabric: string }).fabric;
    expect(other).not.toBe('quickstart');
    const text = await clos(repo, 'diff', 'fabric', '--against', 'build/other', '--stat');
    expect(text.status).toBe(0);
    expect(text.err).toContain(`warning CLOS8012: 'build/other' was compiled from fabric '${other}', not 'quickstart': the comparison sets one fabric against another`);
    expect(text.err).toContain(`hint: compare with the build directory of fabric 'quickstart'; if 'quickstart' is '${other}' renamed, the impact is the rename's`);
    expect(text.out).toMatch(/^Change impact: build\/other → working tree$/m);
    const json = await clos(repo, 'diff', 'fabric', '--against', 'build/other', '--format', 'json', '--stat');
    expect(json.status).toBe(0);
    expect(json.err).toBe('');
    const doc = JSON.parse(json.out) as { diagnostics: { code: string; severity: string; message: string }[] };
    expect(doc.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning CLOS8012']);
    // Its own build: no warning.
    const own = await clos(repo, 'diff', 'fabric', '--against', 'build/quickstart', '--format', 'json', '--stat');
    expect((JSON.parse(own.out) as { diagnostics: unknown[] }).diagnostics).toEqual([]);
    expect((await clos(repo, 'diff', 'fabric', '--against', 'build/quickstart', '--stat')).err).toBe('');
  });

  it('names a change of the verification settings, against a revision and against a build, in text and JSON', async () => {
    const repo = repository();
    expect((await clos(repo, 'compile', 'fabric', '-o', 'build')).status).toBe(0);
    setVerify(repo, 2, 0);
    for (const against of ['HEAD', 'build']) {
      const text = await clos(repo, 'diff', 'fabric', '--against', against, '--stat');
      expect(text.status).toBe(0);
      expect(text.out).toContain('Settings (recorded in manifest.json):\n  ~ fabric.verify.failures: 1 → 0 (the spines or links down every verification check must survive)\n');
      expect(text.out).not.toContain('hop_limit');
      expect(text.out).toContain('Devices: 0 changed, 0 added, 0 removed, 6 unchanged');
      const json = JSON.parse((await clos(repo, 'diff', 'fabric', '--against', against, '--format', 'json', '--stat')).out) as { settings: unknown[] };
      expect(json.settings).toEqual([{ setting: 'fabric.verify.failures', before: 1, after: 0, meaning: 'the spines or links down every verification check must survive' }]);
    }
  });

  it('says which files of the directory were edited by hand since clos wrote them, beside their device and in JSON', async () => {
    const repo = repository();
    expect((await clos(repo, 'compile', 'fabric', '-o', 'build')).status).toBe(0);
    const conf = join(repo, 'build', 'leaf1', 'frr.conf');
    writeFileSync(conf, readFileSync(conf, 'utf8').replace('hostname leaf1\n', 'hostname leaf1-edited\n'));
    const text = await clos(repo, 'diff', 'fabric', '--against', 'build');
    expect(text.status).toBe(0);
    const note = "! build: leaf1/frr.conf does not have the sha256 manifest.json records: edited after clos wrote it, so its diff is the edit's, not the intent's";
    expect(text.out).toContain(`  leaf1  changed  +1 -1        frr.conf +1 -1\n    ${note}\n`);
    expect(text.out).toContain(`=== leaf1 (changed, +1 -1)\n${note}\n--- a/leaf1/frr.conf`);
    const json = JSON.parse((await clos(repo, 'diff', 'fabric', '--against', 'build', '--format', 'json')).out) as { manifestMismatches: unknown[] };
    expect(json.manifestMismatches).toEqual([{ side: 'before', path: 'leaf1/frr.conf', device: 'leaf1', problem: 'sha256' }]);
    // A revision is compiled, never edited: nothing to say.
    const revision = JSON.parse((await clos(repo, 'diff', 'fabric', '--against', 'HEAD', '--format', 'json')).out) as { manifestMismatches: unknown[] };
    expect(revision.manifestMismatches).toEqual([]);
  });

  it('refuses a directory clos did not compile (CLOS8003)', async () => {
    const repo = repository();
    const r = await clos(repo, 'diff', 'fabric', '--against', 'fabric');
    expect(r.status).toBe(1);
    expect(r.err).toContain("error CLOS8003: 'fabric' is not a directory clos compiled: it has no manifest.json");
  });

  it('refuses a directory whose model.json was edited into another shape (CLOS8003, naming the field), writing nothing', async () => {
    const repo = repository();
    expect((await clos(repo, 'compile', 'fabric', '-o', 'build')).status).toBe(0);
    const file = join(repo, 'build', 'leaf1', 'model.json');
    const model = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete model['interfaces'];
    writeFileSync(file, JSON.stringify(model));
    for (const format of ['text', 'json']) {
      const r = await clos(repo, 'diff', 'fabric', '--against', 'build', '--format', format);
      expect(r.status).toBe(1);
      expect(r.err + r.out).toContain("CLOS8003");
      expect(r.err + r.out).toContain("'build' is not a directory clos compiled: leaf1/model.json is not a valid device model: model.interfaces is missing");
      expect(r.err + r.out).not.toMatch(/internal error|at .*\.js:\d+/);
    }
    writeFileSync(file, JSON.stringify({ ...model, schema: 'clos.device/9' }));
    expect((await clos(repo, 'diff', 'fabric', '--against', 'build')).err).toContain("leaf1/model.json is not a valid device model: model.schema should be 'clos.device/1', not 'clos.device/9'");
  });

  it('reads every model of a directory whose manifest was edited: a device left out is still verified, one listed twice or a model of another name is refused', async () => {
    const repo = repository();
    expect((await clos(repo, 'compile', 'fabric', '-o', 'build')).status).toBe(0);
    const path = join(repo, 'build', 'manifest.json');
    const original = readFileSync(path, 'utf8');
    const manifest = JSON.parse(original) as { devices: { name: string }[] };
    // leaf1 left out of the device list: its model is still read, so nothing of the fabric reads as fixed.
    writeFileSync(path, JSON.stringify({ ...manifest, devices: manifest.devices.filter((d) => d.name !== 'leaf1') }));
    const left = await clos(repo, 'diff', 'fabric', '--against', 'build', '--stat');
    expect(left.status).toBe(0);
    expect(left.out).toContain('Verification: 0 findings introduced, 0 fixed, 0 unchanged');
    expect(left.out).toContain('Devices: 0 changed, 0 added, 0 removed, 6 unchanged');
    // spine1 listed twice.
    writeFileSync(path, JSON.stringify({ ...manifest, devices: [...manifest.devices, manifest.devices[0]] }));
    const twice = await clos(repo, 'diff', 'fabric', '--against', 'build', '--stat');
    expect(twice.status).toBe(1);
    expect(twice.out).toBe('');
    expect(twice.err).toContain("error CLOS8003: 'build' is not a directory clos compiled: manifest.json: device 'spine1' is listed twice");
    // leaf2's model renamed leaf1: its entities would be leaf1's.
    writeFileSync(path, original);
    const file = join(repo, 'build', 'leaf2', 'model.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"name": "leaf2"', '"name": "leaf1"'));
    const renamed = await clos(repo, 'diff', 'fabric', '--against', 'build', '--stat');
    expect(renamed.status).toBe(1);
    expect(renamed.err).toContain("error CLOS8003: 'build' is not a directory clos compiled: leaf2/model.json is not a valid device model: model.name should be 'leaf2', the name of its directory, not 'leaf1'");
  });
});

describe('clos diff --against <dir> and the platform the directory was compiled for', () => {
  it('compiles the intent for the platform the directory records, and refuses another', async () => {
    const repo = repository();
    expect((await clos(repo, 'compile', 'fabric', '-o', 'build/eos', '--platform', 'eos')).status).toBe(0);
    const same = await clos(repo, 'diff', 'fabric', '--against', 'build/eos', '--stat');
    expect(same.err).toBe('');
    expect(same.status).toBe(0);
    expect(same.out).toContain('Devices: 0 changed, 0 added, 0 removed, 6 unchanged');
    changeWebVlan(repo);
    const changed = await clos(repo, 'diff', 'fabric', '--against', 'build/eos', '--stat');
    expect(changed.out).toContain('Devices: 4 changed, 0 added, 0 removed, 2 unchanged');
    expect(changed.out).toMatch(/leaf1 +changed .*eos\.cfg/);
    const other = await clos(repo, 'diff', 'fabric', '--against', 'build/eos', '--platform', 'frr');
    expect(other.status).toBe(1);
    expect(other.out).toBe('');
    expect(other.err).toContain("error CLOS8010: 'build/eos' was compiled with --platform eos; comparing it with --platform frr output");
    expect(other.err).toContain("'clos diff fabric --against build/eos --platform eos'");
  });
});

describe('clos diff: servers are review entities', () => {
  it('lists a moved, a changed, an added and a removed server in --stat and in JSON entities', async () => {
    const repo = repository();
    const file = join(repo, 'fabric', 'fabric.yaml');
    const text = readFileSync(file, 'utf8')
      .replace('attach: [{ leaf: leaf1, port: 1 }]', 'attach: [{ leaf: leaf2, port: 7 }]')
      .replace('attach: [{ leaf: leaf1, port: 2 }, { leaf: leaf2, port: 2 }]', 'attach: [{ leaf: leaf1, port: 8 }, { leaf: leaf2, port: 8 }]')
      .replace('    networks: [db, replication]\n  - name: db02', '    networks: [db]\n  - name: db02')
      .replace('  - name: dev01\n    attach: [{ leaf: leaf4, port: 3 }]\n    networks: [dev-web]\n    mode: access\n', '  - name: dev02\n    attach: [{ leaf: leaf4, port: 3 }]\n    networks: [dev-web]\n    mode: access\n');
    writeFileSync(file, text);
    const r = await clos(repo, 'diff', 'fabric', '--against', 'HEAD', '--stat');
    expect(r.err).toBe('');
    const servers = r.out.slice(r.out.indexOf('  Servers:\n'));
    expect(servers).toBe(
      [
        '  Servers:',
        '    - server dev01: attach leaf4 swp3; networks dev-web (210); mode access; bond none',
        '    + server dev02: attach leaf4 swp3; networks dev-web (210); mode access; bond none',
        '    ~ server db01: networks db (130), replication (140) → db (130)',
        '    ~ server hv01: attach leaf1 swp2, leaf2 swp2 → leaf1 swp8, leaf2 swp8; bond lacp (bond2) → lacp (bond8)',
        '    ~ server web01: attach leaf1 swp1 → leaf2 swp7',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await clos(repo, 'diff', 'fabric', '--against', 'HEAD', '--format', 'json', '--stat')).out) as { entities: { kind: string; label: string; change: string; devicesAdded: string[]; devicesRemoved: string[]; before?: Record<string, string>; after?: Record<string, string> }[] };
    const web01 = json.entities.find((e) => e.kind === 'server' && e.label === 'server web01');
    expect(web01).toEqual({
      kind: 'server',
      label: 'server web01',
      change: 'changed',
      devicesAdded: ['leaf2'],
      devicesRemoved: ['leaf1'],
      before: { attach: 'leaf1 swp1', networks: 'web (110)', mode: 'access', bond: 'none' },
      after: { attach: 'leaf2 swp7', networks: 'web (110)', mode: 'access', bond: 'none' },
    });
    const hv01 = json.entities.find((e) => e.kind === 'server' && e.label === 'server hv01');
    expect(hv01).toMatchObject({ change: 'changed', devicesAdded: [], devicesRemoved: [], before: { bond: 'lacp (bond2)' }, after: { bond: 'lacp (bond8)' } });
    expect(json.entities.filter((e) => e.kind === 'server').map((e) => `${e.change} ${e.label}`)).toEqual(['removed server dev01', 'added server dev02', 'changed server db01', 'changed server hv01', 'changed server web01']);
  });
});
