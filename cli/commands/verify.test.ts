/** `clos verify`, and verification inside `clos compile` and `clos check`, driven in-process. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { examplesDir, repoRoot } from '../../test-helpers/examples.js';
import { closIn, type CliRun } from '../../test-helpers/cli.js';
import { checks } from '../../verify/types.js';

/** How many checks the verifier runs. */
const all = checks.length;

const scratch = mkdtempSync(join(tmpdir(), 'clos-verify-cli-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
/** An intent that compiles but fails verification: a hop limit of 1. */
const hopLimitOne = join(repoRoot, 'verify', 'fixtures', 'intents', '5-hop-limit-one');

function clos(args: string[], cwd = repoRoot): Promise<CliRun> {
  return closIn(cwd, ...args);
}

describe('clos verify', () => {
  for (const example of ['quickstart', 'dc1']) {
    it(`passes the ${example} example, from the intent and from its build directory`, async () => {
      const fromIntent = await clos(['verify', join('intent', 'examples', example)]);
      expect(fromIntent.status, fromIntent.out + fromIntent.err).toBe(0);
      expect(fromIntent.out).toMatch(new RegExp(`^${all} of ${all} checks passed; 0 errors and 0 warnings\\.$`, 'm'));
      const build = join(scratch, example);
      expect((await clos(['compile', join(examplesDir, example), '-o', build])).status).toBe(0);
      const fromBuild = await clos(['verify', build]);
      expect(fromBuild.status).toBe(0);
      // The same checks (a build directory's findings carry no file:line:col), and one more for the directory's files.
      const checkLines = (out: string): string[] => out.split('\n').filter((l) => /^(PASS|WARN|FAIL) /.test(l)).map((l) => l.replace(/\s+/g, ' '));
      expect(checkLines(fromBuild.out).slice(0, all)).toEqual(checkLines(fromIntent.out));
      expect(fromBuild.out).toMatch(new RegExp(`^PASS ${all + 1} Rendered files +\\d+ files against manifest\\.json, \\d+ against what their models render to$`, 'm'));
      expect(fromBuild.out).toMatch(new RegExp(`^${all + 1} of ${all + 1} checks passed; 0 errors and 0 warnings\\.$`, 'm'));
    });
  }

  it('prints JSON with every check, every BGP neighbor and its status, and counts', async () => {
    const r = await clos(['verify', 'intent/examples/quickstart', '--format', 'json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.out) as { checks: { id: string; status: string }[]; sessions: { status: string; established: boolean }[]; summary: { errors: number } };
    expect(doc.checks.map((c) => c.id)).toEqual(checks.map((c) => c.id));
    expect(doc.checks.map((c) => c.id).slice(0, 9)).toEqual(['clos-shape', 'uniqueness', 'bgp-sessions', 'underlay', 'hop-bound', 'overlay', 'anycast-gateway', 'tenant-isolation', 'failures']);
    expect(doc.checks.map((c) => c.id)).toContain('exits');
    expect(doc.checks.map((c) => c.id)).toContain('host-pools');
    expect(doc.sessions).toHaveLength(32);
    expect(doc.sessions.every((s) => s.status === 'UNIQUE_MATCH' && s.established)).toBe(true);
    expect(doc.summary.errors).toBe(0);
  });

  it('lists every single point of failure in the JSON report, where the notes cut the list short', async () => {
    // 24 single-homed servers on 4 leaves: the note names 3 per leaf, the details all 24.
    const intent = readFileSync(join(examplesDir, 'quickstart', 'fabric.yaml'), 'utf8').replace(/\nservers:\n[\s\S]*$/, '\nservers:\n');
    const servers = [1, 2, 3, 4].flatMap((leaf) => [1, 2, 3, 4, 5, 6].map((i) => `  - { name: s${leaf}${i}, attach: [{ leaf: leaf${leaf}, port: ${10 + i} }], networks: [web], mode: access }\n`));
    writeFileSync(join(scratch, 'spof.yaml'), intent + servers.join(''));
    const r = await clos(['verify', join(scratch, 'spof.yaml'), '--format', 'json']);
    expect(r.status, r.err).toBe(0);
    const doc = JSON.parse(r.out) as { checks: { id: string; notes: string[]; details?: { singleHomedByLeaf: Record<string, string[]> } }[] };
    const check = doc.checks.find((c) => c.id === 'segments');
    expect(check?.notes.join('\n')).toContain('leaf1: s11, s12, s13 and 3 more');
    expect(check?.details?.singleHomedByLeaf).toEqual(Object.fromEntries([1, 2, 3, 4].map((leaf) => [`leaf${leaf}`, [1, 2, 3, 4, 5, 6].map((i) => `s${leaf}${i}`)])));
  });

  it('reports a path that does not exist as CLOS6004 (exit 1), and an input that does not verify as one failing JUnit test case', async () => {
    const missing = await clos(['verify', join(scratch, 'no-such-intent')]);
    expect(missing.status).toBe(1);
    expect(missing.err).toContain(`error CLOS6004: intent '${join(scratch, 'no-such-intent')}' does not exist`);
    const junit = await clos(['verify', join('compiler', 'fixtures', 'invalid', 'subnet-host-bits'), '--format', 'junit']);
    expect(junit.status).toBe(1);
    expect(junit.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="clos verify" tests="1" failures="1" errors="0">/);
    expect(junit.out).toMatch(/<testcase classname="clos.verify.input" name="0 Input">\n\s+<failure message="1 error: subnet 10.130.0.1\/24 has host bits set; did you mean 10.130.0.0\/24\?" type="CLOS3024">/);
    expect(junit.err).toContain('error CLOS3024');
  });

  it('prints JUnit XML, one test case per check, a failure for a failing check', async () => {
    const r = await clos(['verify', '.', '--format', 'junit'], hopLimitOne);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<testsuites name="clos verify" tests="${all}" failures="1" errors="0">`));
    expect(r.out.match(/<testcase /g)).toHaveLength(all);
    expect(r.out).toMatch(/<testcase classname="clos.verify.hop-bound" name="5 Hop bound">\n\s+<failure message="1 error: [^"]*are 2 underlay links apart[^"]*" type="CLOS5081">fabric.yaml:11:13 - error CLOS5081/);
  });

  it('locates findings in the intent with the JSON report too', async () => {
    const r = await clos(['verify', '.', '--format', 'json'], hopLimitOne);
    const doc = JSON.parse(r.out) as { checks: { diagnostics: { code: string; location?: { file: string; line: number; col: number } }[] }[] };
    const d = doc.checks[4]?.diagnostics[0];
    expect(d?.code).toBe('CLOS5081');
    expect(d?.location).toMatchObject({ file: 'fabric.yaml', line: 11, col: 13 });
  });

  it('exits 2 on usage errors and 1 on a broken or missing intent', async () => {
    expect((await clos(['verify', 'no/such/path'])).status).toBe(1);
    expect((await clos(['verify', 'intent/examples/quickstart', '--format', 'xml'])).status).toBe(2);
    expect((await clos(['verify', 'intent/examples/quickstart', '--failures', '3'])).status).toBe(2);
    const broken = await clos(['verify', join(repoRoot, 'compiler', 'fixtures', 'invalid', 'unknown-key')]);
    expect(broken.status).toBe(1);
    expect(broken.err).toMatch(/error CLOS2\d{3}/);
  });

  it('overrides the verify settings from the command line', async () => {
    const r = await clos(['verify', 'intent/examples/quickstart', '--hop-limit', '1', '--failures', '0']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^FAIL +5 +Hop bound/m);
    expect(r.out).toMatch(/^PASS +9 +Failures +verify.failures is 0/m);
  });

  it('reports a model.json that is not a device model, naming the field', async () => {
    const build = join(scratch, 'bad-model');
    expect((await clos(['compile', join(examplesDir, 'quickstart'), '-o', build])).status).toBe(0);
    const file = join(build, 'leaf2', 'model.json');
    const model = JSON.parse(readFileSync(file, 'utf8')) as { bgp: { neighbors: { remoteAs: unknown }[] } };
    const first = model.bgp.neighbors[0];
    if (first !== undefined) first.remoteAs = '65000';
    writeFileSync(file, JSON.stringify(model));
    const r = await clos(['verify', build]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`error CLOS5181: '${join(build, 'leaf2', 'model.json')}' is not a valid device model: model.bgp.neighbors[0].remoteAs should be an integer, not string`);
    // A field of a few values set to another: the value is named, not its type.
    writeFileSync(file, JSON.stringify({ ...model, role: 'router' }));
    expect((await clos(['verify', build])).err).toContain(`is not a valid device model: model.role should be 'spine' or 'leaf', not 'router'`);
    writeFileSync(file, '{ not json');
    expect((await clos(['verify', build])).err).toMatch(/error CLOS5181: .* is not a valid device model: /);
  });

  it('reports a model.json named for another device: its files are found by its name', async () => {
    const build = join(scratch, 'renamed-model');
    expect((await clos(['compile', join(examplesDir, 'quickstart'), '-o', build])).status).toBe(0);
    const file = join(build, 'leaf2', 'model.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"name": "leaf2"', '"name": "leaf1"'));
    const r = await clos(['verify', build]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`error CLOS5181: '${file}' is not a valid device model: model.name should be 'leaf2', the name of its directory, not 'leaf1'`);
    // Not verified as two leaves named leaf1, one compared with the other's files.
    expect(r.out).not.toMatch(/CLOS5021|CLOS5261/);
  });

  it('reports a model whose router-id or ASN at the top is not the one its BGP section runs', async () => {
    const build = join(scratch, 'contradicting-model');
    expect((await clos(['compile', join(examplesDir, 'quickstart'), '-o', build])).status).toBe(0);
    const file = join(build, 'leaf2', 'model.json');
    const text = readFileSync(file, 'utf8');
    const model = JSON.parse(text) as { routerId: string; asn: number; bgp: { routerId: string; asn: number } };
    expect(model.routerId).toBe(model.bgp.routerId);
    expect(model.asn).toBe(model.bgp.asn);
    // Proven for one router-id, deployed with the other: neither is taken.
    writeFileSync(file, text.replace(`"routerId": "${model.routerId}"`, '"routerId": "10.0.0.99"'));
    const r = await clos(['verify', build]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`error CLOS5181: '${file}' is not a valid device model: model.routerId should be '${model.bgp.routerId}', the router-id its configuration runs (model.bgp.routerId), not '10.0.0.99'`);
    writeFileSync(file, text.replace(`"asn": ${model.asn},`, '"asn": 65999,'));
    const a = await clos(['verify', build]);
    expect(a.status).toBe(1);
    expect(a.err).toContain(`is not a valid device model: model.asn should be ${model.bgp.asn}, the ASN its configuration runs (model.bgp.asn), not 65999`);
    writeFileSync(file, text);
    expect((await clos(['verify', build])).status).toBe(0);
  });
});

describe('clos verify on older or partial build directories', () => {
  it('uses the default settings, with a warning, when the manifest has none', async () => {
    const build = join(scratch, 'old-manifest');
    expect((await clos(['compile', join(examplesDir, 'quickstart'), '-o', build])).status).toBe(0);
    const file = join(build, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete manifest['verify'];
    writeFileSync(file, JSON.stringify(manifest));
    const r = await clos(['verify', build]);
    expect(r.status).toBe(0);
    expect(r.err).toContain(`warning CLOS5183: '${file}' has no verify settings; using hop_limit 2 and failures 1`);
    expect(r.out).toMatch(new RegExp(`^${all + 1} of ${all + 1} checks passed`, 'm'));
  });

  it('reports a device the manifest lists but whose model is gone', async () => {
    const build = join(scratch, 'missing-model');
    expect((await clos(['compile', join(examplesDir, 'quickstart'), '-o', build])).status).toBe(0);
    rmSync(join(build, 'leaf3', 'model.json'));
    const r = await clos(['verify', build]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`error CLOS5182: the manifest lists device 'leaf3', but '${join(build, 'leaf3', 'model.json')}' is missing`);
  });

  it('reports a build directory with a manifest and no device model at all', async () => {
    const build = join(scratch, 'no-models');
    expect((await clos(['compile', join(examplesDir, 'quickstart'), '-o', build])).status).toBe(0);
    const file = join(build, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { devices: { name: string }[] };
    for (const d of manifest.devices) rmSync(join(build, d.name), { recursive: true });
    manifest.devices = [];
    writeFileSync(file, JSON.stringify(manifest));
    const r = await clos(['verify', build]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`error CLOS5184: '${build}' has a manifest.json but no <device>/model.json to verify`);
    expect(r.out).not.toMatch(/checks passed/);
  });
});

describe('verification in compile and check', () => {
  it('compile writes nothing when verification finds errors, and everything with --no-verify', async () => {
    const out = join(scratch, 'hops-out');
    const r = await clos(['compile', '.', '-o', out], hopLimitOne);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/fabric.yaml:11:13 - error CLOS5081: .* are 2 underlay links apart/);
    expect(r.err).toMatch(/Nothing was written/);
    expect(existsSync(out)).toBe(false);
    const skipped = await clos(['compile', '.', '-o', out, '--no-verify'], hopLimitOne);
    expect(skipped.status).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('check fails on verification errors and reports the verification on success', async () => {
    expect((await clos(['check', '.'], hopLimitOne)).status).toBe(1);
    const ok = await clos(['check', 'intent/examples/quickstart']);
    expect(ok.status).toBe(0);
    expect(ok.out).toMatch(new RegExp(`^verify: ${all} of ${all} checks passed; 0 errors and 0 warnings\\.$`, 'm'));
  });
});
