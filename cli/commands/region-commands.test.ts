/**
 * The commands on a region directory, end to end in-process: compile writes every fabric as it is
 * written alone plus the region manifest, atomically across the fabrics; --check, verify (intent
 * and build directory, with a hand edit), diff (build directory and git revision: fabrics, plan
 * blocks, another region's build) and doc.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, repoRoot } from '../../test-helpers/examples.js';
import { snapshot, tempDir } from '../../test-helpers/temp.js';
import { listFiles } from '../output-dir.js';
import { closIn as clos } from '../../test-helpers/cli.js';

/** A copy of the example region in a fresh directory: `<dir>/region`. */
function regionCopy(): string {
  const dir = tempDir('clos-region-');
  cpSync(join(examplesDir, 'region'), join(dir, 'region'), { recursive: true });
  return dir;
}

/** A copy of the example region committed to a fresh git repository (`<dir>/region`, HEAD) and compiled to `<dir>/out`. */
async function committedAndCompiled(): Promise<string> {
  const dir = regionCopy();
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=clos test', '-c', 'user.email=clos@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', 'region');
  git('commit', '-q', '-m', 'region');
  expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
  return dir;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text.split(from).length - 1, `${from} in ${file}`).toBe(1);
  writeFileSync(file, text.replace(from, to));
}

describe('clos compile <region>', () => {
  it('writes each fabric under <out>/<fabric>/ exactly as compiling it alone, and the region manifest', async () => {
    const dir = regionCopy();
    const r = await clos(dir, 'compile', 'region', '-o', 'out');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain('az2: 2 spines, 2 leaves, 6 networks; verify: 12 of 12 checks passed; 0 errors and 0 warnings.');
    expect(r.out).toMatch(/^region sha: 4 fabrics; wrote 51 files to out$/m);
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as { schema: string; fabrics: { name: string }[] };
    expect(manifest.schema).toBe('clos.region/1');
    expect(manifest.fabrics.map((f) => f.name)).toEqual(['az1', 'az2', 'az3', 'az4']);
    for (const fabric of ['az1', 'az2', 'az3', 'az4']) {
      expect((await clos(dir, 'compile', join('region', fabric), '-o', `alone-${fabric}`)).status).toBe(0);
      const alone = snapshotContent(join(dir, `alone-${fabric}`));
      expect(snapshotContent(join(dir, 'out', fabric)), fabric).toEqual(alone);
    }
    // Compiling again replaces the directory clos wrote.
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    // Each fabric's directory is a build of its own.
    expect((await clos(dir, 'verify', join('out', 'az3'))).status).toBe(0);
  });

  it('writes nothing, for any fabric, when one fabric does not verify or a rule fails', async () => {
    const dir = regionCopy();
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    const before = snapshot(join(dir, 'out'));
    // az3 asks for a hop limit no leaf pair meets: its verification fails, after az1 and az2 were rendered.
    edit(join(dir, 'region', 'az3', 'fabric.yaml'), 'max_spines: 4', 'max_spines: 4\n  verify: { hop_limit: 1 }');
    edit(join(dir, 'region', 'az1', 'tenants.yaml'), 'subnet: 10.1.10.0/24', 'subnet: 10.1.11.0/24');
    const failed = await clos(dir, 'compile', 'region', '-o', 'out');
    expect(failed.status).toBe(1);
    expect(failed.err).toContain('error CLOS5081');
    expect(failed.err).toContain('Nothing was written');
    expect(snapshot(join(dir, 'out'))).toEqual(before);
    // A rule across fabrics: nothing either.
    edit(join(dir, 'region', 'az3', 'fabric.yaml'), 'max_spines: 4\n  verify: { hop_limit: 1 }', 'max_spines: 4');
    edit(join(dir, 'region', 'az2', 'fabric.yaml'), 'spine: 65002', 'spine: 65001');
    const rule = await clos(dir, 'compile', 'region', '-o', 'out');
    expect(rule.status).toBe(1);
    expect(rule.err).toMatch(/^region\/az2\/fabric\.yaml:\d+:\d+ - error CLOS4017: spine ASN 65001 of fabric 'az2'/m);
    expect(snapshot(join(dir, 'out'))).toEqual(before);
    expect(listFiles(dir).filter((f) => f.includes('clos-tmp') || f.includes('clos-old'))).toEqual([]);
  });

  it('--check lists stale, missing and extra files of every fabric, and passes on a fresh build', async () => {
    const dir = regionCopy();
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    expect((await clos(dir, 'compile', 'region', '-o', 'out', '--check')).status).toBe(0);
    edit(join(dir, 'region', 'az4', 'fabric.yaml'), 'subnet: 10.4.10.0/24', 'subnet: 10.4.11.0/24');
    rmSync(join(dir, 'out', 'az1', 'az1-leaf1', 'frr.conf'));
    writeFileSync(join(dir, 'out', 'az2', 'notes.txt'), 'mine');
    const r = await clos(dir, 'compile', 'region', '-o', 'out', '--check');
    expect(r.status).toBe(1);
    expect(r.out).toContain('missing  az1/az1-leaf1/frr.conf');
    expect(r.out).toContain('extra    az2/notes.txt');
    expect(r.out).toContain('stale    az4/az4-leaf1/nxos.cfg');
    expect(r.out).toContain('stale    az4/manifest.json');
    expect(r.out).toContain('stale    manifest.json');
    expect(r.err).toContain('error CLOS8001');
    expect(r.err).not.toContain('CLOS8012');
    // Another region's build: said beside CLOS8001, as clos diff says it.
    edit(join(dir, 'region', 'region.yaml'), 'name: sha', 'name: shb');
    const other = await clos(dir, 'compile', 'region', '-o', 'out', '--check');
    expect(other.status).toBe(1);
    expect(other.err).toContain("warning CLOS8012: 'out' was compiled from region 'sha', not 'shb': the comparison sets one region against another");
  });

  it('--check and diff compare with the platform the directory was compiled for, and refuse another', async () => {
    const dir = regionCopy();
    expect((await clos(dir, 'compile', 'region', '-o', 'eos', '--platform', 'eos')).status).toBe(0);
    const check = await clos(dir, 'compile', 'region', '-o', 'eos', '--check');
    expect(check.status).toBe(0);
    expect(check.out).toContain('with --platform eos, as its manifest.json records');
    const other = await clos(dir, 'compile', 'region', '-o', 'eos', '--check', '--platform', 'nxos');
    expect(other.status).toBe(1);
    expect(other.err).toContain('error CLOS8010');
    const diff = await clos(dir, 'diff', 'region', '--against', 'eos', '--stat');
    expect(diff.status).toBe(0);
    expect(diff.out).toContain('Fabrics: 0 changed, 0 added, 0 removed, 4 unchanged');
  });
});

describe('clos verify, diff and doc of a region', () => {
  it('verifies the intent: the region rules, then every fabric; JSON and JUnit too', async () => {
    const dir = regionCopy();
    const text = await clos(dir, 'verify', 'region');
    expect(text.status).toBe(0);
    expect(text.out).toMatch(/^PASS Region rules {2}4 fabrics, 32 prefixes in 2 plan blocks, 5 tenant VRFs, 4 spine ASNs$/m);
    expect(text.out).toContain('clos verify az4: 2 spines, 2 leaves');
    expect(text.out).toMatch(/region sha: 4 fabrics; 49 of 49 checks passed; 0 errors and 0 warnings\.\n$/);
    const json = JSON.parse((await clos(dir, 'verify', 'region', '--format', 'json')).out) as { schema: string; fabrics: { fabric: string }[] };
    expect(json.schema).toBe('clos.region-verify/1');
    expect(json.fabrics.map((f) => f.fabric)).toEqual(['az1', 'az2', 'az3', 'az4']);
    const junit = (await clos(dir, 'verify', 'region', '--format', 'junit')).out;
    expect(junit.match(/<testsuite /g)).toHaveLength(5);
  });

  it('verifies a build directory: every fabric, and the rules on what the models deploy', async () => {
    const dir = regionCopy();
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    expect((await clos(dir, 'verify', 'out')).status).toBe(0);
    // A hand edit gives az4's spine1 the router-id and loopback of az1's spine1.
    const model = join(dir, 'out', 'az4', 'az4-spine1', 'model.json');
    writeFileSync(model, readFileSync(model, 'utf8').split('172.16.48.1').join('172.16.0.1'));
    const r = await clos(dir, 'verify', 'out');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^FAIL Region rules/m);
    expect(r.out).toContain("error CLOS4011: loopback 172.16.0.1/32 (Loopback0 of az4-spine1) of fabric 'az4' overlaps loopback 172.16.0.1/32 (Loopback0 of az1-spine1) of fabric 'az1'");
    // The edited model no longer renders to its files: az4's own Rendered files check names them under out/az4/.
    expect(r.out).toMatch(/^ +out\/az4\/az4-spine1\/nxos\.cfg:\d+:\d+ - error CLOS5261: /m);
  });

  it('verifies a fabric build the region manifest does not list, and holds it to the region rules', async () => {
    const dir = regionCopy();
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    // The quickstart, compiled alone into the region's build: its pools lie in 10.0.0.0/8, the tenants' block.
    expect((await clos(dir, 'compile', join(examplesDir, 'quickstart'), '-o', join('out', 'qs'))).status).toBe(0);
    const r = await clos(dir, 'verify', 'out');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^clos verify region sha: az1, az2, az3, az4, quickstart$/m);
    expect(r.out).toContain('clos verify quickstart: 2 spines, 4 leaves');
    expect(r.out).toContain("error CLOS4013: loopback 10.0.0.1/32 (Loopback0 of spine1) of fabric 'quickstart' (qs/) lies in plan block 10.0.0.0/8, which is for tenants");
    // A copy of a listed fabric: its name is taken, and every address and its spine ASN too.
    rmSync(join(dir, 'out', 'qs'), { recursive: true });
    cpSync(join(dir, 'out', 'az4'), join(dir, 'out', 'az9'), { recursive: true });
    const copy = await clos(dir, 'verify', 'out');
    expect(copy.status).toBe(1);
    expect(copy.out).toContain("error CLOS4010: fabric name 'az4' of 'az9' is already the name of the fabric in 'az4'");
    expect(copy.out).toContain("error CLOS4017: spine ASN 65004 of fabric 'az4' (az9/) is already the spine ASN of fabric 'az4'");
  });

  it('refuses a region manifest whose plan clos would not write: blocks that overlap', async () => {
    const dir = regionCopy();
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    // Nested blocks would send the rules' search astray: every subnet of az2 read as in no block.
    edit(join(dir, 'out', 'manifest.json'), '"plan": [', '"plan": [\n    {\n      "prefix": "10.0.0.0/9",\n      "for": "infrastructure"\n    },');
    const verified = await clos(dir, 'verify', 'out');
    expect(verified.status).toBe(1);
    expect(verified.err).toContain("error CLOS6005: 'out/manifest.json' is not a valid clos manifest: plan blocks 10.0.0.0/8 and 10.0.0.0/9 overlap");
    expect(verified.out).toBe('');
    const diffed = await clos(dir, 'diff', 'region', '--against', 'out');
    expect(diffed.err).toContain("error CLOS8003: 'out' is not a directory clos compiled: its manifest.json is a region's that clos does not write: plan blocks 10.0.0.0/8 and 10.0.0.0/9 overlap");
    const compiled = await clos(dir, 'compile', 'region', '-o', 'out');
    expect(compiled.status).toBe(1);
    expect(compiled.err).toContain("error CLOS6005: 'out/manifest.json' is not a valid clos manifest: plan blocks 10.0.0.0/8 and 10.0.0.0/9 overlap");
  });

  it('says which fabric the region manifest lists but the build directory lacks, and verifies the others', async () => {
    const dir = regionCopy();
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    rmSync(join(dir, 'out', 'az3'), { recursive: true });
    const r = await clos(dir, 'verify', 'out');
    expect(r.err).toBe('');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^clos verify region sha: az1, az2, az4$/m);
    expect(r.out).toContain("error CLOS4021: the region manifest lists fabric 'az3', but 'out/az3/manifest.json' is missing");
    expect(r.out).toContain('clos verify az4: 2 spines, 2 leaves');
    // diff cannot compare with a build that lacks a fabric it lists.
    const diffed = await clos(dir, 'diff', 'region', '--against', 'out');
    expect(diffed.status).toBe(1);
    expect(diffed.err).toContain("error CLOS8003: 'out' is not a directory clos compiled: its manifest.json lists fabric 'az3', but az3/manifest.json is missing");
  });

  it("notices a fabric's manifest that is not the one the region was written with", async () => {
    const dir = regionCopy();
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    const manifest = join(dir, 'out', 'az2', 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"failures": 1', '"failures": 0'));
    const r = await clos(dir, 'verify', 'out');
    expect(r.status).toBe(1);
    expect(r.out).toContain("error CLOS4020: 'az2/manifest.json' is not the manifest the region was written with");
  });

  it('diffs against a build directory and against a git revision, fabric by fabric', async () => {
    const dir = await committedAndCompiled();
    edit(join(dir, 'region', 'az2', 'fabric.yaml'), 'subnet: 10.2.10.0/24', 'subnet: 10.2.11.0/24');
    const rev = await clos(dir, 'diff', 'region', '--against', 'HEAD', '--stat');
    expect(rev.err).toBe('');
    expect(rev.status).toBe(0);
    expect(rev.out).toContain('Fabrics: 1 changed, 0 added, 0 removed, 3 unchanged');
    expect(rev.out).toContain('  + 10.2.11.0/24  az2  tenant subnet (network web, VRF ota/prod)');
    const build = await clos(dir, 'diff', 'region', '--against', 'out', '--format', 'json');
    expect(build.status).toBe(0);
    const doc = JSON.parse(build.out) as { schema: string; fabrics: { name: string; status: string }[]; plan: unknown };
    expect(doc.schema).toBe('clos.region-diff/1');
    expect(doc.fabrics.map((f) => `${f.name} ${f.status}`)).toEqual(['az1 unchanged', 'az2 changed', 'az3 unchanged', 'az4 unchanged']);
    expect(doc.plan).toBeNull();
    expect(build.err).toBe('');
    // Another region's build directory: a warning, and the comparison still runs.
    edit(join(dir, 'region', 'region.yaml'), 'name: sha', 'name: shb');
    const other = await clos(dir, 'diff', 'region', '--against', 'out', '--stat');
    expect(other.status).toBe(0);
    expect(other.err).toContain("warning CLOS8012: 'out' was compiled from region 'sha', not 'shb': the comparison sets one region against another");
    expect(other.out).toContain('Fabrics: 1 changed, 0 added, 0 removed, 3 unchanged');
    const otherJson = JSON.parse((await clos(dir, 'diff', 'region', '--against', 'out', '--format', 'json', '--stat')).out) as { diagnostics: { code: string }[] };
    expect(otherJson.diagnostics.map((d) => d.code)).toEqual(['CLOS8012']);
    edit(join(dir, 'region', 'region.yaml'), 'name: shb', 'name: sha');
    // A fabric added since the revision.
    cpSync(join(dir, 'region', 'az4'), join(dir, 'region', 'az5'), { recursive: true });
    edit(join(dir, 'region', 'az5', 'fabric.yaml'), 'fabric:\n  name: az4', 'fabric:\n  name: az5');
    edit(join(dir, 'region', 'az5', 'fabric.yaml'), 'spine: 65004', 'spine: 65005');
    // Its switches' names too: they are region-unique (CLOS4022).
    const az5 = join(dir, 'region', 'az5', 'fabric.yaml');
    writeFileSync(az5, readFileSync(az5, 'utf8').replaceAll('az4-', 'az5-'));
    for (const [from, to] of [['172.16.48.0/24', '172.16.64.0/24'], ['172.16.49.0/24', '172.16.65.0/24'], ['172.16.52.0/22', '172.16.68.0/22'], ['10.4.10.0/24', '10.5.10.0/24'], ['10.4.130.0/24', '10.5.130.0/24'], ['10.4.250.0/24', '10.5.250.0/24']] as const) {
      edit(join(dir, 'region', 'az5', 'fabric.yaml'), from, to);
    }
    edit(join(dir, 'region', 'region.yaml'), 'fabrics: [az1, az2, az3, az4]', 'fabrics: [az1, az2, az3, az4, az5]');
    const added = await clos(dir, 'diff', 'region', '--against', 'HEAD', '--stat');
    expect(added.status).toBe(0);
    expect(added.out).toContain('Fabrics: 1 changed, 1 added, 0 removed, 3 unchanged');
    expect(added.out).toMatch(/^ {2}az5 {2}added/m);
    // A fabric's intent against the region's build: CLOS8003 says which directory to give instead.
    const fabricAgainstRegion = await clos(dir, 'diff', join('region', 'az1'), '--against', 'out', '--stat');
    expect(fabricAgainstRegion.status).toBe(1);
    expect(fabricAgainstRegion.out).toBe('');
    expect(fabricAgainstRegion.err).toContain(
      `error CLOS8003: 'out' is not a directory clos compiled: it holds a region's build, not a fabric's (its manifest.json is clos.region/1); compare a fabric's intent with the fabric's directory in it, ${join('out', '<fabric>')}, or the region's intent with it`,
    );
    expect((await clos(dir, 'diff', join('region', 'az1'), '--against', join('out', 'az1'), '--stat')).status).toBe(0);
    // A region manifest edited to leave out a fabric whose build is still there: refused, not read as the fabric added.
    const manifestPath = join(dir, 'out', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { fabrics: { name: string }[] };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, fabrics: manifest.fabrics.filter((f) => f.name !== 'az4') }));
    const unlisted = await clos(dir, 'diff', 'region', '--against', 'out', '--stat');
    expect(unlisted.status).toBe(1);
    expect(unlisted.out).toBe('');
    expect(unlisted.err).toContain("error CLOS8003: 'out' is not a directory clos compiled: it holds the build of 'az4/', which its manifest.json does not list among the region's fabrics: edited after clos wrote it");
  });

  it("diffs the plan's blocks against a git revision and against a build directory, whose region manifest records them", async () => {
    const dir = await committedAndCompiled();
    edit(join(dir, 'region', 'region.yaml'), '{ prefix: 10.0.0.0/8, for: tenants }', '{ prefix: 10.0.0.0/9, for: tenants }');
    // compile --check sees the region manifest stale; diff says why.
    expect((await clos(dir, 'compile', 'region', '-o', 'out', '--check')).status).toBe(1);
    const rev = await clos(dir, 'diff', 'region', '--against', 'HEAD', '--stat');
    expect(rev.err).toBe('');
    expect(rev.status).toBe(0);
    expect(rev.out).toContain('Fabrics: 0 changed, 0 added, 0 removed, 4 unchanged');
    expect(rev.out).toContain('\nPlan blocks: 1 changed, 0 added, 0 removed, 1 unchanged\n  ~ 10.0.0.0/8 → 10.0.0.0/9  tenants\nAddress plan: 0 prefixes added, 0 removed\n');
    const build = await clos(dir, 'diff', 'region', '--against', 'out', '--stat');
    expect(build.status).toBe(0);
    expect(build.out).toContain('\nPlan blocks: 1 changed, 0 added, 0 removed, 1 unchanged\n  ~ 10.0.0.0/8 → 10.0.0.0/9  tenants\n');
    expect(build.out).toContain("Address plan: prefixes not compared (a build directory's region manifest records the plan's blocks, not the prefixes the fabrics own)");
    edit(join(dir, 'region', 'region.yaml'), 'for: infrastructure }', 'for: infrastructure }\n    - { prefix: 192.168.0.0/16, for: tenants }');
    const json = await clos(dir, 'diff', 'region', '--against', 'out', '--format', 'json', '--stat');
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.out) as { planBlocks: unknown; plan: unknown };
    expect(doc.planBlocks).toEqual({
      added: [{ prefix: '192.168.0.0/16', for: 'tenants' }],
      removed: [],
      changed: [{ before: { prefix: '10.0.0.0/8', for: 'tenants' }, after: { prefix: '10.0.0.0/9', for: 'tenants' } }],
      unchanged: 1,
    });
    expect(doc.plan).toBeNull();
    // A region manifest whose plan is not one is not a build clos wrote.
    const manifest = join(dir, 'out', 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"10.0.0.0/8"', '"10.0.0.0"'));
    const broken = await clos(dir, 'diff', 'region', '--against', 'out');
    expect(broken.status).toBe(1);
    expect(broken.err).toContain("error CLOS8003: 'out' is not a directory clos compiled: its manifest.json is a region's that clos does not write: a plan block that is not { prefix: <a.b.c.d/n>, for: infrastructure | tenants }");
  });

  it('documents the address plan, on stdout or in a file', async () => {
    const dir = regionCopy();
    const r = await clos(dir, 'doc', 'region');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^# Region sha: global address plan$/m);
    expect(r.out).toContain('| 10.2.130.0/24 | az2 | northwind | nw-prod | tenants | network nw-web |');
    const file = await clos(dir, 'doc', 'region', '-o', join('docs', 'plan.md'));
    expect(file.status).toBe(0);
    expect(readFileSync(join(dir, 'docs', 'plan.md'), 'utf8')).toBe(r.out);
  });

  it('reports a missing fabric directory at its line in region.yaml', async () => {
    const dir = regionCopy();
    rmSync(join(dir, 'region', 'az3'), { recursive: true });
    const r = await clos(dir, 'check', 'region');
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/^region\/region\.yaml:\d+:\d+ - error CLOS4004: fabric directory 'az3' does not exist beside region.yaml$/m);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('leaf ASNs shared by fabrics whose routes cross (CLOS4018)', () => {
  it('warns from the intent at the accept list, and from the build at the border that accepts', async () => {
    const dir = tempDir('clos-region-asn-');
    cpSync(join(repoRoot, 'compiler', 'fixtures', 'invalid', 'warn-region-leaf-asn-shared-across-exit'), join(dir, 'region'), { recursive: true });
    const compiled = await clos(dir, 'compile', 'region', '-o', 'out');
    expect(compiled.status).toBe(0);
    expect(compiled.err).toMatch(/az2\/fabric\.yaml:\d+:\d+ - warning CLOS4018: VRF 'prod' of fabric 'az2' accepts 10\.1\.0\.0\/16 from outside, which holds 10\.1\.10\.0\/24 of fabric 'az1', and both fabrics use leaf ASNs 65111, 65112: /);
    const verified = await clos(dir, 'verify', 'out');
    expect(verified.status).toBe(0);
    expect(verified.out).toMatch(/warning CLOS4018: VRF 'prod' of fabric 'az2' accepts 10\.1\.0\.0\/16 from outside, which holds 10\.1\.10\.0\/24 of fabric 'az1', and both fabrics use leaf ASNs 65111, 65112: .* \[az2-border1\]/);
    // With leaf ASNs of its own, az2 takes az1's routes as they come.
    edit(join(dir, 'region', 'az2', 'fabric.yaml'), 'leaf_base: 65100', 'leaf_base: 65200');
    expect((await clos(dir, 'check', 'region')).err).not.toMatch(/CLOS4018/);
  });
});

describe('commands that take one fabric', () => {
  it('name a fabric of the region to give instead', async () => {
    const dir = regionCopy();
    const r = await clos(dir, 'export', 'containerlab', 'region', '-o', 'lab');
    expect(r.status).toBe(2);
    expect(r.err).toBe("clos: 'region' is a region; export containerlab takes one of its fabrics, e.g. region/az1\n");
    expect((await clos(dir, 'compile', 'region', '-o', 'out')).status).toBe(0);
    // export reads intents only: a region's build names the fabric's intent, not its build (a build is CLOS1020).
    const built = await clos(dir, 'export', 'containerlab', 'out', '-o', 'lab');
    expect(built.status).toBe(2);
    expect(built.err).toBe("clos: 'out' is a region's build directory; export containerlab takes the intent of one of its fabrics, not a build, e.g. <region>/az1 (the directory beside region.yaml)\n");
    const fabricBuild = await clos(dir, 'export', 'containerlab', join('out', 'az1'), '-o', 'lab');
    expect(fabricBuild.status).toBe(1);
    expect(fabricBuild.err).toContain("error CLOS1020: directory 'out/az1' is a clos build (fabric az1, as its manifest.json says), not an intent");
    expect((await clos(dir, 'export', 'containerlab', join('region', 'az2'), '-o', 'lab')).status).toBe(0);
  });
});

/** Path → content of every file under a directory. */
function snapshotContent(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
